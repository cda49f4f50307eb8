import { useTranslation } from 'react-i18next';
import { accountMFAApi } from '../../../api/endpoints.ts';
import type { FactorConfirmed } from '../../../api/endpoints.ts';
import { useMe } from '../me-context.ts';
import { SentCodeForm } from './sent-code-form.tsx';

/** E-mail code: a code to the account's own address (never another one), then the code back. */
export function EmailEnrollment({ onConfirmed }: { onConfirmed: (result: FactorConfirmed) => void }): React.JSX.Element {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <SentCodeForm
      intro={t('enroll.email.intro', { email: me.user.email })}
      send={accountMFAApi.startEmail}
      confirm={async (code) => onConfirmed(await accountMFAApi.confirmEmail(code))}
      submitText={t('enroll.confirm')}
    />
  );
}
