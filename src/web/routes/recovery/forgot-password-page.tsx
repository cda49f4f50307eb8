import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { recoveryApi } from '../../api/recovery.ts';
import { CardHeading, ErrorAlert, PublicLayout } from '../../components/public-layout.tsx';
import { useCountdown } from '../../components/use-countdown.ts';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { IdentifierField } from './identifier-field.tsx';
import { BackToSignIn, OtherWays } from './other-ways.tsx';
import { recoveryErrorMessage } from './recovery-error.ts';
import { rememberIdentifier } from './recovery-storage.ts';
import { useIncomingIdentifier } from './use-identifier.ts';

const MAX_COUNTDOWN_SECONDS = 10 * 60;

type Sent = { identifier: string; expiresInMinutes: number; resent: boolean };

/**
 * "Forgot password?": an e-mail or username in, always the same answer out (no account
 * enumeration), a resend after the server's pause, and the other ways in.
 */
export function ForgotPasswordPage(): React.JSX.Element {
  const { t } = useTranslation('recovery');
  const { t: tc } = useTranslation();
  useDocumentTitle(t('forgot.heading'));
  const [identifier, setIdentifier] = useState(useIncomingIdentifier());
  const [missing, setMissing] = useState(false);
  const [sent, setSent] = useState<Sent | null>(null);
  const [resendAt, setResendAt] = useState<number | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const resendIn = useCountdown(resendAt);

  async function send(value: string, resend: boolean): Promise<void> {
    setSending(true);
    setError(null);
    try {
      const answer = await recoveryApi.request(value);
      rememberIdentifier(value);
      setSent({ identifier: value, expiresInMinutes: answer.expiresInMinutes, resent: resend });
      setResendAt(Date.now() + answer.resendAfterSeconds * 1000);
    } catch (caught) {
      setError(caught);
      // A short pause is counted down on the button; a daily limit is said in hours by the message.
      if (caught instanceof ApiError && caught.retryAfterSeconds !== undefined && caught.retryAfterSeconds <= MAX_COUNTDOWN_SECONDS) {
        setResendAt(Date.now() + caught.retryAfterSeconds * 1000);
      }
    } finally {
      setSending(false);
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>): void {
    event.preventDefault();
    const value = identifier.trim();
    if (value === '') {
      setMissing(true);
      inputRef.current?.focus();
      return;
    }
    void send(value, false);
  }

  if (sent !== null) {
    return (
      <PublicLayout>
        <div className="rec-badge" aria-hidden="true">
          <MailSentIcon />
        </div>
        <CardHeading title={t('forgot.sentHeading')} />
        <div className="pub-form" role="status">
          <p className="pub-body pub-body--tight">
            <Trans
              ns="recovery"
              i18nKey="forgot.sentBody"
              values={{ identifier: sent.identifier, minutes: sent.expiresInMinutes }}
              components={{ strong: <strong className="rec-strong" /> }}
            />
          </p>
          <p className="rec-tip">{t('forgot.spam')}</p>
          {sent.resent && error === null && <p className="rec-ok">{t('forgot.resent')}</p>}
        </div>
        {error !== null && (
          <div className="rec-gap">
            <ErrorAlert>{recoveryErrorMessage(error)}</ErrorAlert>
          </div>
        )}
        <div className="pub-form rec-gap">
          <button className="pub-button pub-button--secondary" type="button" disabled={sending || resendIn > 0} onClick={() => void send(sent.identifier, true)}>
            {resendIn > 0 ? t('forgot.resendIn', { seconds: resendIn }) : t('forgot.resend')}
          </button>
          <button
            type="button"
            className="pub-text-button pub-text-button--center"
            onClick={() => {
              setSent(null);
              setError(null);
            }}
          >
            {t('forgot.another')}
          </button>
        </div>
        <OtherWays ways={['backup', 'questions', 'assisted']} identifier={sent.identifier} />
        <BackToSignIn />
      </PublicLayout>
    );
  }

  return (
    <PublicLayout>
      <CardHeading title={t('forgot.heading')} subtitle={t('forgot.intro')} />
      <form className="pub-form" method="post" noValidate onSubmit={onSubmit}>
        <IdentifierField
          ref={inputRef}
          value={identifier}
          onChange={(value) => {
            setIdentifier(value);
            setMissing(false);
          }}
          error={missing ? tc('validation.required') : null}
        />
        {error !== null && <ErrorAlert>{recoveryErrorMessage(error)}</ErrorAlert>}
        <button className="pub-button" type="submit" disabled={sending || resendIn > 0}>
          {sending ? tc('signInMFA.sending') : resendIn > 0 ? t('forgot.resendIn', { seconds: resendIn }) : t('forgot.submit')}
        </button>
      </form>
      <OtherWays ways={['backup', 'questions', 'assisted']} identifier={identifier.trim()} />
      <BackToSignIn />
    </PublicLayout>
  );
}

function MailSentIcon(): React.JSX.Element {
  return (
    <svg width="28" height="28" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round">
      <rect x="3" y="5" width="18" height="14" rx="2.5" />
      <path d="m3.8 6.5 8.2 6.2 8.2-6.2" />
    </svg>
  );
}
