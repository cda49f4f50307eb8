import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Form, InputNumber, Radio, Result, Skeleton, Space, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { adminApi, ROLES } from '../../../api/endpoints.ts';
import type { MFAFactorMethod, MFAPolicy } from '../../../api/endpoints.ts';
import { errorMessage } from '../../../api/error-message.ts';
import { MFAMethodIcon } from '../../../components/mfa-method-icon.tsx';
import { useDocumentTitle } from '../../../components/use-document-title.ts';
import { isReauthCancelled, useReauth } from '../reauth/reauth-context.ts';
import { RecoverySettingsCard } from './recovery-settings-card.tsx';

const POLICY_QUERY_KEY = ['admin', 'settings', 'mfa'] as const;
const METHODS: readonly MFAFactorMethod[] = ['passkey', 'totp', 'sms', 'email'];
const MODES: ReadonlyArray<MFAPolicy['mode']> = ['optional', 'roles', 'everyone'];
// mfaPolicySchema: 0 to 90 days.
const MAX_GRACE_PERIOD_DAYS = 90;

/** Security settings: who must use two-step verification, with which methods, from when; recovery and lockout. */
export function SecuritySettingsPage(): React.JSX.Element {
  const { t } = useTranslation();
  useDocumentTitle(t('titles.adminSecurity'));
  const policy = useQuery({ queryKey: POLICY_QUERY_KEY, queryFn: adminApi.mfaPolicy });
  return (
    <>
      <div className="app-page-head">
        <div>
          <Typography.Title level={2}>{t('adminSecurity.heading')}</Typography.Title>
          <p>{t('adminSecurity.intro')}</p>
        </div>
      </div>
      {policy.isError ? (
        <Result status="error" title={t('adminSecurity.loadFailed')} subTitle={errorMessage(policy.error)} />
      ) : policy.data === undefined ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
        <PolicyForm initial={policy.data.policy} />
      )}
      <RecoverySettingsCard />
    </>
  );
}

function PolicyForm({ initial }: { initial: MFAPolicy }): React.JSX.Element {
  const { t } = useTranslation();
  const [form] = Form.useForm<MFAPolicy>();
  const mode = Form.useWatch('mode', form) ?? initial.mode;
  const withReauth = useReauth();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function save(values: MFAPolicy): Promise<void> {
    setSaving(true);
    setError(null);
    try {
      const saved = await withReauth(() => adminApi.saveMFAPolicy({ ...initial, ...values }));
      queryClient.setQueryData(POLICY_QUERY_KEY, saved);
      form.setFieldsValue(saved.policy);
      void message.success(t('adminSecurity.saved'));
    } catch (caught) {
      if (!isReauthCancelled(caught)) setError(caught);
    } finally {
      setSaving(false);
    }
  }

  return (
    <Form<MFAPolicy> form={form} layout="vertical" requiredMark={false} initialValues={initial} onFinish={(values) => void save(values)}>
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Card title={t('adminSecurity.modeTitle')}>
          <Form.Item name="mode" noStyle>
            <Radio.Group className="policy-modes">
              {MODES.map((value) => (
                <Radio key={value} value={value} className="policy-mode">
                  <span className="policy-mode-name">{t(`adminSecurity.modes.${value}`)}</span>
                  <span className="policy-mode-detail">{t(`adminSecurity.modeDetails.${value}`)}</span>
                </Radio>
              ))}
            </Radio.Group>
          </Form.Item>
          {mode === 'roles' && (
            <Form.Item
              name="roles"
              label={t('adminSecurity.roles')}
              className="policy-roles"
              rules={[{ type: 'array', min: 1, message: t('adminSecurity.rolesRequired') }]}
            >
              <Checkbox.Group options={ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }))} />
            </Form.Item>
          )}
          <Alert
            className="policy-asvs"
            type={mode === 'everyone' ? 'success' : 'info'}
            showIcon
            title={t('adminSecurity.asvsNote')}
          />
        </Card>
        <Card title={t('adminSecurity.methodsTitle')}>
          <Typography.Paragraph type="secondary">{t('adminSecurity.methodsIntro')}</Typography.Paragraph>
          <Form.Item name="allowedMethods" rules={[{ type: 'array', min: 1, message: t('adminSecurity.methodsRequired') }]}>
            <Checkbox.Group className="policy-methods">
              {METHODS.map((method) => (
                <Checkbox key={method} value={method} className="policy-method">
                  <span className="policy-method-label">
                    <MFAMethodIcon method={method} size={18} />
                    <span className="policy-mode-name">{t(`mfa.methods.${method}`)}</span>
                  </span>
                  <span className="policy-mode-detail">{t(`adminSecurity.methodNotes.${method}`)}</span>
                </Checkbox>
              ))}
            </Checkbox.Group>
          </Form.Item>
        </Card>
        <Card title={t('adminSecurity.rolloutTitle')}>
          <Form.Item name="gracePeriodDays" label={t('adminSecurity.grace')} extra={t('adminSecurity.graceHint')}>
            <InputNumber min={0} max={MAX_GRACE_PERIOD_DAYS} precision={0} suffix={t('adminSecurity.days')} style={{ width: 160 }} />
          </Form.Item>
          <Form.Item name="trustBrowserAllowed" label={t('adminSecurity.trustBrowser')} extra={t('adminSecurity.trustBrowserHint')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Card>
        {error !== null && <Alert type="error" showIcon title={errorMessage(error)} />}
        <div>
          <Button type="primary" htmlType="submit" loading={saving} size="large">
            {t('adminSecurity.save')}
          </Button>
        </div>
      </Space>
    </Form>
  );
}
