import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Popconfirm, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { accountMFAApi } from '../../../api/endpoints.ts';
import { errorMessage } from '../../../api/error-message.ts';
import { isReauthCancelled, useReauth } from '../reauth/reauth-context.ts';
import { ACCOUNT_MFA_QUERY_KEY } from './account-mfa-query.ts';

// Fewer left than this, and the person is told to make new ones.
const FEW_RECOVERY_CODES = 3;

interface RecoveryCodesCardProps {
  remaining: number;
  hasFactors: boolean;
  onNewCodes: (codes: string[]) => void;
}

export function RecoveryCodesCard({ remaining, hasFactors, onNewCodes }: RecoveryCodesCardProps): React.JSX.Element {
  const { t } = useTranslation();
  const withReauth = useReauth();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [generating, setGenerating] = useState(false);

  async function generate(): Promise<void> {
    setGenerating(true);
    try {
      const { recoveryCodes } = await withReauth(accountMFAApi.newRecoveryCodes);
      onNewCodes(recoveryCodes);
      void queryClient.invalidateQueries({ queryKey: ACCOUNT_MFA_QUERY_KEY });
    } catch (error) {
      if (!isReauthCancelled(error)) void message.error(errorMessage(error));
    } finally {
      setGenerating(false);
    }
  }

  return (
    <Card title={t('security.recoveryTitle')}>
      <Typography.Paragraph type="secondary">{t('security.recoveryIntro')}</Typography.Paragraph>
      {hasFactors ? (
        <div className="recovery-summary">
          <div>
            <Typography.Text strong data-testid="recovery-codes-remaining">
              {t('security.recoveryRemaining', { remaining })}
            </Typography.Text>
            {remaining < FEW_RECOVERY_CODES && (
              <Typography.Text type="warning" className="recovery-low">
                {t('security.recoveryLow')}
              </Typography.Text>
            )}
          </div>
          <Popconfirm
            title={t('security.newCodesTitle')}
            description={t('security.newCodesBody')}
            okText={t('security.newCodesConfirm')}
            cancelText={t('common.cancel')}
            onConfirm={() => void generate()}
          >
            <Button loading={generating}>{t('security.newCodes')}</Button>
          </Popconfirm>
        </div>
      ) : (
        <Typography.Text type="secondary">{t('security.recoveryNone')}</Typography.Text>
      )}
    </Card>
  );
}
