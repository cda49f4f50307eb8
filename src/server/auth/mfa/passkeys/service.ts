import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type { AuthenticationResponseJSON, AuthenticatorTransport, RegistrationResponseJSON } from '@simplewebauthn/server';
import { AppError } from '../../../errors.ts';
import type { Clock } from '../../../infra/clock.ts';
import { hashToken } from '../../../infra/crypto.ts';
import type { FactorRow, FactorStore } from '../factors/store.ts';
import type { ChallengeStore, ChallengeRow } from './challenge-store.ts';

/** A WebAuthn ceremony must finish within this time (the browser's own timeout is the same). */
const CHALLENGE_TTL_MILLISECONDS = 5 * 60 * 1000;
const RP_NAME = 'Cairn CRM';
/** The browser reports these; anything else is dropped before it is stored. */
const KNOWN_TRANSPORTS: ReadonlySet<string> = new Set(['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb']);

type Purpose = ChallengeRow['purpose'];
export type WebAuthnOptions = { challenge: string } & Record<string, unknown>;
/** The browser's answer, as @simplewebauthn/browser returns it; checked in depth here. */
export type Credential = { id: string; type: 'public-key' } & Record<string, unknown>;

export interface NewPasskey {
  credentialId: string;
  publicKey: string;
  signCount: number;
  transports: string[];
}

export interface Passkeys {
  registrationOptions(user: { id: string; email: string; name: string }, existing: FactorRow[], sessionId: string): Promise<WebAuthnOptions>;
  verifyRegistration(credential: Credential, sessionId: string): Promise<NewPasskey>;
  /** `allowed`: the user's passkeys (second factor, re-authentication); none for a passwordless sign-in (discoverable). */
  authenticationOptions(purpose: Exclude<Purpose, 'register'>, boundTo: string | null, userId: string | null, allowed: FactorRow[]): Promise<WebAuthnOptions>;
  /** The passkey factor that signed the challenge; throws passkey_invalid otherwise. Counters are checked and advanced. */
  verifyAuthentication(credential: Credential, purpose: Exclude<Purpose, 'register'>, boundTo: string | null): Promise<FactorRow>;
  sweep(): Promise<void>;
}

/** The challenge the browser signed, read from its clientDataJSON (it is checked again by the verifier). */
function signedChallenge(credential: Credential): string {
  try {
    const response = credential.response as { clientDataJSON?: unknown } | undefined;
    const json = JSON.parse(Buffer.from(String(response?.clientDataJSON), 'base64url').toString('utf8')) as { challenge?: unknown };
    if (typeof json.challenge === 'string' && json.challenge.length > 0) return json.challenge;
  } catch {
    // fall through
  }
  throw new AppError('passkey_invalid');
}

export function createPasskeys(deps: {
  factors: FactorStore;
  challenges: ChallengeStore;
  clock: Clock;
  publicURL: string;
}): Passkeys {
  const { factors, challenges, clock } = deps;
  const origin = new URL(deps.publicURL).origin;
  const rpID = new URL(deps.publicURL).hostname;

  async function remember(challenge: string, purpose: Purpose, boundTo: string | null, userId: string | null): Promise<void> {
    const now = clock.now();
    await challenges.insert({ id: hashToken(challenge), purpose, user_id: userId, bound_to: boundTo, created_at: now, expires_at: now + CHALLENGE_TTL_MILLISECONDS });
  }

  /** Consumes the challenge the credential answers, if it was issued for this purpose and caller. */
  async function takeChallenge(credential: Credential, purpose: Purpose, boundTo: string | null): Promise<string> {
    const challenge = signedChallenge(credential);
    const row = await challenges.take(hashToken(challenge));
    if (!row || row.purpose !== purpose || row.bound_to !== boundTo || clock.now() >= row.expires_at) throw new AppError('passkey_invalid');
    return challenge;
  }

  return {
    registrationOptions: async (user, existing, sessionId) => {
      const options = await generateRegistrationOptions({
        rpName: RP_NAME,
        rpID,
        userName: user.email,
        userDisplayName: user.name,
        userID: new TextEncoder().encode(user.id),
        attestationType: 'none',
        excludeCredentials: existing.filter((f) => f.credential_id).map((f) => ({ id: f.credential_id!, transports: parseTransports(f.transports) })),
        // Discoverable and user-verified, so the same passkey also signs in without a password.
        authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
        timeout: CHALLENGE_TTL_MILLISECONDS,
      });
      await remember(options.challenge, 'register', sessionId, user.id);
      return options as unknown as WebAuthnOptions;
    },

    verifyRegistration: async (credential, sessionId) => {
      const challenge = await takeChallenge(credential, 'register', sessionId);
      try {
        const result = await verifyRegistrationResponse({
          response: credential as unknown as RegistrationResponseJSON,
          expectedChallenge: challenge,
          expectedOrigin: origin,
          expectedRPID: rpID,
          requireUserVerification: true,
        });
        if (!result.verified) throw new AppError('passkey_invalid');
        const { credential: registered } = result.registrationInfo;
        if (await factors.findByCredentialId(registered.id)) throw new AppError('mfa_factor_exists');
        return {
          credentialId: registered.id,
          publicKey: Buffer.from(registered.publicKey).toString('base64url'),
          signCount: registered.counter,
          transports: (registered.transports ?? []).filter((t) => KNOWN_TRANSPORTS.has(t)),
        };
      } catch (error) {
        if (error instanceof AppError) throw error;
        throw new AppError('passkey_invalid');
      }
    },

    authenticationOptions: async (purpose, boundTo, userId, allowed) => {
      const options = await generateAuthenticationOptions({
        rpID,
        userVerification: 'required',
        timeout: CHALLENGE_TTL_MILLISECONDS,
        allowCredentials: allowed.filter((f) => f.credential_id).map((f) => ({ id: f.credential_id!, transports: parseTransports(f.transports) })),
      });
      await remember(options.challenge, purpose, boundTo, userId);
      return options as unknown as WebAuthnOptions;
    },

    verifyAuthentication: async (credential, purpose, boundTo) => {
      const challenge = await takeChallenge(credential, purpose, boundTo);
      const factor = await factors.findByCredentialId(credential.id);
      if (!factor || factor.method !== 'passkey' || !factor.public_key) throw new AppError('passkey_invalid');
      try {
        const result = await verifyAuthenticationResponse({
          response: credential as unknown as AuthenticationResponseJSON,
          expectedChallenge: challenge,
          expectedOrigin: origin,
          expectedRPID: rpID,
          requireUserVerification: true,
          credential: {
            id: factor.credential_id!,
            publicKey: Buffer.from(factor.public_key, 'base64url'),
            counter: factor.sign_count ?? 0,
            transports: parseTransports(factor.transports),
          },
        });
        if (!result.verified) throw new AppError('passkey_invalid');
        await factors.recordPasskeyUse(factor.id, result.authenticationInfo.newCounter, clock.now());
        return factor;
      } catch (error) {
        // Includes a signature counter that went backwards: a sign of a cloned authenticator.
        if (error instanceof AppError) throw error;
        throw new AppError('passkey_invalid');
      }
    },

    sweep: () => challenges.deleteEnded(clock.now()),
  };
}

function parseTransports(value: string | null): AuthenticatorTransport[] {
  return value ? (JSON.parse(value) as AuthenticatorTransport[]) : [];
}
