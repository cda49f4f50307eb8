import { useInfiniteQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { accountSessionsApi } from '../../../api/account-sessions.ts';
import type { SignInEvent } from '../../../api/account-sessions.ts';
import { errorMessage } from '../../../api/error-message.ts';
import { useDateFormat } from '../use-date-format.ts';
import { DeviceIcon } from './device-icon.tsx';
import { SignInResultTag } from './sign-in-result-tag.tsx';
import { useSignInWords } from './sign-in-words.ts';
import { useDeviceText } from './use-device-text.ts';
import './sessions-and-history.css';

export const SIGN_IN_HISTORY_QUERY_KEY = ['account', 'sign-ins'] as const;
// Narrower than this (a phone), the table scrolls sideways instead of squeezing every column.
const MIN_TABLE_WIDTH_PIXELS = 640;

/** The last 90 days of sign-ins and failed attempts, newest first, a page at a time. */
export function SignInHistoryCard(): React.JSX.Element {
  const { t } = useTranslation();
  const history = useInfiniteQuery({
    queryKey: SIGN_IN_HISTORY_QUERY_KEY,
    queryFn: ({ pageParam }) => accountSessionsApi.signIns(pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  const columns = useColumns();
  const events = history.data?.pages.flatMap((page) => page.data) ?? [];

  return (
    <Card title={t('sessionsAndHistory.history.title')} data-testid="sign-in-history">
      <Typography.Paragraph type="secondary">{t('sessionsAndHistory.history.intro')}</Typography.Paragraph>
      {history.isError && history.data === undefined ? (
        <Alert type="error" showIcon title={t('sessionsAndHistory.history.loadFailed')} description={errorMessage(history.error)} />
      ) : (
        <>
          <Table<SignInEvent>
            size="small"
            rowKey="id"
            columns={columns}
            dataSource={events}
            loading={history.isPending}
            pagination={false}
            scroll={{ x: MIN_TABLE_WIDTH_PIXELS }}
            locale={{ emptyText: t('sessionsAndHistory.history.empty') }}
          />
          {history.isFetchNextPageError && (
            <Alert type="error" showIcon className="sign-in-more-error" title={t('sessionsAndHistory.history.loadFailed')} description={errorMessage(history.error)} />
          )}
          {history.hasNextPage && (
            <div className="sign-in-more">
              <Button loading={history.isFetchingNextPage} onClick={() => void history.fetchNextPage()}>
                {t('sessionsAndHistory.history.loadMore')}
              </Button>
            </div>
          )}
        </>
      )}
    </Card>
  );
}

function useColumns(): TableColumnsType<SignInEvent> {
  const { t } = useTranslation();
  const formatDate = useDateFormat();
  const deviceText = useDeviceText();
  const words = useSignInWords();
  return [
    { key: 'at', title: t('sessionsAndHistory.history.time'), render: (_, event) => <span className="sign-in-time">{formatDate(event.at)}</span> },
    { key: 'result', title: t('sessionsAndHistory.history.result'), render: (_, event) => <SignInResultTag event={event} /> },
    { key: 'method', title: t('sessionsAndHistory.history.method'), render: (_, event) => words.method(event.method) },
    {
      key: 'device',
      title: t('sessionsAndHistory.history.device'),
      render: (_, event) => (
        <span className="sign-in-device" title={t(`sessionsAndHistory.device.${event.device}`)}>
          <DeviceIcon kind={event.device} />
          {deviceText(event)}
        </span>
      ),
    },
    { key: 'ip', title: t('sessionsAndHistory.history.ip'), render: (_, event) => <span className="sign-in-ip">{event.ip}</span> },
  ];
}
