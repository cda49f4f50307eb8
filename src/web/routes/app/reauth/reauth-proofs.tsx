import { useState } from 'react';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { reauthApi } from '../../../api/endpoints.ts';
import type { ReauthProof } from '../../../api/endpoints.ts';
import { errorMessage } from '../../../api/error-message.ts';
import { getPasskeyAssertion, passkeyErrorMessage } from '../../../components/webauthn.ts';
import { CodeForm } from '../security/code-form.tsx';
import { SentCodeForm } from '../security/sent-code-form.tsx';
import { useMe } from '../me-context.ts';

/** Sends the proof; resolves once the server accepted it. */
export type Prove = (proof: ReauthProof) => Promise<void>;

export function PasswordProof({ prove }: { prove: Prove }): React.JSX.Element {
  const { t } = useTranslation();
  const me = useMe();
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);

  async function onFinish({ password }: { password: string }): Promise<void> {
    setSubmitting(true);
    setError(null);
    try {
      await prove({ password });
    } catch (caught) {
      setError(caught);
      setSubmitting(false);
    }
  }

  return (
    <Form layout="vertical" requiredMark={false} onFinish={(values: { password: string }) => void onFinish(values)}>
      <input type="text" name="username" autoComplete="username" value={me.user.username ?? me.user.email} readOnly hidden />
      <Form.Item name="password" label={t('reauth.password')} rules={[{ required: true, message: t('validation.required') }]}>
        <Input.Password autoComplete="current-password" autoFocus size="large" />
      </Form.Item>
      {error !== null && <Alert type="error" showIcon title={errorMessage(error)} style={{ marginBottom: 16 }} />}
      <Button type="primary" htmlType="submit" loading={submitting}>
        {t('reauth.confirm')}
      </Button>
    </Form>
  );
}

export function CodeProof({ method, prove }: { method: 'totp' | 'recovery_code'; prove: Prove }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <>
      <Typography.Paragraph type="secondary">{method === 'totp' ? t('signInMFA.totpIntro') : t('reauth.recoveryIntro')}</Typography.Paragraph>
      <CodeForm
        label={method === 'totp' ? t('signInMFA.totpLabel') : t('signInMFA.recoveryLabel')}
        numeric={method === 'totp'}
        submitText={t('reauth.confirm')}
        onSubmit={(code) => prove({ method, code })}
      />
    </>
  );
}

export function SentCodeProof({ method, prove }: { method: 'sms' | 'email'; prove: Prove }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <SentCodeForm
      intro={method === 'sms' ? t('reauth.smsIntro') : t('reauth.emailIntro')}
      send={() => reauthApi.send(method)}
      confirm={(code) => prove({ method, code })}
      submitText={t('reauth.confirm')}
    />
  );
}

export function PasskeyProof({ prove }: { prove: Prove }): React.JSX.Element {
  const { t } = useTranslation();
  const [waiting, setWaiting] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function usePasskey(): Promise<void> {
    setWaiting(true);
    setError(null);
    try {
      const { options } = await reauthApi.passkeyOptions();
      await prove({ method: 'passkey', credential: await getPasskeyAssertion(options) });
    } catch (caught) {
      setError(caught);
      setWaiting(false);
    }
  }

  return (
    <>
      <Typography.Paragraph type="secondary">{t('signInMFA.passkeyIntro')}</Typography.Paragraph>
      {error !== null && <Alert type="error" showIcon title={passkeyErrorMessage(error)} style={{ marginBottom: 16 }} />}
      <Button type="primary" loading={waiting} onClick={() => void usePasskey()}>
        {t('signInMFA.usePasskey')}
      </Button>
    </>
  );
}
