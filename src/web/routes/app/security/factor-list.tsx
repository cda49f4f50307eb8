import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Empty, Popconfirm, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { accountMFAApi } from '../../../api/endpoints.ts';
import type { MFAFactor } from '../../../api/endpoints.ts';
import { errorMessage } from '../../../api/error-message.ts';
import { MFAMethodIcon } from '../../../components/mfa-method-icon.tsx';
import { isReauthCancelled, useReauth } from '../reauth/reauth-context.ts';
import { ME_QUERY_KEY } from '../me-context.ts';
import { useDateFormat } from '../use-date-format.ts';
import { ACCOUNT_MFA_QUERY_KEY } from './account-mfa-query.ts';

/** The person's active methods: what, which one, when added and last used; each removable. */
export function FactorList({ factors }: { factors: readonly MFAFactor[] }): React.JSX.Element {
  const { t } = useTranslation();
  if (factors.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('security.noFactors')} />;
  return (
    <ul className="factor-list">
      {factors.map((factor) => (
        <FactorRow key={factor.id} factor={factor} />
      ))}
    </ul>
  );
}

function FactorRow({ factor }: { factor: MFAFactor }): React.JSX.Element {
  const { t } = useTranslation();
  const formatDate = useDateFormat();
  const withReauth = useReauth();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [removing, setRemoving] = useState(false);
  const name = t(`mfa.methods.${factor.method}`);

  async function remove(): Promise<void> {
    setRemoving(true);
    try {
      await withReauth(() => accountMFAApi.removeFactor(factor.id));
      void message.success(t('security.removed', { method: name }));
      await queryClient.invalidateQueries({ queryKey: ACCOUNT_MFA_QUERY_KEY });
      void queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
    } catch (error) {
      if (!isReauthCancelled(error)) void message.error(errorMessage(error));
    } finally {
      setRemoving(false);
    }
  }

  return (
    <li className="factor-row" data-testid={`factor-${factor.method}`}>
      <span className="method-icon">
        <MFAMethodIcon method={factor.method} />
      </span>
      <div className="factor-text">
        <Typography.Text strong>
          {name}
          {factor.label !== null && <span className="factor-label">{factor.label}</span>}
        </Typography.Text>
        <Typography.Text type="secondary" className="factor-dates">
          {t('security.addedAt', { date: formatDate(factor.createdAt) })}
          {' · '}
          {factor.lastUsedAt === null ? t('security.neverUsed') : t('security.lastUsedAt', { date: formatDate(factor.lastUsedAt) })}
        </Typography.Text>
      </div>
      <Popconfirm
        title={t('security.removeTitle', { method: t(`mfa.inSentence.${factor.method}`) })}
        description={t('security.removeBody')}
        okText={t('security.remove')}
        okButtonProps={{ danger: true }}
        cancelText={t('common.cancel')}
        onConfirm={() => void remove()}
      >
        <Button danger loading={removing}>
          {t('security.remove')}
        </Button>
      </Popconfirm>
    </li>
  );
}
