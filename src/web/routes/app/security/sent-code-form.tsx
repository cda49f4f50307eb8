import { useState } from 'react';
import { Alert, Button, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/client.ts';
import type { CodeSent } from '../../../api/endpoints.ts';
import { errorMessage } from '../../../api/error-message.ts';
import { useCountdown } from '../../../components/use-countdown.ts';
import { isReauthCancelled } from '../reauth/reauth-context.ts';
import { CodeForm } from './code-form.tsx';

interface SentCodeFormProps {
  /** Sends (or sends again) the code; the answer names the masked destination. */
  send: () => Promise<CodeSent>;
  confirm: (code: string) => Promise<void>;
  /** Shown before the first send, e.g. "We will send a code to …". */
  intro?: string;
  submitText: string;
  /** Already sent by the caller (the SMS step sends when the number is entered). */
  initiallySent?: CodeSent | null;
}

/** A code delivered on request (SMS, e-mail): send, wait for it, enter it; send again after the countdown. */
export function SentCodeForm({ send, confirm, intro = '', submitText, initiallySent = null }: SentCodeFormProps): React.JSX.Element {
  const { t } = useTranslation();
  const [sent, setSent] = useState<CodeSent | null>(initiallySent);
  const [resendAt, setResendAt] = useState<number | null>(initiallySent ? Date.now() + initiallySent.resendAfterSeconds * 1000 : null);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const resendIn = useCountdown(resendAt);

  async function sendCode(): Promise<void> {
    setSending(true);
    setError(null);
    try {
      const answer = await send();
      setSent(answer);
      setResendAt(Date.now() + answer.resendAfterSeconds * 1000);
    } catch (caught) {
      if (isReauthCancelled(caught)) return;
      setError(caught);
      if (caught instanceof ApiError && caught.retryAfterSeconds !== undefined) setResendAt(Date.now() + caught.retryAfterSeconds * 1000);
    } finally {
      setSending(false);
    }
  }

  const sendLabel = resendIn > 0 ? t('signInMFA.resendIn', { seconds: resendIn }) : sent === null ? t('signInMFA.sendCode') : t('signInMFA.resend');
  const errorAlert = error !== null && <Alert type="error" showIcon title={errorMessage(error)} style={{ marginBottom: 16 }} />;

  if (sent === null) {
    return (
      <>
        {intro !== '' && <Typography.Paragraph>{intro}</Typography.Paragraph>}
        {errorAlert}
        <Button type="primary" loading={sending} disabled={resendIn > 0} onClick={() => void sendCode()}>
          {sendLabel}
        </Button>
      </>
    );
  }
  return (
    <>
      <Typography.Paragraph role="status">
        {t('signInMFA.codeSent', { destination: sent.destination, minutes: Math.max(1, Math.round(sent.expiresInSeconds / 60)) })}
      </Typography.Paragraph>
      {errorAlert}
      <CodeForm
        label={t('signInMFA.codeLabel')}
        submitText={submitText}
        onSubmit={confirm}
        extra={
          <Button type="link" loading={sending} disabled={resendIn > 0} onClick={() => void sendCode()}>
            {sendLabel}
          </Button>
        }
      />
    </>
  );
}
