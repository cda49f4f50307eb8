import { useCallback, useState } from 'react';
import { useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Result, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FactorConfirmed, MFAFactorMethod } from '../../../api/endpoints.ts';
import { errorMessage } from '../../../api/error-message.ts';
import { MFAMethodIcon } from '../../../components/mfa-method-icon.tsx';
import { useDocumentTitle } from '../../../components/use-document-title.ts';
import { passkeysSupported } from '../../../components/webauthn.ts';
import { ME_QUERY_KEY, useMe } from '../me-context.ts';
import { useAccountMFA } from './account-mfa-query.ts';
import { EnrollMethod } from './enroll-method.tsx';
import { RecoveryCodesModal } from './recovery-codes-modal.tsx';

const ORDER: readonly MFAFactorMethod[] = ['passkey', 'totp', 'sms', 'email'];

/**
 * The only page of a session limited to enrolment: the company requires two-step verification
 * and this person has none yet. Choose a method, set it up, save the recovery codes, continue.
 */
export function EnrollmentPage(): React.JSX.Element {
  const { t } = useTranslation();
  useDocumentTitle(t('titles.twoStepSetup'));
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const mfa = useAccountMFA();
  const [method, setMethod] = useState<MFAFactorMethod | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [continuing, setContinuing] = useState(false);

  async function continueToApp(): Promise<void> {
    setContinuing(true);
    // The guard must see the lifted limit before leaving, or it sends the person straight back here.
    await queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY });
    navigate('/', { replace: true });
  }

  const backToChoices = useCallback(() => setMethod(null), []);

  function onConfirmed(result: FactorConfirmed): void {
    if (result.recoveryCodes !== undefined && result.recoveryCodes.length > 0) setCodes(result.recoveryCodes);
    else void continueToApp();
  }

  if (!me.mfaEnrollmentRequired && codes === null && !continuing) {
    return (
      <Result
        status="success"
        title={t('enrollment.notNeeded')}
        extra={
          <Button type="primary" onClick={() => navigate('/', { replace: true })}>
            {t('common.goHome')}
          </Button>
        }
      />
    );
  }

  const allowed = ORDER.filter((choice) => mfa.data?.allowedMethods.includes(choice));
  return (
    <div className="app-medium">
      <div className="app-page-head">
        <div>
          <Typography.Title level={2}>{t('enrollment.heading')}</Typography.Title>
          <p>{t('enrollment.intro')}</p>
        </div>
      </div>
      <Card>
        {mfa.isError ? (
          <Alert type="error" showIcon title={errorMessage(mfa.error)} />
        ) : mfa.data === undefined ? (
          <Skeleton active />
        ) : method === null ? (
          <>
            <Typography.Title level={4} className="card-subtitle">
              {t('enrollment.choose')}
            </Typography.Title>
            <ul className="enroll-choices">
              {allowed.map((choice) => (
                <li key={choice}>
                  <button type="button" className="enroll-choice" disabled={choice === 'passkey' && !passkeysSupported()} onClick={() => setMethod(choice)}>
                    <span className="method-icon">
                      <MFAMethodIcon method={choice} size={22} />
                    </span>
                    <span className="enroll-choice-text">
                      <span className="enroll-choice-name">{t(`mfa.methods.${choice}`)}</span>
                      <span className="enroll-choice-detail">{t(`security.describe.${choice}`, { email: me.user.email })}</span>
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          </>
        ) : (
          <>
            <div className="enroll-heading">
              <span className="method-icon">
                <MFAMethodIcon method={method} />
              </span>
              <Typography.Title level={4}>{t(`mfa.methods.${method}`)}</Typography.Title>
              {allowed.length > 1 && (
                <Button type="link" onClick={() => setMethod(null)}>
                  {t('enrollment.chooseAnother')}
                </Button>
              )}
            </div>
            <EnrollMethod key={method} method={method} onConfirmed={onConfirmed} onCancel={backToChoices} />
          </>
        )}
      </Card>
      <RecoveryCodesModal
        codes={codes}
        onDone={() => {
          setCodes(null);
          void continueToApp();
        }}
      />
    </div>
  );
}
