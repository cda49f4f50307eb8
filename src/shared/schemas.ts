/** Request and response shapes shared by the server and the web app. Objects are strict: unknown fields are refused. */
import { z } from 'zod';

export const LOCALE_VALUES = ['zh-CN', 'en'] as const;
export const ROLE_VALUES = ['admin', 'sales_manager', 'sales_rep', 'read_only'] as const;

const identifier = z.string().trim().min(1).max(320);
/** Length rules are the password policy's (clear codes such as password_too_long), not the schema's. */
const password = z.string().min(1);
const email = z.email().max(254);
const name = z.string().trim().min(1).max(100);
const USERNAME_RULE = '2–32 letters, digits, dots, underscores or hyphens';
/** Chinese for the messages these schemas write themselves (zod translates its own). */
export const SCHEMA_MESSAGES_ZH_CN: Readonly<Record<string, string>> = {
  [USERNAME_RULE]: '2–32 个字母、数字、点、下划线或连字符',
};
/** Letters (any script), digits, dot, underscore, hyphen; no @ so it never looks like an e-mail. */
const username = z
  .string()
  .trim()
  .regex(/^[\p{L}\p{N}._-]{2,32}$/u, USERNAME_RULE);

export const loginRequest = z.strictObject({ identifier, password });
export const signInResponse = z.object({ status: z.enum(['signed_in', 'password_change_required']) });

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
});

export const meResponse = z.object({
  user: userSchema.pick({ id: true, email: true, username: true, name: true, role: true, locale: true }),
  passwordChangeRequired: z.boolean(),
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
