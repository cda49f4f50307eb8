import { useState } from 'react';
import { Alert, Button, Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/client.ts';
import { accountMFAApi } from '../../../api/endpoints.ts';
import type { CodeSent } from '../../../api/endpoints.ts';
import { errorMessage } from '../../../api/error-message.ts';
import { isReauthCancelled, useReauth } from '../reauth/reauth-context.ts';
import type { EnrollmentProps } from './enrollment-props.ts';
import { SentCodeForm } from './sent-code-form.tsx';

/** Text message: the phone number, a code sent to it, the code back. */
export function SMSEnrollment({ onConfirmed }: EnrollmentProps): React.JSX.Element {
  const { t } = useTranslation();
  const withReauth = useReauth();
  const [form] = Form.useForm<{ phone: string }>();
  const [phone, setPhone] = useState<string | null>(null);
  const [sent, setSent] = useState<CodeSent | null>(null);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(null);

  // Adding a second method needs a fresh proof.
  const send = (number: string): Promise<CodeSent> => withReauth(() => accountMFAApi.startSMS(number));

  async function onFinish(values: { phone: string }): Promise<void> {
    const number = values.phone.trim();
    setSending(true);
    setError(null);
    try {
      setSent(await send(number));
      setPhone(number);
    } catch (caught) {
      if (isReauthCancelled(caught)) return;
      if (caught instanceof ApiError && (caught.code === 'phone_invalid' || caught.code === 'validation_failed')) {
        form.setFields([{ name: 'phone', errors: [errorMessage(caught)] }]);
      } else {
        setError(caught);
      }
    } finally {
      setSending(false);
    }
  }

  if (phone !== null && sent !== null) {
    return (
      <>
        <SentCodeForm
          initiallySent={sent}
          send={() => send(phone)}
          confirm={async (code) => onConfirmed(await accountMFAApi.confirmSMS(code))}
          submitText={t('enroll.confirm')}
        />
        <Button type="link" className="enroll-back" onClick={() => setPhone(null)}>
          {t('enroll.sms.changeNumber')}
        </Button>
      </>
    );
  }
  return (
    <Form form={form} layout="vertical" requiredMark={false} initialValues={{ phone: phone ?? '' }} onFinish={(values) => void onFinish(values)}>
      <Form.Item
        name="phone"
        label={t('enroll.sms.phone')}
        extra={t('enroll.sms.phoneHint')}
        rules={[{ required: true, whitespace: true, message: t('validation.required') }]}
      >
        <Input type="tel" inputMode="tel" autoComplete="tel" placeholder="+86 138 0000 0000" size="large" autoFocus />
      </Form.Item>
      {error !== null && <Alert type="error" showIcon title={errorMessage(error)} style={{ marginBottom: 16 }} />}
      <Button type="primary" htmlType="submit" loading={sending}>
        {t('signInMFA.sendCode')}
      </Button>
    </Form>
  );
}
