import { useQuery } from '@tanstack/react-query';
import { Alert, Descriptions, Drawer, Skeleton, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { adminApi } from '../../../api/endpoints.ts';
import type { OutboxMessageWithBody } from '../../../api/endpoints.ts';
import { errorMessage } from '../../../api/error-message.ts';
import { useDateFormat } from '../use-date-format.ts';

/** One kept message. Opening it is audited by the server; the HTML is shown as source, never rendered. */
export function OutboxMessageDrawer({ id, onClose }: { id: string | null; onClose: () => void }): React.JSX.Element {
  const { t } = useTranslation();
  const message = useQuery({
    queryKey: ['admin', 'outbox', id],
    queryFn: () => adminApi.outboxMessage(id ?? ''),
    enabled: id !== null,
    // Each opening is one audited read; do not read it again behind the person's back.
    staleTime: Infinity,
  });
  return (
    <Drawer open={id !== null} onClose={onClose} title={t('outbox.messageTitle')} size={640} destroyOnHidden>
      {message.isError ? (
        <Alert type="error" showIcon title={errorMessage(message.error)} />
      ) : message.data === undefined ? (
        <Skeleton active />
      ) : (
        <MessageBody message={message.data.message} />
      )}
    </Drawer>
  );
}

function MessageBody({ message }: { message: OutboxMessageWithBody }): React.JSX.Element {
  const { t } = useTranslation();
  const formatDate = useDateFormat();
  const text = (
    <pre className="outbox-body" data-testid="outbox-body">
      {message.bodyText}
    </pre>
  );
  return (
    <>
      <Typography.Paragraph type="secondary">{t('outbox.audited')}</Typography.Paragraph>
      <Descriptions
        column={1}
        size="small"
        bordered
        styles={{ label: { width: 120 } }}
        items={[
          { key: 'channel', label: t('outbox.columns.channel'), children: t(`outbox.channels.${message.channel}`) },
          { key: 'recipient', label: t('outbox.columns.recipient'), children: message.recipient },
          ...(message.subject !== null ? [{ key: 'subject', label: t('outbox.columns.subject'), children: message.subject }] : []),
          { key: 'createdAt', label: t('outbox.columns.createdAt'), children: formatDate(message.createdAt) },
        ]}
      />
      {message.bodyHtml === null ? (
        <div className="outbox-body-wrap">{text}</div>
      ) : (
        <Tabs
          items={[
            { key: 'text', label: t('outbox.text'), children: text },
            { key: 'html', label: t('outbox.htmlSource'), children: <pre className="outbox-body">{message.bodyHtml}</pre> },
          ]}
        />
      )}
    </>
  );
}
