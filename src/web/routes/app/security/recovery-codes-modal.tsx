import { useState } from 'react';
import { Alert, App, Button, Checkbox, Modal, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useMe } from '../me-context.ts';
import { downloadText, recoveryCodesText } from './recovery-codes-file.ts';

const FILE_NAME = 'cairn-recovery-codes.txt';

/**
 * New recovery codes, shown once. It closes only through "Done", after the person ticked that
 * the codes are saved: no click outside, no Escape, no close icon.
 */
export function RecoveryCodesModal({ codes, onDone }: { codes: readonly string[] | null; onDone: () => void }): React.JSX.Element {
  const { t } = useTranslation();
  const me = useMe();
  const { message } = App.useApp();
  const [saved, setSaved] = useState(false);
  const [createdAt] = useState(() => new Date());

  async function copy(list: readonly string[]): Promise<void> {
    try {
      await navigator.clipboard.writeText(list.join('\n'));
      void message.success(t('common.copied'));
    } catch {
      // No clipboard access: the codes stay selectable.
    }
  }

  return (
    <Modal
      open={codes !== null}
      title={t('recoveryCodes.title')}
      closable={false}
      mask={{ closable: false }}
      keyboard={false}
      destroyOnHidden
      afterClose={() => setSaved(false)}
      footer={
        <Button type="primary" disabled={!saved} onClick={onDone}>
          {t('recoveryCodes.done')}
        </Button>
      }
    >
      {codes !== null && (
        <Space orientation="vertical" size={16} style={{ width: '100%' }}>
          <Typography.Paragraph style={{ marginBottom: 0 }}>{t('recoveryCodes.intro')}</Typography.Paragraph>
          <Alert type="warning" showIcon title={t('recoveryCodes.shownOnce')} />
          <ol className="recovery-codes" data-testid="recovery-codes">
            {codes.map((code) => (
              <li key={code}>
                <code>{code}</code>
              </li>
            ))}
          </ol>
          <Space wrap>
            <Button onClick={() => downloadText(FILE_NAME, recoveryCodesText(codes, me.user.email, createdAt))}>{t('recoveryCodes.download')}</Button>
            <Button onClick={() => void copy(codes)}>{t('common.copy')}</Button>
          </Space>
          <Checkbox checked={saved} onChange={(event) => setSaved(event.target.checked)}>
            {t('recoveryCodes.saved')}
          </Checkbox>
        </Space>
      )}
    </Modal>
  );
}
