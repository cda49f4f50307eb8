import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Result, Segmented, Skeleton, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { RecoveryRequest, RecoveryRequestFilter } from '../../../api/account-recovery.ts';
import { adminApi } from '../../../api/endpoints.ts';
import { errorMessage } from '../../../api/error-message.ts';
import { useDocumentTitle } from '../../../components/use-document-title.ts';
import { useDateFormat } from '../use-date-format.ts';
import { ApproveRequestModal, RejectRequestModal } from './recovery-decision-modals.tsx';
import { RECOVERY_REQUESTS_QUERY_KEY, useRecoveryRequests } from './recovery-requests-query.ts';
import { TemporaryPasswordModal } from './temporary-password-modal.tsx';
import type { IssuedPassword } from './temporary-password-modal.tsx';
import '../account-recovery.css';

const STATUS_COLORS: Record<RecoveryRequest['status'], string> = { pending: 'gold', approved: 'green', rejected: 'default' };

/** "I can't get in" requests: who asked, for which account, and the administrator's decision. */
export function RecoveryRequestsPage(): React.JSX.Element {
  const { t } = useTranslation();
  useDocumentTitle(t('recoveryRequests.heading'));
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [filter, setFilter] = useState<RecoveryRequestFilter>('pending');
  const requests = useRecoveryRequests(filter);
  const pending = useRecoveryRequests('pending');
  const [approving, setApproving] = useState<RecoveryRequest | null>(null);
  const [rejecting, setRejecting] = useState<RecoveryRequest | null>(null);
  const [issued, setIssued] = useState<IssuedPassword | null>(null);

  const refresh = (): void => void queryClient.invalidateQueries({ queryKey: RECOVERY_REQUESTS_QUERY_KEY });
  const pendingCount = pending.data?.data.length;

  return (
    <div className="request-page">
      <div className="app-page-head">
        <div>
          <Typography.Title level={2}>{t('recoveryRequests.heading')}</Typography.Title>
          <p>{t('recoveryRequests.intro')}</p>
        </div>
      </div>
      <Segmented<RecoveryRequestFilter>
        value={filter}
        onChange={setFilter}
        options={[
          { value: 'pending', label: pendingCount === undefined ? t('recoveryRequests.filters.pending') : t('recoveryRequests.filters.pendingCount', { count: pendingCount }) },
          { value: 'all', label: t('recoveryRequests.filters.all') },
        ]}
        className="request-filter"
      />
      {requests.isError ? (
        <Result status="error" title={t('recoveryRequests.loadFailed')} subTitle={errorMessage(requests.error)} />
      ) : requests.data === undefined ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : requests.data.data.length === 0 ? (
        <Card>
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={filter === 'pending' ? t('recoveryRequests.emptyPending') : t('recoveryRequests.empty')} />
        </Card>
      ) : (
        <ul className="request-list">
          {requests.data.data.map((request) => (
            <RequestCard key={request.id} request={request} onApprove={() => setApproving(request)} onReject={() => setRejecting(request)} />
          ))}
        </ul>
      )}
      <ApproveRequestModal
        request={approving}
        onCancel={() => setApproving(null)}
        onApproved={(request, values, answer) => {
          setApproving(null);
          refresh();
          const account = request.user;
          if (answer.temporaryPassword !== undefined && answer.temporaryPasswordExpiresAt !== undefined && account !== null) {
            setIssued({
              name: account.name,
              signInName: account.username ?? account.email,
              temporaryPassword: answer.temporaryPassword,
              temporaryPasswordExpiresAt: answer.temporaryPasswordExpiresAt,
            });
          } else {
            void message.success(t('recoveryRequests.approve.linkSent', { email: values.sendTo.trim() }));
          }
        }}
      />
      <RejectRequestModal
        request={rejecting}
        onCancel={() => setRejecting(null)}
        onRejected={() => {
          setRejecting(null);
          refresh();
          void message.success(t('recoveryRequests.reject.done'));
        }}
      />
      <TemporaryPasswordModal issued={issued} onClose={() => setIssued(null)} />
    </div>
  );
}

interface RequestCardProps {
  request: RecoveryRequest;
  onApprove: () => void;
  onReject: () => void;
}

function RequestCard({ request, onApprove, onReject }: RequestCardProps): React.JSX.Element {
  const { t } = useTranslation();
  const formatDate = useDateFormat();
  const account = request.user;
  return (
    <li>
      <Card className="request-card" data-testid="recovery-request">
        <div className="request-head">
          <div className="request-title">
            <Typography.Text strong className="request-identifier">
              {request.identifier}
            </Typography.Text>
            <Tag color={STATUS_COLORS[request.status]}>{t(`recoveryRequests.status.${request.status}`)}</Tag>
          </div>
          <Typography.Text type="secondary" className="request-time">
            {formatDate(request.createdAt)}
          </Typography.Text>
        </div>
        <dl className="request-fields">
          <dt>{t('recoveryRequests.fields.account')}</dt>
          <dd>
            {account === null ? (
              <Typography.Text type="danger">{t('recoveryRequests.noAccount')}</Typography.Text>
            ) : (
              <>
                <Typography.Text strong>{account.name}</Typography.Text>
                <span className="request-muted"> · {account.email}</span>
                {account.status === 'disabled' && (
                  <Tag className="request-inline-tag">{t('admin.status.disabled')}</Tag>
                )}
              </>
            )}
          </dd>
          <dt>{t('recoveryRequests.fields.contact')}</dt>
          <dd>{request.contact}</dd>
          <dt>{t('recoveryRequests.fields.questions')}</dt>
          <dd>
            {request.questionsPassed ? (
              <Tag color="green" className="request-inline-tag first">
                {t('recoveryRequests.questionsPassed')}
              </Tag>
            ) : (
              <span className="request-muted">{t('recoveryRequests.questionsNotAnswered')}</span>
            )}
          </dd>
          <dt>{t('recoveryRequests.fields.ip')}</dt>
          <dd className="request-ip">{request.ip}</dd>
        </dl>
        <div className="request-message">
          <Typography.Text type="secondary" className="request-message-label">
            {t('recoveryRequests.fields.message')}
          </Typography.Text>
          <blockquote>{request.message}</blockquote>
        </div>
        {request.status === 'pending' ? (
          <div className="request-actions">
            {account === null ? (
              <Tooltip title={t('recoveryRequests.cannotApprove')}>
                <Button type="primary" disabled>
                  {t('recoveryRequests.approveButton')}
                </Button>
              </Tooltip>
            ) : (
              <Button type="primary" onClick={onApprove}>
                {t('recoveryRequests.approveButton')}
              </Button>
            )}
            <Button onClick={onReject}>{t('recoveryRequests.rejectButton')}</Button>
          </div>
        ) : (
          <Decision request={request} />
        )}
      </Card>
    </li>
  );
}

/** What was decided, when and by whom. */
function Decision({ request }: { request: RecoveryRequest }): React.JSX.Element {
  const { t } = useTranslation();
  const formatDate = useDateFormat();
  const adminName = useUserName(request.decidedBy);
  const decision = request.decision;
  const when = request.decidedAt !== null ? formatDate(request.decidedAt) : '';
  let what: string;
  if (request.status === 'rejected') {
    what = t('recoveryRequests.decision.rejected', { reason: decision?.reason ?? '' });
  } else if (decision?.action === 'temporary_password') {
    what = t('recoveryRequests.decision.temporaryPassword');
  } else {
    what = t('recoveryRequests.decision.resetLink', { email: decision?.sentTo ?? request.user?.email ?? '' });
  }
  return (
    <div className={`request-decision request-decision--${request.status}`}>
      <Typography.Text>{what}</Typography.Text>
      {decision?.mfaReset === true && <Typography.Text> {t('recoveryRequests.decision.mfaReset')}</Typography.Text>}
      <Typography.Text type="secondary" className="request-decided-by">
        {adminName !== null ? t('recoveryRequests.decision.byWhen', { name: adminName, date: when }) : when}
      </Typography.Text>
    </div>
  );
}

/** decidedBy names a user by id: shown by name when the users list knows it. */
function useUserName(userId: string | null): string | null {
  const users = useQuery({ queryKey: ['admin', 'users'], queryFn: adminApi.listUsers, enabled: userId !== null });
  if (userId === null) return null;
  return users.data?.data.find((user) => user.id === userId)?.name ?? userId;
}
