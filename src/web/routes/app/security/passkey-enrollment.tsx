import { useState } from 'react';
import { Alert, Button, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { accountMFAApi } from '../../../api/endpoints.ts';
import { createPasskey, passkeyErrorMessage, passkeysSupported } from '../../../components/webauthn.ts';
import { isReauthCancelled, useReauth } from '../reauth/reauth-context.ts';
import type { EnrollmentProps } from './enrollment-props.ts';

/** Passkey: a name to recognise it later, then the browser's own dialog creates it. */
export function PasskeyEnrollment({ onConfirmed }: EnrollmentProps): React.JSX.Element {
  const { t } = useTranslation();
  const withReauth = useReauth();
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function onFinish({ name }: { name: string }): Promise<void> {
    setCreating(true);
    setError(null);
    try {
      // Adding a second method needs a fresh proof; the challenge belongs to the session it renews, so the whole ceremony runs again.
      const result = await withReauth(async () => {
        const { options } = await accountMFAApi.passkeyOptions();
        const credential = await createPasskey(options);
        return accountMFAApi.addPasskey({ name: name.trim(), credential });
      });
      onConfirmed(result);
    } catch (caught) {
      if (!isReauthCancelled(caught)) setError(caught);
      setCreating(false);
    }
  }

  if (!passkeysSupported()) return <Alert type="warning" showIcon title={t('errors.passkey_unsupported')} />;
  return (
    <Form layout="vertical" requiredMark={false} onFinish={(values: { name: string }) => void onFinish(values)}>
      <Typography.Paragraph type="secondary">{t('enroll.passkey.intro')}</Typography.Paragraph>
      <Form.Item name="name" label={t('enroll.passkey.name')} rules={[{ required: true, whitespace: true, message: t('validation.required') }]}>
        <Input maxLength={64} placeholder={t('enroll.passkey.namePlaceholder')} size="large" autoFocus autoComplete="off" />
      </Form.Item>
      {error !== null && <Alert type="error" showIcon title={passkeyErrorMessage(error)} style={{ marginBottom: 16 }} />}
      <Button type="primary" htmlType="submit" loading={creating}>
        {t('enroll.passkey.create')}
      </Button>
    </Form>
  );
}
