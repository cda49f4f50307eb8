/** Request and response shapes shared by the server and the web app. Objects are strict: unknown fields are refused. */
import { z } from 'zod';

export const LOCALE_VALUES = ['zh-CN', 'en'] as const;
export const ROLE_VALUES = ['admin', 'sales_manager', 'sales_rep', 'read_only'] as const;

const NO_NUL_RULE = 'must not contain the NUL character';
/**
 * Text that is stored or looked up: PostgreSQL's text cannot hold U+0000 (the query would fail
 * with a 500) while SQLite would store it, so it is refused with a 400 on both.
 */
export const storedText = (): z.ZodString => z.string().regex(/^[^\u0000]*$/u, NO_NUL_RULE);

const identifier = storedText().trim().min(1).max(320);
/** Length rules are the password policy's (clear codes such as password_too_long), not the schema's. */
const password = z.string().min(1);
const email = z.email().max(254);
const name = storedText().trim().min(1).max(100);
const USERNAME_RULE = '2–32 letters, digits, dots, underscores or hyphens';
/** Chinese for the messages these schemas write themselves (zod translates its own). */
export const SCHEMA_MESSAGES_ZH_CN: Readonly<Record<string, string>> = {
  [USERNAME_RULE]: '2–32 个字母、数字、点、下划线或连字符',
  [NO_NUL_RULE]: '不能包含 NUL 字符',
};
/** Letters (any script), digits, dot, underscore, hyphen; no @ so it never looks like an e-mail. */
const username = z
  .string()
  .trim()
  .regex(/^[\p{L}\p{N}._-]{2,32}$/u, USERNAME_RULE);

export const loginRequest = z.strictObject({ identifier, password });
export const signInResponse = z.object({ status: z.enum(['signed_in', 'password_change_required', 'mfa_enrollment_required']) });

export const passwordChangeRequest = z.strictObject({ currentPassword: password, newPassword: password });

export const setupRequest = z.strictObject({
  token: z.string().min(1).max(200),
  name,
  email,
  username,
  password,
});
export const setupStatusResponse = z.object({ needed: z.boolean() });

export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  username: z.string().nullable(),
  name: z.string(),
  role: z.string(),
  locale: z.string(),
  status: z.enum(['active', 'disabled']),
  createdAt: z.number().describe('milliseconds since the Unix epoch'),
  lastSignInAt: z.number().nullable(),
  passwordChangeRequired: z.boolean(),
  /** The second factors the user has enrolled (active ones), for the administrator's overview. */
  mfaMethods: z.array(z.enum(['totp', 'sms', 'email', 'passkey'])),
  /** When too many wrong passwords locked the account (until an administrator unlocks it or a reset); else null. */
  lockedAt: z.number().nullable(),
});

export const meResponse = z.object({
  user: userSchema.pick({ id: true, email: true, username: true, name: true, role: true, locale: true }),
  passwordChangeRequired: z.boolean(),
  /** The session may only enrol a second factor until one is active. */
  mfaEnrollmentRequired: z.boolean(),
  /** A second factor is required but not yet enrolled, and the grace period ends then (epoch ms); else null. */
  mfaEnrollmentDueAt: z.number().nullable(),
});

export const accountUpdateRequest = z.strictObject({ locale: z.enum(LOCALE_VALUES) });

export const createUserRequest = z.strictObject({
  email,
  name,
  username: username.optional(),
  role: z.enum(ROLE_VALUES),
});
export const createUserResponse = z.object({
  user: userSchema,
  temporaryPassword: z.string().describe('shown once; must be changed at first sign-in'),
  temporaryPasswordExpiresAt: z.number(),
});
export const userListResponse = z.object({ data: z.array(userSchema) });

export const errorResponse = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional().describe('per-field problems of a validation_failed answer'),
    retryAfterSeconds: z.number().optional().describe('with too_many_attempts, as in the Retry-After header'),
    permission: z.string().optional().describe('with forbidden, the right that is missing'),
  }),
});

export type LoginRequest = z.infer<typeof loginRequest>;
export type MeResponse = z.infer<typeof meResponse>;
export type User = z.infer<typeof userSchema>;
export type CreateUserRequest = z.infer<typeof createUserRequest>;
export type CreateUserResponse = z.infer<typeof createUserResponse>;

// ---------------------------------------------------------------------------------------------
// Second factors (issue 3). `method` names what the person proves with: an authenticator app,
// a code by SMS or e-mail, a passkey, or one of the ten recovery codes.

export const MFA_FACTOR_METHODS = ['totp', 'sms', 'email', 'passkey'] as const;
export const MFA_METHODS = [...MFA_FACTOR_METHODS, 'recovery_code'] as const;
export type MFAFactorMethod = (typeof MFA_FACTOR_METHODS)[number];
export type MFAMethod = (typeof MFA_METHODS)[number];

const code = z.string().trim().min(1).max(64);
/** What @simplewebauthn/browser's startRegistration/startAuthentication return; checked in depth by @simplewebauthn/server. */
const webAuthnCredential = z.looseObject({ id: z.string().min(1).max(1024), type: z.literal('public-key') });
/** WebAuthn options as @simplewebauthn/server builds them, handed to @simplewebauthn/browser unchanged. */
const webAuthnOptions = z.looseObject({ challenge: z.string() });

export const signInAnswer = z.discriminatedUnion('status', [
  z.object({ status: z.literal('signed_in') }),
  z.object({ status: z.literal('password_change_required') }),
  z.object({
    status: z.literal('mfa_required'),
    /** The methods this account can use, preferred first; recovery_code whenever codes are left. */
    methods: z.array(z.enum(MFA_METHODS)),
    /** Masked destinations, e.g. {"sms": "+86 •••• 0000", "email": "z•••@example.com"}. */
    destinations: z.record(z.string(), z.string()),
    trustBrowserAllowed: z.boolean(),
  }),
  z.object({
    status: z.literal('mfa_enrollment_required'),
    /** The methods the administrator allows; the session may only enrol one until done. */
    methods: z.array(z.enum(MFA_FACTOR_METHODS)),
  }),
]);
export type SignInAnswer = z.infer<typeof signInAnswer>;

/** For actions without parameters: nothing, or an empty object (unknown fields are refused like everywhere). */
export const emptyRequest = z.strictObject({}).nullish();

export const mfaSendRequest = z.strictObject({ method: z.enum(['sms', 'email']) });
export const mfaSendResponse = z.object({
  destination: z.string().describe('masked'),
  expiresInSeconds: z.number(),
  resendAfterSeconds: z.number(),
});
export const mfaVerifyRequest = z.union([
  z.strictObject({ method: z.enum(['totp', 'sms', 'email', 'recovery_code']), code, trustBrowser: z.boolean().optional() }),
  z.strictObject({ method: z.literal('passkey'), credential: webAuthnCredential, trustBrowser: z.boolean().optional() }),
]);
export const webAuthnOptionsResponse = z.object({ options: webAuthnOptions });
export const passkeySignInRequest = z.strictObject({ credential: webAuthnCredential });

export const reauthRequest = z.union([
  z.strictObject({ password }),
  z.strictObject({ method: z.enum(['totp', 'sms', 'email', 'recovery_code']), code }),
  z.strictObject({ method: z.literal('passkey'), credential: webAuthnCredential }),
]);
export const reauthResponse = z.object({ reauthenticatedUntil: z.number().describe('epoch ms; sensitive actions are allowed until then') });

export const mfaFactorSchema = z.object({
  id: z.string(),
  method: z.enum(MFA_FACTOR_METHODS),
  /** The passkey's name, the masked phone, or the masked e-mail address; null for an authenticator app. */
  label: z.string().nullable(),
  createdAt: z.number(),
  lastUsedAt: z.number().nullable(),
});
export type MFAFactor = z.infer<typeof mfaFactorSchema>;

export const accountMFAResponse = z.object({
  factors: z.array(mfaFactorSchema),
  recoveryCodesRemaining: z.number(),
  /** The administrator's policy requires this person to have a second factor. */
  required: z.boolean(),
  /** While required and not yet enrolled: the end of the grace period (epoch ms), else null. */
  enrollmentDueAt: z.number().nullable(),
  allowedMethods: z.array(z.enum(MFA_FACTOR_METHODS)),
  /** Sensitive actions (removing a factor, changing the phone, new recovery codes) are allowed until then; null = re-enter a proof first. */
  reauthenticatedUntil: z.number().nullable(),
});
export type AccountMFA = z.infer<typeof accountMFAResponse>;

export const totpEnrollmentResponse = z.object({ secret: z.string(), uri: z.string() });
export const codeConfirmRequest = z.strictObject({ code });
/** `recoveryCodes` is present when this factor was the account's first: shown once. */
export const factorConfirmedResponse = z.object({ factor: mfaFactorSchema, recoveryCodes: z.array(z.string()).optional() });
export const smsEnrollmentRequest = z.strictObject({ phone: z.string().trim().min(3).max(32) });
export const passkeyRegistrationRequest = z.strictObject({ name: storedText().trim().min(1).max(64), credential: webAuthnCredential });
export const recoveryCodesResponse = z.object({ recoveryCodes: z.array(z.string()) });

export const mfaPolicySchema = z.strictObject({
  /** optional: nobody must; roles: the listed roles must; everyone: OWASP ASVS 5.0 level 2. */
  mode: z.enum(['optional', 'roles', 'everyone']),
  roles: z.array(z.enum(ROLE_VALUES)),
  allowedMethods: z.array(z.enum(MFA_FACTOR_METHODS)).min(1),
  gracePeriodDays: z.number().int().min(0).max(90),
  trustBrowserAllowed: z.boolean(),
});
export type MFAPolicy = z.infer<typeof mfaPolicySchema>;

export const outboxMessageSchema = z.object({
  id: z.string(),
  channel: z.enum(['email', 'sms']),
  recipient: z.string(),
  subject: z.string().nullable(),
  status: z.string(),
  createdAt: z.number(),
  sentAt: z.number().nullable(),
  lastError: z.string().nullable(),
  /** True when the body is kept (dev outbox) and can be opened. */
  hasBody: z.boolean(),
});
export const outboxListResponse = z.object({
  /** Per channel: 'outbox' when no provider is configured (messages are kept here, not sent), else 'provider'. */
  delivery: z.object({ email: z.enum(['outbox', 'provider']), sms: z.enum(['outbox', 'provider']) }),
  data: z.array(outboxMessageSchema),
});
export const outboxMessageResponse = z.object({
  message: outboxMessageSchema.extend({ bodyText: z.string(), bodyHtml: z.string().nullable() }),
});
