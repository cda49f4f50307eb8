import { useState } from 'react';
import { Alert, Button, Form, Input, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/client.ts';
import { accountRecoveryApi } from '../../../api/account-recovery.ts';
import type { BackupChannelSent } from '../../../api/account-recovery.ts';
import { errorMessage } from '../../../api/error-message.ts';
import { isReauthCancelled, useReauth } from '../reauth/reauth-context.ts';
import { CodeForm } from './code-form.tsx';
import { SentCodeForm } from './sent-code-form.tsx';

export type BackupKind = 'email' | 'phone';

// Shown under the address field rather than above the button.
const ADDRESS_ERRORS = new Set(['phone_invalid', 'validation_failed', 'backup_channel_same_as_primary']);

interface BackupChannelModalProps {
  /** The channel being added, or null when closed. */
  kind: BackupKind | null;
  /** An address was given earlier but not confirmed: start at the code. */
  awaitingCode?: boolean;
  replacing?: boolean;
  onConfirmed: () => void;
  onCancel: () => void;
}

/** Add (or replace) a backup e-mail or phone: the address, a code sent to it, the code back. */
export function BackupChannelModal({ kind, awaitingCode = false, replacing = false, onConfirmed, onCancel }: BackupChannelModalProps): React.JSX.Element {
  const { t } = useTranslation();
  const title = kind === null ? '' : t(`recoveryOptions.${kind}.${replacing ? 'changeTitle' : 'addTitle'}`);
  return (
    <Modal open={kind !== null} title={title} footer={null} onCancel={onCancel} mask={{ closable: false }} destroyOnHidden width={480}>
      {kind !== null && <BackupChannelSteps kind={kind} awaitingCode={awaitingCode} onConfirmed={onConfirmed} />}
    </Modal>
  );
}

function BackupChannelSteps({ kind, awaitingCode, onConfirmed }: { kind: BackupKind; awaitingCode: boolean; onConfirmed: () => void }): React.JSX.Element {
  const { t } = useTranslation();
  const withReauth = useReauth();
  const [form] = Form.useForm<{ address: string }>();
  const [address, setAddress] = useState<string | null>(null);
  const [sent, setSent] = useState<BackupChannelSent | null>(null);
  const [codeOnly, setCodeOnly] = useState(awaitingCode);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(null);

  // Adding a way back into the account is sensitive: it needs a fresh proof (403 reauth_required).
  const send = (value: string): Promise<BackupChannelSent> =>
    withReauth(() => (kind === 'email' ? accountRecoveryApi.startBackupEmail(value) : accountRecoveryApi.startBackupPhone(value)));
  const confirm = async (code: string): Promise<void> => {
    await (kind === 'email' ? accountRecoveryApi.confirmBackupEmail(code) : accountRecoveryApi.confirmBackupPhone(code));
    onConfirmed();
  };

  async function onFinish(values: { address: string }): Promise<void> {
    const value = values.address.trim();
    setSending(true);
    setError(null);
    try {
      setSent(await send(value));
      setAddress(value);
    } catch (caught) {
      if (isReauthCancelled(caught)) return;
      if (caught instanceof ApiError && ADDRESS_ERRORS.has(caught.code)) {
        form.setFields([{ name: 'address', errors: [caught.fields?.email ?? caught.fields?.phone ?? errorMessage(caught)] }]);
      } else {
        setError(caught);
      }
    } finally {
      setSending(false);
    }
  }

  if (codeOnly) {
    return (
      <>
        <Typography.Paragraph>{t(`recoveryOptions.${kind}.pendingIntro`)}</Typography.Paragraph>
        <CodeForm label={t('signInMFA.codeLabel')} submitText={t('enroll.confirm')} onSubmit={confirm} />
        <Button type="link" className="enroll-back" onClick={() => setCodeOnly(false)}>
          {t(`recoveryOptions.${kind}.sendNew`)}
        </Button>
      </>
    );
  }
  if (address !== null && sent !== null) {
    return (
      <>
        <SentCodeForm initiallySent={sent} send={() => send(address)} confirm={confirm} submitText={t('enroll.confirm')} />
        <Button type="link" className="enroll-back" onClick={() => setAddress(null)}>
          {t(`recoveryOptions.${kind}.changeAddress`)}
        </Button>
      </>
    );
  }
  return (
    <Form form={form} layout="vertical" requiredMark={false} initialValues={{ address: address ?? '' }} onFinish={(values) => void onFinish(values)}>
      <Typography.Paragraph type="secondary">{t(`recoveryOptions.${kind}.intro`)}</Typography.Paragraph>
      <Form.Item
        name="address"
        label={t(`recoveryOptions.${kind}.label`)}
        extra={t(`recoveryOptions.${kind}.hint`)}
        rules={[
          { required: true, whitespace: true, message: t('validation.required') },
          ...(kind === 'email' ? [{ type: 'email' as const, message: t('validation.email') }] : []),
        ]}
      >
        {kind === 'email' ? (
          <Input type="email" autoComplete="email" spellCheck={false} size="large" autoFocus />
        ) : (
          <Input type="tel" inputMode="tel" autoComplete="tel" placeholder="+86 138 0000 0000" size="large" autoFocus />
        )}
      </Form.Item>
      {error !== null && <Alert type="error" showIcon title={errorMessage(error)} style={{ marginBottom: 16 }} />}
      <Button type="primary" htmlType="submit" loading={sending}>
        {t('signInMFA.sendCode')}
      </Button>
    </Form>
  );
}
