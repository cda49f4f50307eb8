import { useState } from 'react';
import { App, Button, Popconfirm } from 'antd';
import { useTranslation } from 'react-i18next';
import { accountSessionsApi } from '../../../api/account-sessions.ts';
import { errorMessage } from '../../../api/error-message.ts';

/** "Sign out everywhere else": ends every session but this one and says how many ended. */
export function EndOtherSessionsButton({ onEnded }: { onEnded: () => Promise<void> }): React.JSX.Element {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [ending, setEnding] = useState(false);

  async function endOthers(): Promise<void> {
    setEnding(true);
    try {
      const { ended } = await accountSessionsApi.endOthers();
      void message.success(
        ended === 0 ? t('sessionsAndHistory.sessions.endedNone') : t('sessionsAndHistory.sessions.endedOthers', { count: ended }),
      );
      await onEnded();
    } catch (error) {
      void message.error(errorMessage(error));
    } finally {
      setEnding(false);
    }
  }

  return (
    <Popconfirm
      title={t('sessionsAndHistory.sessions.endOthersTitle')}
      description={<div className="popconfirm-body">{t('sessionsAndHistory.sessions.endOthersBody')}</div>}
      okText={t('sessionsAndHistory.sessions.endOthersOk')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      onConfirm={() => void endOthers()}
    >
      <Button danger loading={ending}>
        {t('sessionsAndHistory.sessions.endOthers')}
      </Button>
    </Popconfirm>
  );
}
