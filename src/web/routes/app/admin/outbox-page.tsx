import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Result, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { adminApi } from '../../../api/endpoints.ts';
import type { OutboxList, OutboxMessage } from '../../../api/endpoints.ts';
import { errorMessage } from '../../../api/error-message.ts';
import { useDocumentTitle } from '../../../components/use-document-title.ts';
import { useDateFormat } from '../use-date-format.ts';
import { OutboxMessageDrawer } from './outbox-message-drawer.tsx';

const OUTBOX_QUERY_KEY = ['admin', 'outbox'] as const;

/**
 * The dev outbox: without a mail or SMS provider, Cairn keeps what it would send here, so a
 * one-machine installation works. With a provider, only the delivery status is shown.
 */
export function OutboxPage(): React.JSX.Element {
  const { t } = useTranslation();
  useDocumentTitle(t('titles.adminOutbox'));
  const formatDate = useDateFormat();
  const outbox = useQuery({ queryKey: OUTBOX_QUERY_KEY, queryFn: adminApi.outbox });
  const [openId, setOpenId] = useState<string | null>(null);

  const columns: TableColumnsType<OutboxMessage> = [
    { title: t('outbox.columns.createdAt'), dataIndex: 'createdAt', render: (createdAt: number) => formatDate(createdAt), width: 190 },
    {
      title: t('outbox.columns.channel'),
      dataIndex: 'channel',
      width: 90,
      render: (channel: OutboxMessage['channel']) => <Tag color={channel === 'sms' ? 'purple' : 'blue'}>{t(`outbox.channels.${channel}`)}</Tag>,
    },
    { title: t('outbox.columns.recipient'), dataIndex: 'recipient', width: 220, ellipsis: true },
    {
      title: t('outbox.columns.subject'),
      dataIndex: 'subject',
      ellipsis: true,
      render: (subject: string | null) => subject ?? <Typography.Text type="secondary">—</Typography.Text>,
    },
    {
      title: t('outbox.columns.status'),
      key: 'status',
      width: 150,
      render: (_value, row) => <DeliveryStatus message={row} />,
    },
    {
      title: '',
      key: 'open',
      align: 'right',
      width: 90,
      render: (_value, row) =>
        row.hasBody ? (
          <Button size="small" onClick={() => setOpenId(row.id)}>
            {t('outbox.open')}
          </Button>
        ) : null,
    },
  ];

  return (
    <>
      <div className="app-page-head">
        <div>
          <div className="title-row">
            <Typography.Title level={2}>{t('outbox.heading')}</Typography.Title>
            <Tag color="orange" className="title-tag">
              {t('outbox.devTool')}
            </Tag>
          </div>
          <p>{t('outbox.intro')}</p>
        </div>
        <Button onClick={() => void outbox.refetch()} loading={outbox.isFetching}>
          {t('outbox.refresh')}
        </Button>
      </div>
      {outbox.data !== undefined && <DeliveryNotice delivery={outbox.data.delivery} />}
      <Card styles={{ body: { padding: 0 } }}>
        {outbox.isError ? (
          <Result status="error" title={t('outbox.loadFailed')} subTitle={errorMessage(outbox.error)} />
        ) : (
          <Table<OutboxMessage>
            rowKey="id"
            columns={columns}
            dataSource={outbox.data?.data ?? []}
            loading={outbox.isPending}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: 820 }}
            locale={{ emptyText: t('outbox.empty') }}
          />
        )}
      </Card>
      <OutboxMessageDrawer id={openId} onClose={() => setOpenId(null)} />
    </>
  );
}

function DeliveryNotice({ delivery }: { delivery: OutboxList['delivery'] }): React.JSX.Element {
  const { t } = useTranslation();
  const kept = (['email', 'sms'] as const).filter((channel) => delivery[channel] === 'outbox');
  const title =
    kept.length === 2 ? t('outbox.allKept') : kept.length === 0 ? t('outbox.noneKept') : t('outbox.someKept', { channel: t(`outbox.channels.${kept[0] ?? 'email'}`) });
  return (
    <Alert
      className="outbox-notice"
      type={kept.length === 0 ? 'info' : 'warning'}
      showIcon
      title={title}
      description={kept.length > 0 ? t('outbox.configure') : undefined}
    />
  );
}

function DeliveryStatus({ message }: { message: OutboxMessage }): React.JSX.Element {
  const { t, i18n } = useTranslation();
  const key = `outbox.statuses.${message.status}`;
  const label = i18n.exists(key) ? t(key as 'outbox.statuses.sent') : message.status;
  const color = message.status === 'sent' ? 'green' : message.status === 'failed' ? 'red' : message.status === 'outbox' ? 'gold' : 'default';
  const tag = <Tag color={color}>{label}</Tag>;
  return message.lastError === null ? tag : (
    <Space size={4}>
      {tag}
      <Tooltip title={message.lastError}>
        <Typography.Text type="danger" className="outbox-error">
          {t('outbox.lastError')}
        </Typography.Text>
      </Tooltip>
    </Space>
  );
}
