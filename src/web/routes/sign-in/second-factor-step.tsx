import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { signInMFAApi } from '../../api/endpoints.ts';
import type { MFAChallenge, MFAMethod, SecondFactorProof, SignInAnswer } from '../../api/endpoints.ts';
import { CardHeading } from '../../components/public-layout.tsx';
import { CodePanel } from './code-panel.tsx';
import { MethodList } from './method-list.tsx';
import { PasskeyPanel } from './passkey-panel.tsx';
import { SentCodePanel } from './sent-code-panel.tsx';
import { endsSignIn } from './sign-in-ended.ts';
import { TrustBrowserCheckbox } from './trust-browser-checkbox.tsx';

interface SecondFactorStepProps {
  challenge: MFAChallenge;
  onAnswer: (answer: SignInAnswer) => void;
  /** The sign-in ended (timed out, too many wrong codes): back to the password, saying why. */
  onEnded: (reason: unknown) => void;
  onCancel: () => void;
}

/** The second step of a sign-in: the preferred method first, the others on request. */
export function SecondFactorStep({ challenge, onAnswer, onEnded, onCancel }: SecondFactorStepProps): React.JSX.Element {
  const { t } = useTranslation();
  const [method, setMethod] = useState<MFAMethod>(challenge.methods[0] ?? 'recovery_code');
  const [choosing, setChoosing] = useState(false);
  const [trustBrowser, setTrustBrowser] = useState(false);
  const others = challenge.methods.filter((other) => other !== method && other !== 'recovery_code');
  const recoveryCodeLeft = challenge.methods.includes('recovery_code') && method !== 'recovery_code';

  /** Resolves once signed in or the sign-in ended (the step is replaced); rejects with the error the panel should show. */
  async function verify(proof: SecondFactorProof): Promise<void> {
    try {
      const answer = await signInMFAApi.verify({ ...proof, ...(challenge.trustBrowserAllowed ? { trustBrowser } : {}) });
      onAnswer(answer);
    } catch (error) {
      if (endsSignIn(error)) {
        onEnded(error);
        return;
      }
      throw error;
    }
  }

  function choose(next: MFAMethod): void {
    setMethod(next);
    setChoosing(false);
  }

  const trust = challenge.trustBrowserAllowed ? <TrustBrowserCheckbox checked={trustBrowser} onChange={setTrustBrowser} /> : null;
  const destination = challenge.destinations[method] ?? '';

  return (
    <>
      <CardHeading title={t('signInMFA.heading')} subtitle={choosing ? t('signInMFA.chooseMethod') : undefined} />
      {choosing ? (
        <MethodList methods={challenge.methods} destinations={challenge.destinations} current={method} onChoose={choose} />
      ) : method === 'totp' || method === 'recovery_code' ? (
        <CodePanel key={method} method={method} verify={verify} trust={trust} />
      ) : method === 'sms' || method === 'email' ? (
        <SentCodePanel key={method} method={method} destination={destination} verify={verify} trust={trust} onEnded={onEnded} />
      ) : (
        <PasskeyPanel verify={verify} trust={trust} onEnded={onEnded} />
      )}
      <div className="pub-links">
        {choosing ? (
          <button type="button" className="pub-text-button" onClick={() => setChoosing(false)}>
            {t('signInMFA.backToMethod')}
          </button>
        ) : (
          <>
            {others.length > 0 && (
              <button type="button" className="pub-text-button" onClick={() => setChoosing(true)}>
                {t('signInMFA.otherMethods')}
              </button>
            )}
            {recoveryCodeLeft && (
              <button type="button" className="pub-text-button" onClick={() => choose('recovery_code')}>
                {t('signInMFA.useRecoveryCode')}
              </button>
            )}
          </>
        )}
      </div>
      <div className="pub-notes">
        <p>{t('signInMFA.lostAccess')}</p>
        <p>
          <button type="button" className="pub-text-button pub-text-button--muted" onClick={onCancel}>
            ← {t('signInMFA.backToPassword')}
          </button>
        </p>
      </div>
    </>
  );
}
