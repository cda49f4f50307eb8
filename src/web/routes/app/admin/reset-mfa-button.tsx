import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Popconfirm } from 'antd';
import { useTranslation } from 'react-i18next';
import { adminApi } from '../../../api/endpoints.ts';
import type { AdminUser } from '../../../api/endpoints.ts';
import { errorMessage } from '../../../api/error-message.ts';
import { isReauthCancelled, useReauth } from '../reauth/reauth-context.ts';

/** Removes a person's second factors (they lost their phone and their codes), after a confirmation and a fresh proof. */
export function ResetMFAButton({ user, queryKey }: { user: AdminUser; queryKey: readonly unknown[] }): React.JSX.Element {
  const { t } = useTranslation();
  const withReauth = useReauth();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [resetting, setResetting] = useState(false);

  async function reset(): Promise<void> {
    setResetting(true);
    try {
      await withReauth(() => adminApi.resetMFA(user.id));
      void message.success(t('admin.resetDone', { name: user.name }));
      void queryClient.invalidateQueries({ queryKey });
    } catch (error) {
      if (!isReauthCancelled(error)) void message.error(errorMessage(error));
    } finally {
      setResetting(false);
    }
  }

  return (
    <Popconfirm
      title={t('admin.resetTitle', { name: user.name })}
      description={<div className="popconfirm-body">{t('admin.resetBody')}</div>}
      okText={t('admin.resetConfirm')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      onConfirm={() => void reset()}
    >
      <Button type="link" size="small" danger disabled={user.mfaMethods.length === 0} loading={resetting} className="table-action">
        {t('admin.resetMFA')}
      </Button>
    </Popconfirm>
  );
}
