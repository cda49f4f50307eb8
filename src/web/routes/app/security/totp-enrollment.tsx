import { useEffect, useRef, useState } from 'react';
import { Alert, QRCode, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { accountMFAApi } from '../../../api/endpoints.ts';
import type { TOTPEnrollment as Enrollment } from '../../../api/endpoints.ts';
import { errorMessage } from '../../../api/error-message.ts';
import { isReauthCancelled, useReauth } from '../reauth/reauth-context.ts';
import { CodeForm } from './code-form.tsx';
import type { EnrollmentProps } from './enrollment-props.ts';

/** The Base32 secret in groups of four, as authenticator apps show and people type it. */
export function groupSecret(secret: string): string {
  return secret.replace(/\s/g, '').match(/.{1,4}/g)?.join(' ') ?? secret;
}

/** Authenticator app: scan the QR code (or type the key), then prove it with the first code. */
export function TOTPEnrollment({ onConfirmed, onCancel }: EnrollmentProps): React.JSX.Element {
  const { t } = useTranslation();
  const withReauth = useReauth();
  const [enrollment, setEnrollment] = useState<Enrollment | null>(null);
  const [error, setError] = useState<unknown>(null);
  // One secret per visit, also under StrictMode's double effects in development.
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    withReauth(accountMFAApi.startTOTP).then(setEnrollment, (caught: unknown) => {
      if (isReauthCancelled(caught)) onCancel();
      else setError(caught);
    });
  }, [withReauth, onCancel]);

  if (error !== null) return <Alert type="error" showIcon title={errorMessage(error)} />;
  if (enrollment === null) return <Spin />;
  return (
    <div className="totp-enrollment">
      <ol className="enroll-steps">
        <li>
          <Typography.Text strong>{t('enroll.totp.scan')}</Typography.Text>
          <Typography.Paragraph type="secondary">{t('enroll.totp.apps')}</Typography.Paragraph>
          <div className="totp-qr">
            <QRCode value={enrollment.uri} size={184} bordered={false} type="svg" />
            <div className="totp-key">
              <Typography.Text type="secondary">{t('enroll.totp.cantScan')}</Typography.Text>
              <Typography.Text className="totp-secret" data-testid="totp-secret" copyable={{ text: enrollment.secret.replace(/\s/g, '') }}>
                {groupSecret(enrollment.secret)}
              </Typography.Text>
              <Typography.Text type="secondary" className="totp-key-hint">
                {t('enroll.totp.keyHint')}
              </Typography.Text>
            </div>
          </div>
        </li>
        <li>
          <Typography.Text strong>{t('enroll.totp.enterCode')}</Typography.Text>
          <CodeForm
            label={t('signInMFA.totpLabel')}
            submitText={t('enroll.confirm')}
            autoFocus={false}
            onSubmit={async (code) => onConfirmed(await accountMFAApi.confirmTOTP(code))}
          />
        </li>
      </ol>
    </div>
  );
}
