import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { SignInEvent } from '../../../api/account-sessions.ts';
import { useSignInWords } from './sign-in-words.ts';

/** Success, or Failed with why in words. */
export function SignInResultTag({ event }: { event: Pick<SignInEvent, 'result' | 'reason'> }): React.JSX.Element {
  const { t } = useTranslation();
  const words = useSignInWords();
  if (event.result === 'succeeded') return <Tag color="green">{t('sessionsAndHistory.history.succeeded')}</Tag>;
  return (
    <span className="sign-in-failed">
      <Tag color="red">{t('sessionsAndHistory.history.failed')}</Tag>
      <span className="sign-in-reason">{words.reason(event.reason)}</span>
    </span>
  );
}
