import type { z } from 'zod';
import type * as schemas from '../../shared/schemas.ts';
import { api } from './client.ts';
import type { Locale } from '../i18n/locale.ts';

export type Role = 'admin' | 'sales_manager' | 'sales_rep' | 'read_only';
export const ROLES: readonly Role[] = ['admin', 'sales_manager', 'sales_rep', 'read_only'];

export interface CurrentUser {
  id: string;
  email: string;
  username: string | null;
  name: string;
  role: Role;
  locale: Locale | null;
}

export interface Me {
  user: CurrentUser;
  passwordChangeRequired: boolean;
  /** The session may only enrol a second factor until one is active. */
  mfaEnrollmentRequired: boolean;
  /** The end of the grace period for setting up a required second factor (epoch ms), else null. */
  mfaEnrollmentDueAt: number | null;
}

export interface AdminUser {
  id: string;
  email: string;
  username: string | null;
  name: string;
  role: Role;
  status: 'active' | 'disabled';
  createdAt: number;
  lastSignInAt: number | null;
  passwordChangeRequired: boolean;
  mfaMethods: MFAFactorMethod[];
  /** Hard-locked after too many wrong passwords (until unlocked or reset); else null. */
  lockedAt: number | null;
}

export interface CreatedUser {
  user: AdminUser;
  temporaryPassword: string;
  temporaryPasswordExpiresAt: number;
}

export type SignInStatus = { status: 'signed_in' } | { status: 'password_change_required' };

export type MFAFactorMethod = schemas.MFAFactorMethod;
export type MFAMethod = schemas.MFAMethod;
export type SignInAnswer = schemas.SignInAnswer;
export type MFAChallenge = Extract<SignInAnswer, { status: 'mfa_required' }>;
export type MFAFactor = schemas.MFAFactor;
export type AccountMFA = schemas.AccountMFA;
export type MFAPolicy = schemas.MFAPolicy;
export type CodeSent = z.infer<typeof schemas.mfaSendResponse>;
export type FactorConfirmed = z.infer<typeof schemas.factorConfirmedResponse>;
export type TOTPEnrollment = z.infer<typeof schemas.totpEnrollmentResponse>;
export type OutboxList = z.infer<typeof schemas.outboxListResponse>;
export type OutboxMessage = OutboxList['data'][number];
export type OutboxMessageWithBody = z.infer<typeof schemas.outboxMessageResponse>['message'];
/** What @simplewebauthn/browser returns; the server checks it in depth. */
export type WebAuthnCredential = { id: string; type: 'public-key' } & Record<string, unknown>;
/** WebAuthn options from @simplewebauthn/server, handed to @simplewebauthn/browser unchanged. */
export type WebAuthnOptions = { challenge: string } & Record<string, unknown>;
type CodeMethod = 'totp' | 'sms' | 'email' | 'recovery_code';
export type SecondFactorProof = { method: CodeMethod; code: string } | { method: 'passkey'; credential: WebAuthnCredential };
export type ReauthProof = { password: string } | SecondFactorProof;

export const setupApi = {
  status: (): Promise<{ needed: boolean }> => api.get('/api/setup'),
  complete: (body: { token: string; name: string; email: string; username: string; password: string }): Promise<SignInStatus> =>
    api.post('/api/setup', body),
};

export const authApi = {
  login: (body: { identifier: string; password: string }): Promise<SignInAnswer> => api.post('/api/auth/login', body),
  me: (): Promise<Me> => api.get('/api/auth/me'),
  logout: (): Promise<void> => api.post('/api/auth/logout'),
  changePassword: (body: { currentPassword: string; newPassword: string }): Promise<SignInStatus> =>
    api.post('/api/auth/password/change', body),
};

/** The second step of a sign-in (the pending sign-in cookie), and passwordless passkey sign-in. */
export const signInMFAApi = {
  pending: (): Promise<SignInAnswer> => api.get('/api/auth/mfa/pending'),
  send: (method: 'sms' | 'email'): Promise<CodeSent> => api.post('/api/auth/mfa/send', { method }),
  passkeyOptions: (): Promise<{ options: WebAuthnOptions }> => api.post('/api/auth/mfa/passkey/options'),
  verify: (body: SecondFactorProof & { trustBrowser?: boolean }): Promise<SignInAnswer> => api.post('/api/auth/mfa/verify', body),
  passwordlessOptions: (): Promise<{ options: WebAuthnOptions }> => api.post('/api/auth/passkey/options'),
  passwordless: (credential: WebAuthnCredential): Promise<SignInAnswer> => api.post('/api/auth/passkey/login', { credential }),
};

/** A fresh proof for a sensitive action. */
export const reauthApi = {
  prove: (body: ReauthProof): Promise<{ reauthenticatedUntil: number }> => api.post('/api/auth/reauth', body),
  send: (method: 'sms' | 'email'): Promise<CodeSent> => api.post('/api/auth/reauth/send', { method }),
  passkeyOptions: (): Promise<{ options: WebAuthnOptions }> => api.post('/api/auth/reauth/passkey/options'),
};

export const accountMFAApi = {
  get: (): Promise<AccountMFA> => api.get('/api/account/mfa'),
  startTOTP: (): Promise<TOTPEnrollment> => api.post('/api/account/mfa/totp'),
  confirmTOTP: (code: string): Promise<FactorConfirmed> => api.post('/api/account/mfa/totp/confirm', { code }),
  startSMS: (phone: string): Promise<CodeSent> => api.post('/api/account/mfa/sms', { phone }),
  confirmSMS: (code: string): Promise<FactorConfirmed> => api.post('/api/account/mfa/sms/confirm', { code }),
  startEmail: (): Promise<CodeSent> => api.post('/api/account/mfa/email'),
  confirmEmail: (code: string): Promise<FactorConfirmed> => api.post('/api/account/mfa/email/confirm', { code }),
  passkeyOptions: (): Promise<{ options: WebAuthnOptions }> => api.post('/api/account/mfa/passkeys/options'),
  addPasskey: (body: { name: string; credential: WebAuthnCredential }): Promise<FactorConfirmed> => api.post('/api/account/mfa/passkeys', body),
  removeFactor: (id: string): Promise<void> => api.delete(`/api/account/mfa/factors/${encodeURIComponent(id)}`),
  newRecoveryCodes: (): Promise<{ recoveryCodes: string[] }> => api.post('/api/account/mfa/recovery-codes'),
};

export const accountApi = {
  setLocale: (locale: Locale): Promise<{ user: CurrentUser }> => api.patch('/api/account', { locale }),
};

export const adminApi = {
  listUsers: (): Promise<{ data: AdminUser[] }> => api.get('/api/admin/users'),
  createUser: (body: { email: string; name: string; username?: string; role: Role }): Promise<CreatedUser> =>
    api.post('/api/admin/users', body),
  resetMFA: (userId: string): Promise<void> => api.post(`/api/admin/users/${encodeURIComponent(userId)}/mfa/reset`),
  mfaPolicy: (): Promise<{ policy: MFAPolicy }> => api.get('/api/admin/settings/mfa'),
  saveMFAPolicy: (policy: MFAPolicy): Promise<{ policy: MFAPolicy }> => api.put('/api/admin/settings/mfa', policy),
  outbox: (): Promise<OutboxList> => api.get('/api/admin/outbox'),
  outboxMessage: (id: string): Promise<{ message: OutboxMessageWithBody }> => api.get(`/api/admin/outbox/${encodeURIComponent(id)}`),
};
