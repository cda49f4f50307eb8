/** Request and response shapes of account recovery and lockout (docs/recovery-api.md). Objects are strict. */
import { z } from 'zod';
import { MFA_METHODS, storedText, userSchema } from './schemas.ts';
import { SECURITY_QUESTION_KEYS, SECURITY_QUESTIONS_REQUIRED } from './security-questions.ts';

const identifier = storedText().trim().min(1).max(320);
const password = z.string().min(1);
const code = z.string().trim().min(1).max(64);
/** 32 random bytes in base64url. */
const token = z.string().min(1).max(200);
const webAuthnCredential = z.looseObject({ id: z.string().min(1).max(1024), type: z.literal('public-key') });

// ---- Forgot password: the link ----
export const recoveryRequest = z.strictObject({ identifier });
/** The same body whether or not an account matched. */
export const recoveryAcceptedResponse = z.object({
  status: z.literal('accepted'),
  expiresInMinutes: z.number(),
  resendAfterSeconds: z.number(),
});
export const resetTokenRequest = z.strictObject({ token });
export const resetLinkResponse = z.object({
  expiresAt: z.number(),
  /** The second factor the reset needs: the methods offered (recovery_code whenever codes are left), or null. */
  mfa: z
    .object({ methods: z.array(z.enum(MFA_METHODS)), destinations: z.record(z.string(), z.string()) })
    .nullable(),
});
export const resetSendCodeRequest = z.strictObject({ token, method: z.enum(['sms', 'email']) });
export const resetProof = z.union([
  z.strictObject({ method: z.enum(['totp', 'sms', 'email', 'recovery_code']), code }),
  z.strictObject({ method: z.literal('passkey'), credential: webAuthnCredential }),
]);
export const resetPasswordRequest = z.strictObject({ token, password, mfa: resetProof.optional() });
export const resetPasswordResponse = z.object({ status: z.literal('password_reset') });

// ---- Backup channels and security questions ----
export const backupRecoveryRequest = z.strictObject({ identifier, channel: z.enum(['email', 'phone']) });
/** `attempt` is returned for every identifier; for a phone, the SMS code is checked against it. */
export const backupRecoveryResponse = z.object({
  status: z.literal('accepted'),
  attempt: z.string(),
  resendAfterSeconds: z.number(),
});
export const backupVerifyRequest = z.strictObject({ attempt: token, code });
/** A reset token, used like the one in a mailed link (the page moves to /reset-password#token=...). */
export const resetTokenResponse = z.object({ token: z.string() });

export const questionsStartRequest = z.strictObject({ identifier });
export const questionsStartResponse = z.object({
  attempt: z.string(),
  questions: z.array(z.enum(SECURITY_QUESTION_KEYS)),
});
export const questionsAnswerRequest = z.strictObject({
  attempt: token,
  answers: z.array(z.strictObject({ question: z.enum(SECURITY_QUESTION_KEYS), answer: z.string().max(200) })).min(1).max(10),
});
export const questionsAnswerResponse = z.discriminatedUnion('status', [
  /** A code went to a confirmed backup channel; verify it with /recovery/backup/verify and the same attempt. */
  z.object({ status: z.literal('code_sent'), channel: z.enum(['email', 'phone']), destination: z.string(), resendAfterSeconds: z.number() }),
  /** No backup channel: file an assisted request with this attempt (the administrator sees the answers were right). */
  z.object({ status: z.literal('assisted_request_needed') }),
]);

// ---- "I can't get in": admin-assisted recovery ----
export const assistedRequest = z.strictObject({
  identifier,
  message: storedText().trim().min(1).max(2000),
  contact: storedText().trim().min(3).max(200),
  attempt: token.optional(),
});
export const assistedAcceptedResponse = z.object({
  status: z.literal('accepted'),
  /** Keep it to look up the outcome. */
  statusToken: z.string(),
});
export const assistedStatusRequest = z.strictObject({ statusToken: token });
export const assistedStatusResponse = z.object({ status: z.enum(['pending', 'approved', 'rejected']), decidedAt: z.number().nullable() });

// ---- The signed-in person's recovery options ----
export const backupChannelSchema = z.object({
  kind: z.enum(['email', 'phone']),
  destination: z.string(),
  confirmed: z.boolean(),
  confirmedAt: z.number().nullable(),
});
export const accountRecoveryResponse = z.object({
  backupEmail: backupChannelSchema.nullable(),
  backupPhone: backupChannelSchema.nullable(),
  securityQuestions: z.object({
    /** Turned on by the administrator. */
    enabled: z.boolean(),
    /** The catalogue keys this person answered (never the answers). */
    configured: z.array(z.enum(SECURITY_QUESTION_KEYS)),
  }),
  reauthenticatedUntil: z.number().nullable(),
});
export const backupEmailRequest = z.strictObject({ email: z.email().max(254) });
export const backupPhoneRequest = z.strictObject({ phone: z.string().trim().min(3).max(32) });
export const backupChannelSentResponse = z.object({ destination: z.string(), expiresInSeconds: z.number(), resendAfterSeconds: z.number() });
export const securityQuestionsRequest = z.strictObject({
  answers: z
    .array(z.strictObject({ question: z.enum(SECURITY_QUESTION_KEYS), answer: z.string().trim().min(2).max(200) }))
    .min(SECURITY_QUESTIONS_REQUIRED)
    .max(SECURITY_QUESTION_KEYS.length),
});

// ---- Administrators ----
export const recoverySettingsSchema = z
  .strictObject({
  /** Off by default: NIST SP 800-63B no longer accepts knowledge questions. */
  securityQuestionsEnabled: z.boolean(),
  /** Consecutive wrong passwords before sign-in pauses (1, 5, 15, 60 minutes). */
  pauseAfterFailures: z.number().int().min(3).max(20),
  /** Consecutive wrong passwords before the account is locked until unlocked or reset; never above 100 (NIST). */
  lockAfterFailures: z.number().int().min(5).max(100),
  })
  .refine((settings) => settings.lockAfterFailures > settings.pauseAfterFailures, {
    path: ['lockAfterFailures'],
    message: 'must be greater than pauseAfterFailures',
  });
export type RecoverySettings = z.infer<typeof recoverySettingsSchema>;

export const recoveryRequestSchema = z.object({
  id: z.string(),
  identifier: z.string(),
  /** The matching account, or null when the identifier matched none. */
  user: userSchema.pick({ id: true, name: true, email: true, username: true, status: true }).nullable(),
  message: z.string(),
  contact: z.string(),
  questionsPassed: z.boolean(),
  status: z.enum(['pending', 'approved', 'rejected']),
  ip: z.string(),
  createdAt: z.number(),
  decidedAt: z.number().nullable(),
  decidedBy: z.string().nullable(),
  decision: z
    .object({
      action: z.enum(['reset_link', 'temporary_password']).optional(),
      sentTo: z.string().optional(),
      mfaReset: z.boolean().optional(),
      reason: z.string().optional(),
    })
    .nullable(),
});
export type RecoveryRequestView = z.infer<typeof recoveryRequestSchema>;
export const recoveryRequestListQuery = z.strictObject({ status: z.enum(['pending', 'all']).default('pending') });
export const recoveryRequestListResponse = z.object({ data: z.array(recoveryRequestSchema) });
export const approveRecoveryRequest = z.discriminatedUnion('action', [
  z.strictObject({ action: z.literal('reset_link'), sendTo: z.email().max(254), resetMFA: z.boolean() }),
  z.strictObject({ action: z.literal('temporary_password'), resetMFA: z.boolean() }),
]);
export const rejectRecoveryRequest = z.strictObject({ reason: z.string().trim().min(1).max(500) });
export const temporaryPasswordResponse = z.object({ temporaryPassword: z.string(), temporaryPasswordExpiresAt: z.number() });
/** Approving with a temporary password answers it once; a reset link answers {}. */
export const approveRecoveryResponse = z.object({ temporaryPassword: z.string().optional(), temporaryPasswordExpiresAt: z.number().optional() });
