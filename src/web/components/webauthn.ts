import { ApiError } from '../api/client.ts';
import { errorMessage } from '../api/error-message.ts';
import type { WebAuthnCredential, WebAuthnOptions } from '../api/endpoints.ts';
import { i18n } from '../i18n/i18n.ts';

/** Passkey buttons are only offered where the browser has WebAuthn (a secure context). */
export function passkeysSupported(): boolean {
  return typeof window.PublicKeyCredential === 'function';
}

// @simplewebauthn/browser is fetched on first use: most sign-ins never need it.
const loadWebAuthn = () => import('@simplewebauthn/browser');

/** Asks the browser for an assertion with one of the person's passkeys. */
export async function getPasskeyAssertion(options: WebAuthnOptions): Promise<WebAuthnCredential> {
  const { startAuthentication } = await loadWebAuthn();
  const credential = await startAuthentication({ optionsJSON: options as unknown as Parameters<typeof startAuthentication>[0]['optionsJSON'] });
  return credential as unknown as WebAuthnCredential;
}

/** Asks the browser to create a passkey for this account. */
export async function createPasskey(options: WebAuthnOptions): Promise<WebAuthnCredential> {
  const { startRegistration } = await loadWebAuthn();
  const credential = await startRegistration({ optionsJSON: options as unknown as Parameters<typeof startRegistration>[0]['optionsJSON'] });
  return credential as unknown as WebAuthnCredential;
}

/** A failed passkey ceremony (cancelled, timed out, already registered) or API call, in words. */
export function passkeyErrorMessage(error: unknown): string {
  if (error instanceof Error && !(error instanceof ApiError)) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED') return i18n.t('errors.passkey_exists');
    if (error.name === 'NotAllowedError' || error.name === 'AbortError' || code === 'ERROR_CEREMONY_ABORTED') {
      return i18n.t('errors.passkey_cancelled');
    }
    if (error.name === 'NotSupportedError') return i18n.t('errors.passkey_unsupported');
  }
  return errorMessage(error);
}
