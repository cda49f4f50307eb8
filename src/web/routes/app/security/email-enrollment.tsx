import { useTranslation } from 'react-i18next';
import { accountMFAApi } from '../../../api/endpoints.ts';
import { useMe } from '../me-context.ts';
import { useReauth } from '../reauth/reauth-context.ts';
import type { EnrollmentProps } from './enrollment-props.ts';
import { SentCodeForm } from './sent-code-form.tsx';

/** E-mail code: a code to the account's own address (never another one), then the code back. */
export function EmailEnrollment({ onConfirmed }: EnrollmentProps): React.JSX.Element {
  const { t } = useTranslation();
  const me = useMe();
  const withReauth = useReauth();
  return (
    <SentCodeForm
      intro={t('enroll.email.intro', { email: me.user.email })}
      send={() => withReauth(accountMFAApi.startEmail)}
      confirm={async (code) => onConfirmed(await accountMFAApi.confirmEmail(code))}
      submitText={t('enroll.confirm')}
    />
  );
}
