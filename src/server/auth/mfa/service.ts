import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { CountryCode } from 'libphonenumber-js';
import type { AccountMFA, MFAFactor, MFAFactorMethod, MFAMethod, MFAPolicy } from '../../../shared/schemas.ts';
import { AppError } from '../../errors.ts';
import type { Clock } from '../../infra/clock.ts';
import { generateId } from '../../infra/crypto.ts';
import type { RandomSource } from '../../infra/crypto.ts';
import { localeOf, recipientOf, utcTime } from '../../infra/messages/compose.ts';
import type { Messenger } from '../../infra/messages/messenger.ts';
import type { Secrets } from '../../infra/secrets.ts';
import type { AuditLog, RequestContext } from '../audit/index.ts';
import type { FactorRow, FactorStore } from './factors/store.ts';
import {
  codeMessage,
  factorChangedMessage,
  factorsResetMessage,
  recoveryCodesRegeneratedMessage,
  secondFactorFailuresMessage,
} from './messages.ts';
import type { OneTimeCodes, SentCode } from './one-time-codes/service.ts';
import type { Credential, Passkeys, WebAuthnOptions } from './passkeys/service.ts';
import { isMethodAllowed, requiresMFA } from './policy.ts';
import type { MFAPolicyService } from './policy.ts';
import type { RecoveryCodes } from './recovery-codes/service.ts';
import { generateTOTPSecret, matchTOTP, totpURI } from './totp/totp.ts';
import type { TrustedBrowsers } from './trusted-browsers/service.ts';

/** The person a factor belongs to, as much as these rules need. */
export interface MFAUser {
  id: string;
  email: string;
  name: string;
  role: string;
  locale: string;
}

/** What a second-factor step proves with: a code (TOTP, SMS, e-mail, recovery code) or a signed passkey challenge. */
export type Proof = { method: Exclude<MFAMethod, 'passkey'>; code: string } | { method: 'passkey'; credential: Credential };

/**
 * What a code or challenge is for, and the attempt it belongs to: a code sent for one
 * pending sign-in, session or enrolment works for nothing else.
 */
export interface Attempt {
  purpose: 'sign_in' | 'reauth' | 'recovery';
  /** The pending sign-in, session or reset-token id (a hash, never the cookie or link value). */
  id: string;
}

export interface SignInChallenge {
  methods: MFAMethod[];
  destinations: Record<string, string>;
}

export interface MFAService {
  /** The methods the person can prove with now (active factors the policy allows, and recovery codes), preferred first. */
  challengeFor(userId: string, policy: MFAPolicy): Promise<SignInChallenge>;
  /** Sends an SMS or e-mail code for a sign-in or a re-authentication. */
  sendCode(user: MFAUser, method: 'sms' | 'email', attempt: Attempt, context: RequestContext): Promise<SentCode & { destination: string }>;
  passkeyOptions(user: MFAUser, attempt: Attempt): Promise<WebAuthnOptions>;
  /** Throws mfa_code_invalid, mfa_code_expired, passkey_invalid or mfa_method_unavailable; records the use. */
  verify(user: MFAUser, proof: Proof, attempt: Attempt, context: RequestContext): Promise<void>;
  /** The passkey user for a passwordless sign-in; throws passkey_invalid. */
  verifyPasswordless(credential: Credential): Promise<string>;
  passwordlessOptions(): Promise<WebAuthnOptions>;
  /** Mails the person that someone knew the password and then failed the second factor repeatedly. */
  warnOfFailures(user: MFAUser, context: RequestContext): Promise<void>;

  overview(user: MFAUser, graceEndsAt: number | null, reauthenticatedUntil: number | null): Promise<AccountMFA>;
  startTOTP(user: MFAUser, context: RequestContext): Promise<{ secret: string; uri: string }>;
  /** Adds a phone, or replaces the confirmed one once the new one is confirmed. */
  startSMS(user: MFAUser, phone: string, context: RequestContext): Promise<SentCode & { destination: string }>;
  startEmail(user: MFAUser, context: RequestContext): Promise<SentCode & { destination: string }>;
  /** Activates the pending factor of that method; the first factor also brings recovery codes. */
  confirm(user: MFAUser, method: 'totp' | 'sms' | 'email', code: string, context: RequestContext): Promise<{ factor: MFAFactor; recoveryCodes?: string[] }>;
  passkeyRegistrationOptions(user: MFAUser, sessionId: string): Promise<WebAuthnOptions>;
  registerPasskey(user: MFAUser, sessionId: string, name: string, credential: Credential, context: RequestContext): Promise<{ factor: MFAFactor; recoveryCodes?: string[] }>;
  removeFactor(user: MFAUser, factorId: string, context: RequestContext): Promise<void>;
  regenerateRecoveryCodes(user: MFAUser, context: RequestContext): Promise<string[]>;
  /** The administrator's reset: factors, recovery codes and trusted browsers go. */
  resetAll(actorId: string, user: MFAUser, context: RequestContext): Promise<void>;
  activeMethodsByUser(): Promise<Map<string, MFAFactorMethod[]>>;
  activeMethods(userId: string): Promise<MFAFactorMethod[]>;
  /** True when the person has at least one factor the policy allows. */
  hasUsableFactor(userId: string, policy: MFAPolicy): Promise<boolean>;
  sweep(): Promise<void>;
}

/** Which methods are offered first when several are enrolled: phishing-resistant first, then the app, then codes. */
const METHOD_PREFERENCE: readonly MFAFactorMethod[] = ['passkey', 'totp', 'sms', 'email'];
const byPreference = (a: MFAFactorMethod, b: MFAFactorMethod): number => METHOD_PREFERENCE.indexOf(a) - METHOD_PREFERENCE.indexOf(b);

const challengePurpose = (attempt: Attempt): 'second_factor' | 'reauth' | 'recovery' =>
  attempt.purpose === 'sign_in' ? 'second_factor' : attempt.purpose;

/** Enough for a phone, a laptop, a security key and spares. */
const MAX_PASSKEYS_PER_USER = 10;

/** Enrolment codes are bound to the pending factor they confirm. */
const ENROL_PURPOSE = 'enrol';

function maskPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  const last4 = e164.slice(-4);
  return parsed ? `+${parsed.countryCallingCode} •••• ${last4}` : `•••• ${last4}`;
}

function maskEmail(address: string): string {
  const [local = '', domain = ''] = address.split('@');
  return `${local.slice(0, 1)}•••@${domain}`;
}

function factorLabel(row: FactorRow): string | null {
  if (row.method === 'passkey') return row.label;
  if (row.method === 'sms' && row.destination) return maskPhone(row.destination);
  if (row.method === 'email' && row.destination) return maskEmail(row.destination);
  return null;
}

export function toPublicFactor(row: FactorRow): MFAFactor {
  return { id: row.id, method: row.method, label: factorLabel(row), createdAt: row.created_at, lastUsedAt: row.last_used_at };
}



export function createMFAService(deps: {
  factors: FactorStore;
  codes: OneTimeCodes;
  recoveryCodes: RecoveryCodes;
  passkeys: Passkeys;
  trustedBrowsers: TrustedBrowsers;
  policy: MFAPolicyService;
  messenger: Messenger;
  secrets: Secrets;
  audit: AuditLog;
  clock: Clock;
  random: RandomSource;
  defaultPhoneRegion: string;
}): MFAService {
  const { factors, codes, recoveryCodes, passkeys, trustedBrowsers, policy, messenger, secrets, audit, clock, random } = deps;


  async function allowedFactors(userId: string, current: MFAPolicy): Promise<FactorRow[]> {
    return (await factors.listActive(userId)).filter((f) => isMethodAllowed(current, f.method));
  }

  /**
   * The factors a person proves with: the allowed ones, or, when the administrator has since
   * disallowed every method they have, those still (until they enrol an allowed one) — never
   * the password alone.
   */
  async function provableFactors(userId: string, current: MFAPolicy): Promise<FactorRow[]> {
    const active = await factors.listActive(userId);
    const allowed = active.filter((f) => isMethodAllowed(current, f.method));
    return allowed.length > 0 ? allowed : active;
  }

  async function usableFactor(userId: string, method: MFAFactorMethod): Promise<FactorRow> {
    const current = await policy.get();
    const found = (await provableFactors(userId, current)).find((f) => f.method === method);
    if (!found) throw new AppError('mfa_method_unavailable');
    return found;
  }

  async function assertAllowed(method: MFAFactorMethod): Promise<void> {
    if (!isMethodAllowed(await policy.get(), method)) throw new AppError('mfa_method_unavailable');
  }

  /** After a factor became active: recovery codes the first time, a mail, an audit event. */
  async function activated(user: MFAUser, factor: FactorRow, context: RequestContext): Promise<{ factor: MFAFactor; recoveryCodes?: string[] }> {
    const now = clock.now();
    const active = await factors.listActive(user.id);
    const first = active.length === 1 && (await recoveryCodes.remaining(user.id)) === 0;
    const codesForFirst = first ? await recoveryCodes.regenerate(user.id) : undefined;
    await audit.record({ event: 'mfa.factor_added', context, actorId: user.id, targetId: user.id, details: { method: factor.method, factorId: factor.id } });
    await messenger.notify(factorChangedMessage(recipientOf(user), 'added', factor.method, utcTime(now)));
    const answer: { factor: MFAFactor; recoveryCodes?: string[] } = { factor: toPublicFactor({ ...factor, status: 'active', confirmed_at: now }) };
    if (codesForFirst) answer.recoveryCodes = codesForFirst;
    return answer;
  }

  async function sendEnrolmentCode(user: MFAUser, factor: FactorRow, context: RequestContext): Promise<SentCode & { destination: string }> {
    const channel = factor.method as 'sms' | 'email';
    const sent = await codes.send({
      userId: user.id,
      ip: context.ip,
      binding: { purpose: ENROL_PURPOSE, factorId: factor.id, attemptId: factor.id },
      message: (code) => codeMessage({ channel, to: factor.destination!, userId: user.id, locale: localeOf(user), purpose: 'enrol', code }),
    });
    await audit.record({ event: 'mfa.enrolment_started', context, actorId: user.id, targetId: user.id, details: { method: channel } });
    return { ...sent, destination: factorLabel(factor) ?? '' };
  }

  async function newPendingFactor(user: MFAUser, method: MFAFactorMethod, values: Partial<FactorRow>): Promise<FactorRow> {
    await factors.deletePending(user.id, method);
    const row: FactorRow = {
      id: generateId(random),
      user_id: user.id,
      method,
      status: 'pending',
      label: null,
      secret_encrypted: null,
      last_time_step: null,
      destination: null,
      credential_id: null,
      public_key: null,
      sign_count: null,
      transports: null,
      created_at: clock.now(),
      confirmed_at: null,
      last_used_at: null,
      ...values,
    };
    await factors.insert(row);
    return row;
  }

  async function verifyTOTP(factor: FactorRow, code: string): Promise<boolean> {
    const now = clock.now();
    const step = await matchTOTP(secrets.decrypt(factor.secret_encrypted!), code.replace(/\s+/g, ''), now);
    // A code is accepted once: its step must be later than the last accepted one (RFC 6238 §5.2).
    return step !== null && (await factors.acceptTimeStep(factor.id, step, now));
  }

  return {
    challengeFor: async (userId, current) => {
      const usable = await provableFactors(userId, current);
      const methods = [...new Set(usable.map((f) => f.method))].sort(byPreference) as MFAMethod[];
      if (methods.length > 0 && (await recoveryCodes.remaining(userId)) > 0) methods.push('recovery_code');
      const destinations: Record<string, string> = {};
      for (const f of usable) if ((f.method === 'sms' || f.method === 'email') && f.destination) destinations[f.method] = factorLabel(f)!;
      return { methods, destinations };
    },

    sendCode: async (user, method, attempt, context) => {
      const factor = await usableFactor(user.id, method);
      try {
        const sent = await codes.send({
          userId: user.id,
          ip: context.ip,
          binding: { purpose: attempt.purpose, factorId: factor.id, attemptId: attempt.id },
          message: (code) => codeMessage({ channel: method, to: factor.destination!, userId: user.id, locale: localeOf(user), purpose: attempt.purpose, code }),
        });
        await audit.record({ event: 'mfa.code_sent', context, actorId: user.id, targetId: user.id, details: { method, purpose: attempt.purpose } });
        return { ...sent, destination: factorLabel(factor) ?? '' };
      } catch (error) {
        if (error instanceof AppError && error.code === 'delivery_failed') {
          await audit.record({ event: 'mfa.code_send_failed', context, actorId: user.id, targetId: user.id, details: { method } });
        }
        throw error;
      }
    },

    passkeyOptions: async (user, attempt) => {
      const allowed = (await provableFactors(user.id, await policy.get())).filter((f) => f.method === 'passkey');
      if (allowed.length === 0) throw new AppError('mfa_method_unavailable');
      return passkeys.authenticationOptions(challengePurpose(attempt), attempt.id, user.id, allowed);
    },

    verify: async (user, proof, attempt, context) => {
      const fail = async (code: 'mfa_code_invalid' | 'mfa_code_expired' | 'passkey_invalid'): Promise<never> => {
        await audit.record({ event: 'mfa.verify_failed', context, actorId: user.id, targetId: user.id, details: { method: proof.method, purpose: attempt.purpose, reason: code } });
        throw new AppError(code);
      };
      const now = clock.now();
      switch (proof.method) {
        case 'recovery_code': {
          if (!(await recoveryCodes.use(user.id, proof.code))) return fail('mfa_code_invalid');
          const left = await recoveryCodes.remaining(user.id);
          await audit.record({ event: 'mfa.recovery_code_used', context, actorId: user.id, targetId: user.id, details: { remaining: left } });
          return;
        }
        case 'totp': {
          const factor = await usableFactor(user.id, 'totp');
          if (!(await verifyTOTP(factor, proof.code))) return fail('mfa_code_invalid');
          return;
        }
        case 'sms':
        case 'email': {
          const factor = await usableFactor(user.id, proof.method);
          try {
            await codes.verify({ purpose: attempt.purpose, factorId: factor.id, attemptId: attempt.id }, proof.code);
          } catch (error) {
            if (error instanceof AppError && (error.code === 'mfa_code_invalid' || error.code === 'mfa_code_expired')) return fail(error.code);
            throw error;
          }
          await factors.recordUse(factor.id, now);
          return;
        }
        case 'passkey': {
          await usableFactor(user.id, 'passkey');
          let factor: FactorRow;
          try {
            factor = await passkeys.verifyAuthentication(proof.credential, challengePurpose(attempt), attempt.id);
          } catch {
            return fail('passkey_invalid');
          }
          if (factor.user_id !== user.id) return fail('passkey_invalid');
          return;
        }
      }
    },

    passwordlessOptions: async () => {
      if (!isMethodAllowed(await policy.get(), 'passkey')) throw new AppError('mfa_method_unavailable');
      return passkeys.authenticationOptions('passwordless', null, null, []);
    },

    verifyPasswordless: async (credential) => {
      if (!isMethodAllowed(await policy.get(), 'passkey')) throw new AppError('mfa_method_unavailable');
      const factor = await passkeys.verifyAuthentication(credential, 'passwordless', null);
      return factor.user_id;
    },

    warnOfFailures: async (user, context) => {
      await messenger.notify(secondFactorFailuresMessage(recipientOf(user), utcTime(clock.now()), context.ip));
    },

    overview: async (user, graceEndsAt, reauthenticatedUntil) => {
      const current = await policy.get();
      const active = await factors.listActive(user.id);
      const required = requiresMFA(current, user.role);
      const enrolled = active.some((f) => isMethodAllowed(current, f.method));
      return {
        factors: active.map(toPublicFactor),
        recoveryCodesRemaining: await recoveryCodes.remaining(user.id),
        required,
        enrollmentDueAt: required && !enrolled ? graceEndsAt : null,
        allowedMethods: [...current.allowedMethods],
        reauthenticatedUntil,
      };
    },

    startTOTP: async (user, context) => {
      await assertAllowed('totp');
      if ((await factors.listActive(user.id)).some((f) => f.method === 'totp')) throw new AppError('mfa_factor_exists');
      const secret = generateTOTPSecret();
      await newPendingFactor(user, 'totp', { secret_encrypted: secrets.encrypt(secret) });
      await audit.record({ event: 'mfa.enrolment_started', context, actorId: user.id, targetId: user.id, details: { method: 'totp' } });
      return { secret, uri: totpURI(secret, user.email) };
    },

    startSMS: async (user, phone, context) => {
      await assertAllowed('sms');
      const parsed = parsePhoneNumberFromString(phone, deps.defaultPhoneRegion as CountryCode);
      if (!parsed || !parsed.isValid()) throw new AppError('phone_invalid', { fields: { phone: 'invalid' } });
      const factor = await newPendingFactor(user, 'sms', { destination: parsed.number });
      return sendEnrolmentCode(user, factor, context);
    },

    startEmail: async (user, context) => {
      await assertAllowed('email');
      if ((await factors.listActive(user.id)).some((f) => f.method === 'email')) throw new AppError('mfa_factor_exists');
      // Mail goes only to the address stored on the account (DESIGN.md).
      const factor = await newPendingFactor(user, 'email', { destination: user.email });
      return sendEnrolmentCode(user, factor, context);
    },

    confirm: async (user, method, code, context) => {
      await assertAllowed(method);
      const pending = await factors.findPending(user.id, method);
      if (!pending) throw new AppError('mfa_code_expired');
      if (method === 'totp') {
        if (!(await verifyTOTP(pending, code))) {
          await audit.record({ event: 'mfa.verify_failed', context, actorId: user.id, targetId: user.id, details: { method, purpose: ENROL_PURPOSE } });
          throw new AppError('mfa_code_invalid');
        }
      } else {
        try {
          await codes.verify({ purpose: ENROL_PURPOSE, factorId: pending.id, attemptId: pending.id }, code);
        } catch (error) {
          await audit.record({ event: 'mfa.verify_failed', context, actorId: user.id, targetId: user.id, details: { method, purpose: ENROL_PURPOSE } });
          throw error;
        }
      }
      if (!(await factors.activate(pending.id, clock.now()))) throw new AppError('mfa_code_expired');
      // A confirmed new phone replaces the old one.
      if (method === 'sms') await factors.deleteActive(user.id, 'sms', pending.id);
      return activated(user, pending, context);
    },

    passkeyRegistrationOptions: async (user, sessionId) => {
      await assertAllowed('passkey');
      return passkeys.registrationOptions(user, await factors.listActive(user.id), sessionId);
    },

    registerPasskey: async (user, sessionId, name, credential, context) => {
      await assertAllowed('passkey');
      if ((await factors.listActive(user.id)).filter((f) => f.method === 'passkey').length >= MAX_PASSKEYS_PER_USER) {
        throw new AppError('mfa_factor_exists');
      }
      const registered = await passkeys.verifyRegistration(credential, sessionId);
      const now = clock.now();
      const row: FactorRow = {
        id: generateId(random),
        user_id: user.id,
        method: 'passkey',
        status: 'active',
        label: name,
        secret_encrypted: null,
        last_time_step: null,
        destination: null,
        credential_id: registered.credentialId,
        public_key: registered.publicKey,
        sign_count: registered.signCount,
        transports: JSON.stringify(registered.transports),
        created_at: now,
        confirmed_at: now,
        last_used_at: null,
      };
      try {
        await factors.insert(row);
      } catch (error) {
        // The same passkey registered twice at once: the unique credential id lets one in.
        if (await factors.findByCredentialId(registered.credentialId)) throw new AppError('mfa_factor_exists');
        throw error;
      }
      return activated(user, row, context);
    },

    removeFactor: async (user, factorId, context) => {
      const factor = await factors.findById(factorId);
      if (!factor || factor.user_id !== user.id) throw new AppError('not_found');
      const current = await policy.get();
      const othersUsable = (await factors.listActive(user.id)).filter((f) => f.id !== factor.id && isMethodAllowed(current, f.method));
      if (factor.status === 'active' && requiresMFA(current, user.role) && othersUsable.length === 0) throw new AppError('mfa_factor_required');
      await factors.delete(factor.id);
      if (factor.status !== 'active') return;
      const remaining = await factors.listActive(user.id);
      if (remaining.length === 0) await recoveryCodes.removeAll(user.id);
      // A browser trusted while the factor existed should not keep skipping it.
      await trustedBrowsers.forgetAll(user.id);
      await audit.record({ event: 'mfa.factor_removed', context, actorId: user.id, targetId: user.id, details: { method: factor.method, factorId: factor.id } });
      await messenger.notify(factorChangedMessage(recipientOf(user), 'removed', factor.method, utcTime(clock.now())));
    },

    regenerateRecoveryCodes: async (user, context) => {
      if ((await factors.listActive(user.id)).length === 0) throw new AppError('mfa_method_unavailable');
      const fresh = await recoveryCodes.regenerate(user.id);
      await audit.record({ event: 'mfa.recovery_codes_generated', context, actorId: user.id, targetId: user.id });
      await messenger.notify(recoveryCodesRegeneratedMessage(recipientOf(user), utcTime(clock.now())));
      return fresh;
    },

    resetAll: async (actorId, user, context) => {
      await factors.deleteAllForUser(user.id);
      await recoveryCodes.removeAll(user.id);
      await trustedBrowsers.forgetAll(user.id);
      await audit.record({ event: 'mfa.factors_reset', context, actorId, targetId: user.id });
      await messenger.notify(factorsResetMessage(recipientOf(user), utcTime(clock.now())));
    },

    activeMethodsByUser: () => factors.activeMethodsByUser(),
    activeMethods: async (userId) => [...new Set((await factors.listActive(userId)).map((f) => f.method))].sort(byPreference),

    hasUsableFactor: async (userId, current) => (await allowedFactors(userId, current)).length > 0,

    sweep: async () => {
      await passkeys.sweep();
      await trustedBrowsers.sweep();
      await codes.sweep();
    },
  };
}
