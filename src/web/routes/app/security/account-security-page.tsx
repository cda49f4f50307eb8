import { useState } from 'react';
import { Alert, Card, Result, Skeleton, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { AccountMFA, MFAFactorMethod } from '../../../api/endpoints.ts';
import { errorMessage } from '../../../api/error-message.ts';
import { useDocumentTitle } from '../../../components/use-document-title.ts';
import { useDateFormat } from '../use-date-format.ts';
import { useAccountMFA } from './account-mfa-query.ts';
import { AddMethodList } from './add-method-list.tsx';
import { EnrollModal } from './enroll-modal.tsx';
import { FactorList } from './factor-list.tsx';
import { RecoveryCodesCard } from './recovery-codes-card.tsx';
import { RecoveryCodesModal } from './recovery-codes-modal.tsx';
import { RecoveryOptionsCard } from './recovery-options-card.tsx';
import { SessionsCard } from './sessions-card.tsx';
import { SignInHistoryCard } from './sign-in-history-card.tsx';
import { useFactorAdded } from './use-factor-added.ts';

/** Account security: the person's second factors, adding and removing them, recovery codes, ways back in,
 * where they are signed in and their recent sign-ins. */
export function AccountSecurityPage(): React.JSX.Element {
  const { t } = useTranslation();
  useDocumentTitle(t('titles.accountSecurity'));
  const mfa = useAccountMFA();
  const [adding, setAdding] = useState<MFAFactorMethod | null>(null);
  const added = useFactorAdded({ refreshMe: true });
  const [newCodes, setNewCodes] = useState<string[] | null>(null);

  return (
    <div className="app-medium">
      <div className="app-page-head">
        <div>
          <div className="title-row">
            <Typography.Title level={2}>{t('security.heading')}</Typography.Title>
            {mfa.data !== undefined && <TwoStepTag on={mfa.data.factors.length > 0} />}
          </div>
          <p>{t('security.intro')}</p>
        </div>
      </div>
      {mfa.isError ? (
        <Result status="error" title={t('security.loadFailed')} subTitle={errorMessage(mfa.error)} />
      ) : mfa.data === undefined ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
        <div className="security-cards">
          <PolicyNotice mfa={mfa.data} />
          <Card title={t('security.factorsTitle')}>
            <FactorList factors={mfa.data.factors} />
          </Card>
          <Card title={t('security.addTitle')}>
            <AddMethodList allowed={mfa.data.allowedMethods} factors={mfa.data.factors} onChoose={setAdding} />
          </Card>
          <RecoveryCodesCard remaining={mfa.data.recoveryCodesRemaining} hasFactors={mfa.data.factors.length > 0} onNewCodes={setNewCodes} />
          <RecoveryOptionsCard />
          <SessionsCard />
          <SignInHistoryCard />
        </div>
      )}
      <EnrollModal
        method={adding}
        replacing={adding === 'sms' && mfa.data?.factors.some((factor) => factor.method === 'sms') === true}
        onCancel={() => setAdding(null)}
        onConfirmed={(result) => {
          setAdding(null);
          added.onConfirmed(result);
        }}
      />
      <RecoveryCodesModal
        codes={added.recoveryCodes ?? newCodes}
        onDone={() => {
          added.clearRecoveryCodes();
          setNewCodes(null);
        }}
      />
    </div>
  );
}

function TwoStepTag({ on }: { on: boolean }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <Tag color={on ? 'green' : 'default'} className="title-tag">
      {on ? t('security.on') : t('security.off')}
    </Tag>
  );
}

/** What the company requires of this person, and by when. */
function PolicyNotice({ mfa }: { mfa: AccountMFA }): React.JSX.Element | null {
  const { t } = useTranslation();
  const formatDate = useDateFormat();
  if (!mfa.required) return null;
  if (mfa.factors.length > 0) return <Alert type="info" showIcon title={t('security.requiredDone')} />;
  return (
    <Alert
      type="warning"
      showIcon
      title={mfa.enrollmentDueAt !== null ? t('security.requiredBy', { date: formatDate(mfa.enrollmentDueAt) }) : t('security.required')}
    />
  );
}
