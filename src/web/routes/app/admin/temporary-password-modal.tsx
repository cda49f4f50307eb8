import { App, Alert, Button, Modal, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDateFormat } from '../use-date-format.ts';

export interface IssuedPassword {
  /** Whose password it is, and what they sign in with. */
  name: string;
  signInName: string;
  temporaryPassword: string;
  temporaryPasswordExpiresAt: number;
}

/** The words differ for a new user's initial password and a replacement one. */
const TEXTS = {
  initial: { title: 'admin.created.title', label: 'admin.created.passwordLabel', expires: 'admin.created.expires' },
  temporary: { title: 'temporaryPassword.title', label: 'temporaryPassword.label', expires: 'temporaryPassword.expires' },
} as const;

/**
 * A generated password, shown once (OWASP ASVS 6.4.1: the administrator never chooses it): copy it,
 * hand it over apart from the sign-in name; it expires and must be changed at the next sign-in.
 */
export function TemporaryPasswordModal({
  issued,
  kind = 'temporary',
  onClose,
}: {
  issued: IssuedPassword | null;
  kind?: keyof typeof TEXTS;
  onClose: () => void;
}): React.JSX.Element {
  const texts = TEXTS[kind];
  const { t } = useTranslation();
  const { message } = App.useApp();
  const formatDate = useDateFormat();

  async function copy(password: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(password);
      void message.success(t('common.copied'));
    } catch {
      // No clipboard access (insecure context or denied): the password stays selectable.
    }
  }

  return (
    <Modal
      open={issued !== null}
      title={issued !== null ? t(texts.title, { name: issued.name }) : ''}
      onCancel={onClose}
      mask={{ closable: false }}
      keyboard={false}
      footer={
        <Button type="primary" onClick={onClose}>
          {t('admin.created.done')}
        </Button>
      }
      destroyOnHidden
    >
      {issued !== null && (
        <Space orientation="vertical" size={14} style={{ width: '100%' }}>
          <Alert type="warning" showIcon title={t('admin.created.shownOnce')} />
          <div>
            <Typography.Text type="secondary">{t('admin.created.signInWith')}</Typography.Text>
            <div>
              <Typography.Text strong>{issued.signInName}</Typography.Text>
            </div>
          </div>
          <div>
            <Typography.Text type="secondary">{t(texts.label)}</Typography.Text>
            <div className="temp-password">
              <code data-testid="temporary-password">{issued.temporaryPassword}</code>
              <Button onClick={() => void copy(issued.temporaryPassword)}>{t('common.copy')}</Button>
            </div>
          </div>
          <Typography.Paragraph style={{ marginBottom: 0 }}>
            {t(texts.expires, { date: formatDate(issued.temporaryPasswordExpiresAt) })}
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
            {t('admin.created.handOver')}
          </Typography.Paragraph>
        </Space>
      )}
    </Modal>
  );
}
