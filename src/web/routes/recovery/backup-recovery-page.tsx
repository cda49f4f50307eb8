import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { recoveryApi } from '../../api/recovery.ts';
import type { BackupChannel } from '../../api/recovery.ts';
import { MFAMethodIcon } from '../../components/mfa-method-icon.tsx';
import { CardHeading, ErrorAlert, PublicLayout } from '../../components/public-layout.tsx';
import { useCountdown } from '../../components/use-countdown.ts';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { CodeStep } from './code-step.tsx';
import { IdentifierField } from './identifier-field.tsx';
import { BackToSignIn, OtherWays } from './other-ways.tsx';
import { recoveryErrorMessage } from './recovery-error.ts';
import { rememberIdentifier } from './recovery-storage.ts';
import { RESET_LINK_MINUTES } from './reset-link.ts';
import { useIncomingIdentifier } from './use-identifier.ts';

type Sent = { identifier: string; channel: BackupChannel; attempt: string; resendAfterSeconds: number };

/** "I can't reach my mailbox": a reset link to the backup e-mail, or a code to the backup phone. */
export function BackupRecoveryPage(): React.JSX.Element {
  const { t } = useTranslation('recovery');
  const { t: tc } = useTranslation();
  useDocumentTitle(t('backup.heading'));
  const [identifier, setIdentifier] = useState(useIncomingIdentifier());
  const [channel, setChannel] = useState<BackupChannel>('email');
  const [missing, setMissing] = useState(false);
  const [sent, setSent] = useState<Sent | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [sending, setSending] = useState(false);
  const [resendAt, setResendAt] = useState<number | null>(null);
  const resendIn = useCountdown(resendAt);
  const inputRef = useRef<HTMLInputElement>(null);

  async function send(value: string, chosen: BackupChannel): Promise<Sent> {
    const answer = await recoveryApi.backup(value, chosen);
    rememberIdentifier(value);
    const next = { identifier: value, channel: chosen, attempt: answer.attempt, resendAfterSeconds: answer.resendAfterSeconds };
    setResendAt(Date.now() + answer.resendAfterSeconds * 1000);
    return next;
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const value = identifier.trim();
    if (value === '') {
      setMissing(true);
      inputRef.current?.focus();
      return;
    }
    setSending(true);
    setError(null);
    try {
      setSent(await send(value, channel));
    } catch (caught) {
      setError(caught);
    } finally {
      setSending(false);
    }
  }

  async function resendLink(current: Sent): Promise<void> {
    setSending(true);
    setError(null);
    try {
      setSent(await send(current.identifier, current.channel));
    } catch (caught) {
      setError(caught);
    } finally {
      setSending(false);
    }
  }

  const restart = (): void => {
    setSent(null);
    setError(null);
  };

  let body: React.JSX.Element;
  if (sent?.channel === 'phone') {
    body = (
      <CodeStep
        key={sent.attempt}
        intro={t('backup.phoneSent')}
        attempt={sent.attempt}
        resendAfterSeconds={sent.resendAfterSeconds}
        resend={() => send(sent.identifier, 'phone')}
        onRestart={restart}
      />
    );
  } else if (sent?.channel === 'email') {
    body = (
      <div className="pub-form">
        <p className="pub-body pub-body--tight" role="status">
          {t('backup.emailSent', { minutes: RESET_LINK_MINUTES })}
        </p>
        {error !== null && <ErrorAlert>{recoveryErrorMessage(error)}</ErrorAlert>}
        <button className="pub-button pub-button--secondary" type="button" disabled={sending || resendIn > 0} onClick={() => void resendLink(sent)}>
          {resendIn > 0 ? t('forgot.resendIn', { seconds: resendIn }) : t('forgot.resend')}
        </button>
        <button type="button" className="pub-text-button pub-text-button--center" onClick={restart}>
          {t('forgot.another')}
        </button>
      </div>
    );
  } else {
    body = (
      <form className="pub-form" method="post" noValidate onSubmit={(event) => void onSubmit(event)}>
        <IdentifierField
          ref={inputRef}
          value={identifier}
          onChange={(value) => {
            setIdentifier(value);
            setMissing(false);
          }}
          error={missing ? tc('validation.required') : null}
        />
        <fieldset className="rec-choices">
          <legend className="pub-label">{t('backup.channel')}</legend>
          {(['email', 'phone'] as const).map((option) => (
            <label key={option} className="pub-method rec-choice">
              <input type="radio" name="channel" value={option} checked={channel === option} onChange={() => setChannel(option)} />
              <span className="pub-method-icon">
                <MFAMethodIcon method={option === 'email' ? 'email' : 'sms'} />
              </span>
              <span className="pub-method-text">
                <span className="pub-method-name">{t(`backup.${option}`)}</span>
                <span className="pub-method-detail">{t(`backup.${option}Detail`)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        {error !== null && <ErrorAlert>{recoveryErrorMessage(error)}</ErrorAlert>}
        <button className="pub-button" type="submit" disabled={sending}>
          {sending ? tc('signInMFA.sending') : t('backup.submit')}
        </button>
      </form>
    );
  }

  return (
    <PublicLayout>
      <CardHeading title={t('backup.heading')} subtitle={sent === null ? t('backup.intro') : undefined} />
      {body}
      <OtherWays ways={['forgot', 'questions', 'assisted']} identifier={sent?.identifier ?? identifier.trim()} />
      <BackToSignIn />
    </PublicLayout>
  );
}
