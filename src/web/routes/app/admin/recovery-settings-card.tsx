import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, InputNumber, Skeleton, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { adminRecoveryApi } from '../../../api/account-recovery.ts';
import type { RecoverySettings } from '../../../api/account-recovery.ts';
import { errorMessage } from '../../../api/error-message.ts';
import { isReauthCancelled, useReauth } from '../reauth/reauth-context.ts';
import '../account-recovery.css';

const RECOVERY_SETTINGS_QUERY_KEY = ['admin', 'settings', 'recovery'] as const;
// recoverySettingsSchema: pause after 3 to 20 failures; lock after 5 to 100 (NIST SP 800-63B: at most 100).
const PAUSE_AFTER_RANGE = { min: 3, max: 20 } as const;
const LOCK_AFTER_RANGE = { min: 5, max: 100 } as const;

/** Security questions on or off, and how many wrong passwords pause and then lock an account. */
export function RecoverySettingsCard(): React.JSX.Element {
  const { t } = useTranslation();
  const settings = useQuery({ queryKey: RECOVERY_SETTINGS_QUERY_KEY, queryFn: adminRecoveryApi.settings });
  return (
    <Card title={t('recoverySettings.title')} className="recovery-settings" data-testid="recovery-settings">
      {settings.isError ? (
        <Alert type="error" showIcon title={t('recoverySettings.loadFailed')} description={errorMessage(settings.error)} />
      ) : settings.data === undefined ? (
        <Skeleton active />
      ) : (
        <RecoverySettingsForm initial={settings.data} />
      )}
    </Card>
  );
}

function RecoverySettingsForm({ initial }: { initial: RecoverySettings }): React.JSX.Element {
  const { t } = useTranslation();
  const [form] = Form.useForm<RecoverySettings>();
  const withReauth = useReauth();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const questionsOn = Form.useWatch('securityQuestionsEnabled', form) ?? initial.securityQuestionsEnabled;

  async function save(values: RecoverySettings): Promise<void> {
    setSaving(true);
    setError(null);
    try {
      const saved = await withReauth(() => adminRecoveryApi.saveSettings({ ...initial, ...values }));
      queryClient.setQueryData(RECOVERY_SETTINGS_QUERY_KEY, saved);
      form.setFieldsValue(saved);
      void message.success(t('recoverySettings.saved'));
    } catch (caught) {
      if (!isReauthCancelled(caught)) setError(caught);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Form<RecoverySettings> form={form} layout="vertical" requiredMark={false} initialValues={initial} onFinish={(values) => void save(values)}>
      <div className="questions-setting">
        <Form.Item name="securityQuestionsEnabled" valuePropName="checked" noStyle>
          <Switch aria-labelledby="questions-setting-label" />
        </Form.Item>
        <div className="questions-setting-text">
          <Typography.Text strong id="questions-setting-label">
            {t('recoverySettings.questions')}
          </Typography.Text>
          <Typography.Text type="secondary">{t('recoverySettings.questionsHint')}</Typography.Text>
        </div>
      </div>
      <Alert type={questionsOn ? 'warning' : 'info'} showIcon title={t('recoverySettings.nist')} className="questions-nist" />
      <div className="lockout-numbers">
        <Form.Item
          name="pauseAfterFailures"
          label={t('recoverySettings.pauseAfter')}
          extra={t('recoverySettings.pauseAfterHint')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <InputNumber {...PAUSE_AFTER_RANGE} precision={0} suffix={t('recoverySettings.attempts')} style={{ width: 180 }} />
        </Form.Item>
        <Form.Item
          name="lockAfterFailures"
          label={t('recoverySettings.lockAfter')}
          extra={t('recoverySettings.lockAfterHint', { max: LOCK_AFTER_RANGE.max })}
          dependencies={['pauseAfterFailures']}
          rules={[
            { required: true, message: t('validation.required') },
            ({ getFieldValue }) => ({
              validator: async (_rule, value: number | null) => {
                const pauseAfter = getFieldValue('pauseAfterFailures') as number | null;
                // Pauses come first; a lock before them would make them pointless.
                if (value !== null && pauseAfter !== null && value <= pauseAfter) throw new Error(t('recoverySettings.lockAfterTooLow'));
              },
            }),
          ]}
        >
          <InputNumber {...LOCK_AFTER_RANGE} precision={0} suffix={t('recoverySettings.attempts')} style={{ width: 180 }} />
        </Form.Item>
      </div>
      {error !== null && <Alert type="error" showIcon title={errorMessage(error)} style={{ marginBottom: 16 }} />}
      <Button type="primary" htmlType="submit" loading={saving}>
        {t('recoverySettings.save')}
      </Button>
    </Form>
  );
}
