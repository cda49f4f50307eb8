import { useState } from 'react';
import { App, Button, Popconfirm, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { accountSessionsApi } from '../../../api/account-sessions.ts';
import type { AccountSession } from '../../../api/account-sessions.ts';
import { errorMessage } from '../../../api/error-message.ts';
import { useDateFormat } from '../use-date-format.ts';
import { DeviceIcon } from './device-icon.tsx';
import { useDeviceText } from './use-device-text.ts';

interface SessionRowProps {
  session: AccountSession;
  onEnded: () => Promise<void>;
}

/** One signed-in browser; another one can be ended here (this one signs out from the header). */
export function SessionRow({ session, onEnded }: SessionRowProps): React.JSX.Element {
  const { t } = useTranslation();
  const formatDate = useDateFormat();
  const deviceText = useDeviceText();
  const { message } = App.useApp();
  const [ending, setEnding] = useState(false);
  const name = deviceText(session);

  async function end(): Promise<void> {
    setEnding(true);
    try {
      await accountSessionsApi.end(session.id);
      void message.success(t('sessionsAndHistory.sessions.ended'));
      await onEnded();
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setEnding(false);
    }
  }

  return (
    <li className="factor-row" data-testid="session-row">
      <span className="method-icon" title={t(`sessionsAndHistory.device.${session.device}`)}>
        <DeviceIcon kind={session.device} />
      </span>
      <div className="factor-text">
        <Typography.Text strong>
          {name}
          {session.current && (
            <Tag color="blue" className="method-tag">
              {t('sessionsAndHistory.sessions.thisDevice')}
            </Tag>
          )}
        </Typography.Text>
        <Typography.Text type="secondary" className="factor-dates">
          {[
            t('sessionsAndHistory.sessions.ip', { ip: session.ip }),
            t('sessionsAndHistory.sessions.firstSeen', { date: formatDate(session.createdAt) }),
            session.current ? t('sessionsAndHistory.sessions.activeNow') : t('sessionsAndHistory.sessions.lastSeen', { date: formatDate(session.lastSeenAt) }),
          ].join(' · ')}
        </Typography.Text>
      </div>
      {!session.current && (
        <Popconfirm
          title={t('sessionsAndHistory.sessions.endTitle')}
          description={<div className="popconfirm-body">{t('sessionsAndHistory.sessions.endBody')}</div>}
          okText={t('sessionsAndHistory.sessions.end')}
          okButtonProps={{ danger: true }}
          cancelText={t('common.cancel')}
          onConfirm={() => void end()}
        >
          <Button danger loading={ending} aria-label={t('sessionsAndHistory.sessions.endLabel', { device: name })}>
            {t('sessionsAndHistory.sessions.end')}
          </Button>
        </Popconfirm>
      )}
    </li>
  );
}
