import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { signInMFAApi } from '../api/endpoints.ts';
import type { MFAChallenge, SignInAnswer } from '../api/endpoints.ts';
import { PublicLayout } from '../components/public-layout.tsx';
import { useDocumentTitle } from '../components/use-document-title.ts';
import { pathAfterSignIn } from './sign-in/after-sign-in.ts';
import { PasswordStep } from './sign-in/password-step.tsx';
import { forgetPendingSignIn, pendingSignInMayExist, rememberPendingSignIn } from './sign-in/pending-sign-in.ts';
import { SecondFactorStep } from './sign-in/second-factor-step.tsx';

type Step = { kind: 'password'; reason: unknown } | { kind: 'second-factor'; challenge: MFAChallenge };

/** Sign-in as a small state machine: password (or a passkey) -> second factor when the account has one -> the app. */
export function LoginPage(): React.JSX.Element {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const [identifier, setIdentifier] = useState('');
  const [step, setStep] = useState<Step>({ kind: 'password', reason: null });
  // Each return to the password step is a new form (cleared password, fresh focus).
  const [attempt, setAttempt] = useState(0);
  useDocumentTitle(step.kind === 'password' ? t('titles.login') : t('titles.signInMFA'));

  // A reload during the second step continues it, while the server still holds the sign-in.
  useEffect(() => {
    if (!pendingSignInMayExist()) return;
    let cancelled = false;
    signInMFAApi
      .pending()
      .then((answer) => {
        if (!cancelled && answer.status === 'mfa_required') setStep({ kind: 'second-factor', challenge: answer });
      })
      .catch(() => forgetPendingSignIn());
    return () => {
      cancelled = true;
    };
  }, []);

  function onAnswer(answer: SignInAnswer): void {
    if (answer.status === 'mfa_required') {
      rememberPendingSignIn();
      setStep({ kind: 'second-factor', challenge: answer });
      return;
    }
    forgetPendingSignIn();
    navigate(pathAfterSignIn(answer, searchParams.get('next')) ?? '/', { replace: true });
  }

  function backToPassword(reason: unknown): void {
    forgetPendingSignIn();
    setAttempt((count) => count + 1);
    setStep({ kind: 'password', reason });
  }

  return (
    <PublicLayout>
      {step.kind === 'password' ? (
        <PasswordStep key={attempt} identifier={identifier} onIdentifierChange={setIdentifier} onAnswer={onAnswer} initialError={step.reason} />
      ) : (
        <SecondFactorStep challenge={step.challenge} onAnswer={onAnswer} onEnded={backToPassword} onCancel={() => backToPassword(null)} />
      )}
    </PublicLayout>
  );
}
