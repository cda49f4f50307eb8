import { useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { signInMFAApi } from '../../api/endpoints.ts';
import type { SecondFactorProof } from '../../api/endpoints.ts';
import { ErrorAlert } from '../../components/public-layout.tsx';
import { getPasskeyAssertion, passkeyErrorMessage } from '../../components/webauthn.ts';
import { endsSignIn } from './sign-in-ended.ts';

interface PasskeyPanelProps {
  verify: (proof: SecondFactorProof) => Promise<void>;
  trust: ReactNode;
  onEnded: (reason: unknown) => void;
}

/** The second step with a passkey: the browser asks for the fingerprint, face, PIN or security key. */
export function PasskeyPanel({ verify, trust, onEnded }: PasskeyPanelProps): React.JSX.Element {
  const { t } = useTranslation();
  const [waiting, setWaiting] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function usePasskey(): Promise<void> {
    setWaiting(true);
    setError(null);
    try {
      const { options } = await signInMFAApi.passkeyOptions();
      const credential = await getPasskeyAssertion(options);
      await verify({ method: 'passkey', credential });
    } catch (caught) {
      if (endsSignIn(caught)) {
        onEnded(caught);
        return;
      }
      setError(caught);
      setWaiting(false);
    }
  }

  return (
    <div className="pub-form">
      <p className="pub-body pub-body--tight">{t('signInMFA.passkeyIntro')}</p>
      {trust}
      {error !== null && <ErrorAlert>{passkeyErrorMessage(error)}</ErrorAlert>}
      <button className="pub-button" type="button" disabled={waiting} onClick={() => void usePasskey()}>
        {waiting ? t('signInMFA.waitingForPasskey') : t('signInMFA.usePasskey')}
      </button>
    </div>
  );
}
