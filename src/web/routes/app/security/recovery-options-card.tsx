import { useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Popconfirm, Skeleton, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { accountRecoveryApi } from '../../../api/account-recovery.ts';
import type { AccountRecovery, BackupChannel } from '../../../api/account-recovery.ts';
import { errorMessage } from '../../../api/error-message.ts';
import { MFAMethodIcon } from '../../../components/mfa-method-icon.tsx';
import { isReauthCancelled, useReauth } from '../reauth/reauth-context.ts';
import { useDateFormat } from '../use-date-format.ts';
import { BackupChannelModal } from './backup-channel-modal.tsx';
import type { BackupKind } from './backup-channel-modal.tsx';
import { SecurityQuestionsModal, useQuestionText } from './security-questions-modal.tsx';
import '../account-recovery.css';

export const ACCOUNT_RECOVERY_QUERY_KEY = ['account', 'recovery'] as const;

interface Adding {
  kind: BackupKind;
  awaitingCode: boolean;
  replacing: boolean;
}

/**
 * Ways back in without an administrator: a backup e-mail and phone (confirmed with a code), and
 * security questions when the company uses them (never on their own: only with a code to a
 * backup channel or an administrator's check).
 */
export function RecoveryOptionsCard(): React.JSX.Element {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const recovery = useQuery({ queryKey: ACCOUNT_RECOVERY_QUERY_KEY, queryFn: accountRecoveryApi.get });
  const [adding, setAdding] = useState<Adding | null>(null);
  const [questionsOpen, setQuestionsOpen] = useState(false);

  const refresh = (): Promise<void> => queryClient.invalidateQueries({ queryKey: ACCOUNT_RECOVERY_QUERY_KEY });

  return (
    <Card title={t('recoveryOptions.title')} data-testid="recovery-options">
      <Typography.Paragraph type="secondary">{t('recoveryOptions.intro')}</Typography.Paragraph>
      {recovery.isError ? (
        <Alert type="error" showIcon title={t('recoveryOptions.loadFailed')} description={errorMessage(recovery.error)} />
      ) : recovery.data === undefined ? (
        <Skeleton active paragraph={{ rows: 3 }} />
      ) : (
        <>
          <NoOptionsNotice recovery={recovery.data} />
          <ul className="factor-list recovery-options">
            {(['email', 'phone'] as const).map((kind) => (
              <BackupChannelRow
                key={kind}
                kind={kind}
                channel={kind === 'email' ? recovery.data.backupEmail : recovery.data.backupPhone}
                onAdd={(options) => setAdding({ kind, ...options })}
                onRemoved={refresh}
              />
            ))}
            {(recovery.data.securityQuestions.enabled || recovery.data.securityQuestions.configured.length > 0) && (
              <QuestionsRow recovery={recovery.data} onSet={() => setQuestionsOpen(true)} onRemoved={refresh} />
            )}
          </ul>
        </>
      )}
      <BackupChannelModal
        kind={adding?.kind ?? null}
        awaitingCode={adding?.awaitingCode ?? false}
        replacing={adding?.replacing ?? false}
        onCancel={() => {
          setAdding(null);
          // An address sent but not confirmed shows as waiting for its code.
          void refresh();
        }}
        onConfirmed={() => {
          if (adding !== null) void message.success(t(`recoveryOptions.${adding.kind}.added`));
          setAdding(null);
          void refresh();
        }}
      />
      <SecurityQuestionsModal
        open={questionsOpen}
        configured={recovery.data?.securityQuestions.configured ?? []}
        onCancel={() => setQuestionsOpen(false)}
        onSaved={() => {
          setQuestionsOpen(false);
          void message.success(t('recoveryOptions.questions.saved'));
          void refresh();
        }}
      />
    </Card>
  );
}

/** Without any confirmed backup channel, only an administrator can help after a lost password. */
function NoOptionsNotice({ recovery }: { recovery: AccountRecovery }): React.JSX.Element | null {
  const { t } = useTranslation();
  const confirmed = [recovery.backupEmail, recovery.backupPhone].some((channel) => channel?.confirmed === true);
  if (confirmed) return null;
  return <Alert type="warning" showIcon title={t('recoveryOptions.noneNotice')} className="recovery-none" />;
}

function QuestionIcon(): React.JSX.Element {
  return (
    <svg width={20} height={20} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      <circle cx="12" cy="12" r="9" />
      <path d="M9.6 9.4a2.5 2.5 0 0 1 4.8.9c0 1.7-2.4 2.2-2.4 3.7" />
      <path d="M12 17h.01" strokeWidth="2.4" />
    </svg>
  );
}

interface BackupChannelRowProps {
  kind: BackupKind;
  channel: BackupChannel | null;
  onAdd: (options: { awaitingCode: boolean; replacing: boolean }) => void;
  onRemoved: () => Promise<void>;
}

function BackupChannelRow({ kind, channel, onAdd, onRemoved }: BackupChannelRowProps): React.JSX.Element {
  const { t } = useTranslation();
  const formatDate = useDateFormat();
  const withReauth = useReauth();
  const { message } = App.useApp();
  const [removing, setRemoving] = useState(false);

  async function remove(): Promise<void> {
    setRemoving(true);
    try {
      await withReauth(kind === 'email' ? accountRecoveryApi.removeBackupEmail : accountRecoveryApi.removeBackupPhone);
      void message.success(t(`recoveryOptions.${kind}.removed`));
      await onRemoved();
    } catch (error) {
      if (!isReauthCancelled(error)) void message.error(errorMessage(error));
    } finally {
      setRemoving(false);
    }
  }

  return (
    <li className="factor-row" data-testid={`backup-${kind}`}>
      <span className="method-icon">
        <MFAMethodIcon method={kind === 'email' ? 'email' : 'sms'} />
      </span>
      <div className="factor-text">
        <Typography.Text strong>
          {t(`recoveryOptions.${kind}.name`)}
          {channel !== null && <span className="factor-label">{channel.destination}</span>}
          {channel !== null &&
            (channel.confirmed ? (
              <Tag color="green" className="method-tag">
                {t('recoveryOptions.confirmed')}
              </Tag>
            ) : (
              <Tag color="orange" className="method-tag">
                {t('recoveryOptions.unconfirmed')}
              </Tag>
            ))}
        </Typography.Text>
        <Typography.Text type="secondary">
          {channel === null
            ? t(`recoveryOptions.${kind}.describe`)
            : channel.confirmed && channel.confirmedAt !== null
              ? t('recoveryOptions.confirmedAt', { date: formatDate(channel.confirmedAt) })
              : t('recoveryOptions.awaitingCode')}
        </Typography.Text>
      </div>
      <Space size={8} wrap className="recovery-actions">
        {channel === null ? (
          <Button onClick={() => onAdd({ awaitingCode: false, replacing: false })} aria-label={t(`recoveryOptions.${kind}.addTitle`)}>
            {t('security.add')}
          </Button>
        ) : channel.confirmed ? (
          <Button onClick={() => onAdd({ awaitingCode: false, replacing: true })} aria-label={t(`recoveryOptions.${kind}.changeTitle`)}>
            {t('recoveryOptions.change')}
          </Button>
        ) : (
          <Button type="primary" onClick={() => onAdd({ awaitingCode: true, replacing: false })}>
            {t('recoveryOptions.enterCode')}
          </Button>
        )}
        {channel !== null && (
          <Popconfirm
            title={t(`recoveryOptions.${kind}.removeTitle`)}
            description={<div className="popconfirm-body">{t('recoveryOptions.removeBody')}</div>}
            okText={t('security.remove')}
            okButtonProps={{ danger: true }}
            cancelText={t('common.cancel')}
            onConfirm={() => void remove()}
          >
            <Button danger loading={removing} aria-label={t(`recoveryOptions.${kind}.removeTitle`)}>
              {t('security.remove')}
            </Button>
          </Popconfirm>
        )}
      </Space>
    </li>
  );
}

function QuestionsRow({ recovery, onSet, onRemoved }: { recovery: AccountRecovery; onSet: () => void; onRemoved: () => Promise<void> }): React.JSX.Element {
  const { t } = useTranslation();
  const questionText = useQuestionText();
  const withReauth = useReauth();
  const { message } = App.useApp();
  const [removing, setRemoving] = useState(false);
  const { enabled, configured } = recovery.securityQuestions;

  async function remove(): Promise<void> {
    setRemoving(true);
    try {
      await withReauth(accountRecoveryApi.removeSecurityQuestions);
      void message.success(t('recoveryOptions.questions.removed'));
      await onRemoved();
    } catch (error) {
      if (!isReauthCancelled(error)) void message.error(errorMessage(error));
    } finally {
      setRemoving(false);
    }
  }

  return (
    <li className="factor-row recovery-questions-row" data-testid="security-questions">
      <span className="method-icon">
        <QuestionIcon />
      </span>
      <div className="factor-text">
        <Typography.Text strong>
          {t('recoveryOptions.questions.name')}
          {configured.length > 0 && (
            <Tag color="green" className="method-tag">
              {t('recoveryOptions.questions.count', { count: configured.length })}
            </Tag>
          )}
        </Typography.Text>
        <Typography.Text type="secondary">
          {enabled ? t('recoveryOptions.questions.describe') : t('recoveryOptions.questions.turnedOff')}
        </Typography.Text>
        {configured.length > 0 && (
          <ul className="question-list">
            {configured.map((key) => (
              <li key={key}>{questionText(key)}</li>
            ))}
          </ul>
        )}
      </div>
      <Space size={8} wrap className="recovery-actions">
        {enabled && (
          <Button onClick={onSet} aria-label={configured.length > 0 ? t('recoveryOptions.questions.replaceTitle') : t('recoveryOptions.questions.setTitle')}>
            {configured.length > 0 ? t('recoveryOptions.questions.replace') : t('recoveryOptions.questions.set')}
          </Button>
        )}
        {configured.length > 0 && (
          <Popconfirm
            title={t('recoveryOptions.questions.removeTitle')}
            description={<div className="popconfirm-body">{t('recoveryOptions.questions.removeBody')}</div>}
            okText={t('security.remove')}
            okButtonProps={{ danger: true }}
            cancelText={t('common.cancel')}
            onConfirm={() => void remove()}
          >
            <Button danger loading={removing} aria-label={t('recoveryOptions.questions.removeTitle')}>
              {t('security.remove')}
            </Button>
          </Popconfirm>
        )}
      </Space>
    </li>
  );
}
