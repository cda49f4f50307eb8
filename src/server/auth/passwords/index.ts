export { createPasswordHasher, PASSWORD_HASH_PARAMETERS } from './hashing.ts';
export type { HashParameters, PasswordHasher } from './hashing.ts';
export { assertAcceptableNewPassword, assertNotTooLong, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordLength } from './policy.ts';
export { generateTemporaryPassword, TEMPORARY_PASSWORD_TTL_MILLISECONDS } from './temporary.ts';
