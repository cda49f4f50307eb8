import { generateSecret, generateURI, verify } from 'otplib';

/** RFC 6238 as Google and Microsoft Authenticator expect it: SHA-1, 6 digits, 30-second steps. */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** RFC 4226 §4: at least 128 bits; 160 is what RFC 6238's reference uses and authenticator apps expect. */
const TOTP_SECRET_BYTES = 20;
/** One step either way (±30 s) for clock drift and typing time. */
const TOTP_TOLERANCE_SECONDS = TOTP_PERIOD_SECONDS;
const TOTP_ISSUER = 'Cairn';

export function generateTOTPSecret(): string {
  return generateSecret({ length: TOTP_SECRET_BYTES });
}

/** `otpauth://totp/Cairn:<email>?secret=...&issuer=Cairn` (Google's Key Uri Format). */
export function totpURI(secret: string, accountName: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label: accountName, secret, algorithm: 'sha1', digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS });
}

/** The time step the code belongs to, or null when it matches none within the tolerance. */
export async function matchTOTP(secret: string, code: string, nowMilliseconds: number): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const result = await verify({
    secret,
    token: code,
    epoch: Math.floor(nowMilliseconds / 1000),
    epochTolerance: TOTP_TOLERANCE_SECONDS,
    algorithm: 'sha1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
  });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}
