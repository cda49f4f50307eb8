import { useQueryClient } from '@tanstack/react-query';
import { Alert, Card, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api/error-message.ts';
import { ACCOUNT_SESSIONS_QUERY_KEY, useAccountSessions } from './account-sessions-query.ts';
import { EndOtherSessionsButton } from './end-other-sessions-button.tsx';
import { SessionRow } from './session-row.tsx';
import './sessions-and-history.css';

/** Where the person is signed in now; other sessions can be ended one by one or all at once. */
export function SessionsCard(): React.JSX.Element {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const sessions = useAccountSessions();
  const refresh = (): Promise<void> => queryClient.invalidateQueries({ queryKey: ACCOUNT_SESSIONS_QUERY_KEY });
  const hasOthers = sessions.data?.some((session) => !session.current) === true;

  return (
    <Card
      title={t('sessionsAndHistory.sessions.title')}
      extra={hasOthers ? <EndOtherSessionsButton onEnded={refresh} /> : undefined}
      data-testid="account-sessions"
    >
      <Typography.Paragraph type="secondary">{t('sessionsAndHistory.sessions.intro')}</Typography.Paragraph>
      {sessions.isError ? (
        <Alert type="error" showIcon title={t('sessionsAndHistory.sessions.loadFailed')} description={errorMessage(sessions.error)} />
      ) : sessions.data === undefined ? (
        <Skeleton active paragraph={{ rows: 2 }} />
      ) : (
        <>
          <ul className="factor-list">
            {sessions.data.map((session) => (
              <SessionRow key={session.id} session={session} onEnded={refresh} />
            ))}
          </ul>
          {!hasOthers && (
            <Typography.Paragraph type="secondary" className="sessions-only-one">
              {t('sessionsAndHistory.sessions.onlyThisOne')}
            </Typography.Paragraph>
          )}
        </>
      )}
    </Card>
  );
}
