import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { recoveryApi } from '../../api/recovery.ts';
import { SentCodeField } from '../../components/sent-code-field.tsx';
import { ErrorAlert } from '../../components/public-layout.tsx';
import { useCountdown } from '../../components/use-countdown.ts';
import { recoveryErrorMessage } from './recovery-error.ts';
import { resetPagePath } from './recovery-storage.ts';

interface CodeStepProps {
  /** What was sent where, shown above the field. */
  intro: string;
  attempt: string;
  resendAfterSeconds: number;
  /** Sends a new code and answers the new attempt; without it, "Start again" is offered instead. */
  resend?: () => Promise<{ attempt: string; resendAfterSeconds: number }>;
  onRestart: () => void;
}

/** The 6-digit code sent to a backup phone (or channel): right -> a reset token -> the reset page. */
export function CodeStep({ intro, attempt: firstAttempt, resendAfterSeconds, resend, onRestart }: CodeStepProps): React.JSX.Element {
  const { t } = useTranslation('recovery');
  const { t: tc } = useTranslation();
  const navigate = useNavigate();
  const [attempt, setAttempt] = useState(firstAttempt);
  const [code, setCode] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [ended, setEnded] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [sending, setSending] = useState(false);
  const [resendAt, setResendAt] = useState<number | null>(() => Date.now() + resendAfterSeconds * 1000);
  const resendIn = useCountdown(resendAt);
  const inputRef = useRef<HTMLInputElement>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const value = code.replace(/\s/g, '');
    if (value === '') {
      setFieldError(tc('validation.required'));
      inputRef.current?.focus();
      return;
    }
    setSubmitting(true);
    setError(null);
    try {
      const { token } = await recoveryApi.verifyBackupCode(attempt, value);
      navigate(resetPagePath(token));
    } catch (caught) {
      setError(caught);
      setSubmitting(false);
      if (caught instanceof ApiError && caught.code === 'recovery_attempt_invalid') setEnded(true);
      else inputRef.current?.select();
    }
  }

  async function sendAgain(): Promise<void> {
    if (resend === undefined) return;
    setSending(true);
    setError(null);
    try {
      const answer = await resend();
      setAttempt(answer.attempt);
      setEnded(false);
      setCode('');
      setResendAt(Date.now() + answer.resendAfterSeconds * 1000);
      inputRef.current?.focus();
    } catch (caught) {
      setError(caught);
    } finally {
      setSending(false);
    }
  }

  if (ended) {
    return (
      <div className="pub-form">
        <ErrorAlert>{recoveryErrorMessage(error)}</ErrorAlert>
        <button className="pub-button" type="button" onClick={onRestart}>
          {t('startOver')}
        </button>
      </div>
    );
  }

  return (
    <form className="pub-form" noValidate onSubmit={(event) => void onSubmit(event)}>
      <p className="pub-body pub-body--tight" role="status">
        {intro}
      </p>
      <SentCodeField
        ref={inputRef}
        label={t('code.label')}
        value={code}
        onChange={(value) => {
          setCode(value);
          setFieldError(null);
        }}
        error={fieldError}
      />
      {error !== null && <ErrorAlert>{recoveryErrorMessage(error)}</ErrorAlert>}
      <button className="pub-button" type="submit" disabled={submitting}>
        {submitting ? tc('signInMFA.verifying') : t('code.verify')}
      </button>
      {resend !== undefined ? (
        <button type="button" className="pub-text-button pub-text-button--center" disabled={sending || resendIn > 0} onClick={() => void sendAgain()}>
          {resendIn > 0 ? t('code.resendIn', { seconds: resendIn }) : t('code.resend')}
        </button>
      ) : (
        <button type="button" className="pub-text-button pub-text-button--center" onClick={onRestart}>
          {t('startOver')}
        </button>
      )}
    </form>
  );
}
