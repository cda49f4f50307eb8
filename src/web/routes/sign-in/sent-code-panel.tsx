import { useRef, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { signInMFAApi } from '../../api/endpoints.ts';
import type { CodeSent, SecondFactorProof } from '../../api/endpoints.ts';
import { errorMessage } from '../../api/error-message.ts';
import { SentCodeField } from '../../components/sent-code-field.tsx';
import { ErrorAlert } from '../../components/public-layout.tsx';
import { useCountdown } from '../../components/use-countdown.ts';
import { endsSignIn } from './sign-in-ended.ts';

interface SentCodePanelProps {
  method: 'sms' | 'email';
  /** The masked phone number or address, as the server gave it. */
  destination: string;
  verify: (proof: SecondFactorProof) => Promise<void>;
  trust: ReactNode;
  onEnded: (reason: unknown) => void;
}

/** A code sent by SMS or e-mail on request: send, then enter it; a new one after the countdown. */
export function SentCodePanel({ method, destination, verify, trust, onEnded }: SentCodePanelProps): React.JSX.Element {
  const { t } = useTranslation();
  const [sent, setSent] = useState<CodeSent | null>(null);
  const [resendAt, setResendAt] = useState<number | null>(null);
  const [sending, setSending] = useState(false);
  const [code, setCode] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const resendIn = useCountdown(resendAt);

  async function send(): Promise<void> {
    setSending(true);
    setError(null);
    try {
      const answer = await signInMFAApi.send(method);
      setSent(answer);
      setResendAt(Date.now() + answer.resendAfterSeconds * 1000);
      setCode('');
      inputRef.current?.focus();
    } catch (caught) {
      if (endsSignIn(caught)) {
        onEnded(caught);
        return;
      }
      setError(caught);
      if (caught instanceof ApiError && caught.retryAfterSeconds !== undefined) setResendAt(Date.now() + caught.retryAfterSeconds * 1000);
    } finally {
      setSending(false);
    }
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const value = code.replace(/\s/g, '');
    if (value === '') {
      setFieldError(t('validation.required'));
      inputRef.current?.focus();
      return;
    }
    setSubmitting(true);
    setError(null);
    try {
      await verify({ method, code: value });
    } catch (caught) {
      setError(caught);
      setSubmitting(false);
      inputRef.current?.select();
    }
  }

  if (sent === null) {
    return (
      <div className="pub-form">
        <p className="pub-body pub-body--tight">{t(method === 'sms' ? 'signInMFA.smsIntro' : 'signInMFA.emailIntro', { destination })}</p>
        {error !== null && <ErrorAlert>{errorMessage(error)}</ErrorAlert>}
        <button className="pub-button" type="button" disabled={sending || resendIn > 0} onClick={() => void send()}>
          {sending ? t('signInMFA.sending') : resendIn > 0 ? t('signInMFA.sendIn', { seconds: resendIn }) : t('signInMFA.sendCode')}
        </button>
      </div>
    );
  }

  return (
    <form className="pub-form" noValidate onSubmit={(event) => void onSubmit(event)}>
      <p className="pub-body pub-body--tight" role="status">
        {t('signInMFA.codeSent', { destination: sent.destination, minutes: Math.max(1, Math.round(sent.expiresInSeconds / 60)) })}
      </p>
      <SentCodeField
        ref={inputRef}
        label={t('signInMFA.codeLabel')}
        value={code}
        onChange={(value) => {
          setCode(value);
          setFieldError(null);
        }}
        error={fieldError}
      />
      {trust}
      {error !== null && <ErrorAlert>{errorMessage(error)}</ErrorAlert>}
      <button className="pub-button" type="submit" disabled={submitting}>
        {submitting ? t('signInMFA.verifying') : t('signInMFA.verify')}
      </button>
      <button type="button" className="pub-text-button pub-text-button--center" disabled={sending || resendIn > 0} onClick={() => void send()}>
        {resendIn > 0 ? t('signInMFA.resendIn', { seconds: resendIn }) : t('signInMFA.resend')}
      </button>
    </form>
  );
}
