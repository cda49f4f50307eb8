/** Shapes of the signed-in person's sessions and sign-in history (docs/account-security-api.md). */
import { z } from 'zod';

export const DEVICE_KINDS = ['desktop', 'mobile', 'tablet', 'other'] as const;

/** Browser and system as a maintained User-Agent parser reads them; null when it cannot tell. */
const deviceFields = {
  browser: z.string().nullable().describe('e.g. "Chrome 131"'),
  os: z.string().nullable().describe('e.g. "Windows 10", "iOS 18.1"'),
  device: z.enum(DEVICE_KINDS),
  ip: z.string(),
};

export const accountSessionSchema = z.object({
  /** An opaque id for this list and DELETE; never the cookie's token or its stored hash. */
  id: z.string(),
  /** The session this request came with. */
  current: z.boolean(),
  ...deviceFields,
  createdAt: z.number(),
  lastSeenAt: z.number(),
  expiresAt: z.number(),
});
export type AccountSession = z.infer<typeof accountSessionSchema>;
export const accountSessionsResponse = z.object({ data: z.array(accountSessionSchema) });
export const sessionParams = z.strictObject({ id: z.string().regex(/^[0-9a-f]{32}$/) });
export const otherSessionsEndedResponse = z.object({ ended: z.number() });

export const signInEventSchema = z.object({
  id: z.string(),
  at: z.number(),
  result: z.enum(['succeeded', 'failed']),
  /** How: 'password', 'password+totp', 'passkey', …; null when the attempt ended before a method was known. */
  method: z.string().nullable(),
  /** For a failure: 'wrong_password', 'account_disabled', 'wrong_code', … (never for the unknown-identifier case, which has no account). */
  reason: z.string().nullable(),
  ...deviceFields,
});
export type SignInEvent = z.infer<typeof signInEventSchema>;
export const signInHistoryQuery = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export const signInHistoryResponse = z.object({ data: z.array(signInEventSchema), nextCursor: z.string().nullable() });
