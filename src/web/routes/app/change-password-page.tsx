import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { authApi } from '../../api/endpoints.ts';
import { errorMessage } from '../../api/error-message.ts';
import { passwordHint, passwordPolicyError } from '../../components/password-policy.ts';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { i18n } from '../../i18n/i18n.ts';
import { ME_QUERY_KEY, useMe } from './me-context.ts';

interface Values {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

// Which field a server error belongs on.
const FIELD_OF_ERROR: Record<string, keyof Values> = {
  current_password_invalid: 'currentPassword',
  password_too_short: 'newPassword',
  password_too_long: 'newPassword',
  password_unchanged: 'newPassword',
};

export function ChangePasswordPage(): React.JSX.Element {
  const { t } = useTranslation();
  useDocumentTitle(t('titles.changePassword'));
  const me = useMe();
  const forced = me.passwordChangeRequired;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const newPassword = Form.useWatch('newPassword', form) ?? '';
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const hint = passwordHint(newPassword);

  async function onFinish(values: Values): Promise<void> {
    setSubmitting(true);
    setError(null);
    try {
      await authApi.changePassword({ currentPassword: values.currentPassword, newPassword: values.newPassword });
      // The guard must see the change before leaving, or it sends the person straight back here.
      await queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
      void message.success(t('changePassword.success'));
      navigate('/', { replace: true });
    } catch (caught) {
      setSubmitting(false);
      const field = caught instanceof ApiError ? FIELD_OF_ERROR[caught.code] : undefined;
      if (field !== undefined) {
        form.setFields([{ name: field, errors: [errorMessage(caught)] }]);
      } else {
        setError(caught);
      }
    }
  }

  return (
    <div className="app-narrow">
      <div className="app-page-head">
        <Typography.Title level={2}>{forced ? t('changePassword.forcedHeading') : t('changePassword.heading')}</Typography.Title>
      </div>
      <Card>
        {forced ? (
          <Alert type="info" showIcon title={t('changePassword.forcedIntro')} style={{ marginBottom: 24 }} />
        ) : (
          <Typography.Paragraph type="secondary">{t('changePassword.voluntaryIntro')}</Typography.Paragraph>
        )}
        <Form<Values> form={form} layout="vertical" size="large" requiredMark={false} onFinish={(values) => void onFinish(values)}>
          {/* Lets password managers file the new password under the right account. */}
          <input type="text" name="username" autoComplete="username" value={me.user.username ?? me.user.email} readOnly hidden />
          <Form.Item
            name="currentPassword"
            label={forced ? t('changePassword.forcedCurrent') : t('changePassword.current')}
            rules={[{ required: true, message: t('validation.required') }]}
          >
            <Input.Password autoComplete="current-password" autoFocus />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label={t('changePassword.new')}
            extra={<span className={`pw-hint pw-hint--${hint.state}`}>{hint.text}</span>}
            rules={[
              {
                validator: async (_rule, value: string | undefined) => {
                  const problem = passwordPolicyError(value ?? '');
                  if (problem !== null) throw new Error(problem);
                },
              },
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item
            name="confirmPassword"
            label={t('changePassword.confirm')}
            dependencies={['newPassword']}
            rules={[
              { required: true, message: t('validation.required') },
              ({ getFieldValue }) => ({
                validator: async (_rule, value: string | undefined) => {
                  if (value !== undefined && value !== '' && value !== getFieldValue('newPassword')) {
                    throw new Error(i18n.t('password.mismatch'));
                  }
                },
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          {error !== null && <Alert type="error" showIcon title={errorMessage(error)} style={{ marginBottom: 16 }} />}
          <Button type="primary" htmlType="submit" loading={submitting} block size="large">
            {forced ? t('changePassword.forcedSubmit') : t('changePassword.submit')}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
