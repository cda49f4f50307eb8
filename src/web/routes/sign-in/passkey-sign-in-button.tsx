import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { signInMFAApi } from '../../api/endpoints.ts';
import type { SignInAnswer } from '../../api/endpoints.ts';
import { MFAMethodIcon } from '../../components/mfa-method-icon.tsx';
import { ErrorAlert } from '../../components/public-layout.tsx';
import { getPasskeyAssertion, passkeyErrorMessage } from '../../components/webauthn.ts';
import { loadAppRoot } from '../app-chunks.ts';

/** Passwordless sign-in: a discoverable passkey names the account and proves it in one step. */
export function PasskeySignInButton({ onAnswer }: { onAnswer: (answer: SignInAnswer) => void }): React.JSX.Element {
  const { t } = useTranslation();
  const [waiting, setWaiting] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function signIn(): Promise<void> {
    setWaiting(true);
    setError(null);
    void loadAppRoot().catch(() => undefined);
    try {
      const { options } = await signInMFAApi.passwordlessOptions();
      const credential = await getPasskeyAssertion(options);
      onAnswer(await signInMFAApi.passwordless(credential));
    } catch (caught) {
      setError(caught);
      setWaiting(false);
    }
  }

  return (
    <div className="pub-form">
      <button className="pub-button pub-button--secondary" type="button" disabled={waiting} onClick={() => void signIn()}>
        <MFAMethodIcon method="passkey" size={18} />
        <span>{waiting ? t('signInMFA.waitingForPasskey') : t('login.passkey')}</span>
      </button>
      {error !== null && <ErrorAlert>{passkeyErrorMessage(error)}</ErrorAlert>}
    </div>
  );
}
