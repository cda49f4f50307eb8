import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Dropdown, Space } from 'antd';
import type { MenuProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { adminRecoveryApi } from '../../../api/account-recovery.ts';
import type { AdminUser } from '../../../api/endpoints.ts';
import { errorMessage } from '../../../api/error-message.ts';
import { useMe } from '../me-context.ts';
import { isReauthCancelled, useReauth } from '../reauth/reauth-context.ts';
import '../account-recovery.css';
import { ResetMFAButton } from './reset-mfa-button.tsx';
import { TemporaryPasswordModal } from './temporary-password-modal.tsx';
import type { IssuedPassword } from './temporary-password-modal.tsx';

type Action = 'reset-link' | 'temporary-password' | 'unlock' | 'disable' | 'enable' | 'end-sessions';

// Each runs after a confirmation, except enable and unlock (they only give access back).
const CONFIRMED: ReadonlySet<Action> = new Set(['reset-link', 'temporary-password', 'disable', 'end-sessions']);
const DANGEROUS: ReadonlySet<Action> = new Set(['temporary-password', 'disable', 'end-sessions']);

/** What an administrator can do for one person: unlock, reset links and passwords, sessions, disabling. */
export function UserActions({ user, queryKey }: { user: AdminUser; queryKey: readonly unknown[] }): React.JSX.Element {
  const { t } = useTranslation();
  const me = useMe();
  const withReauth = useReauth();
  const queryClient = useQueryClient();
  const { message, modal } = App.useApp();
  const [busy, setBusy] = useState<Action | null>(null);
  const [issued, setIssued] = useState<IssuedPassword | null>(null);
  const self = user.id === me.user.id;
  const names = { name: user.name, email: user.email };

  async function run(action: Action): Promise<void> {
    setBusy(action);
    try {
      // Any of these may ask for a fresh proof (403 reauth_required); it continues after it.
      switch (action) {
        case 'reset-link':
          await withReauth(() => adminRecoveryApi.sendResetLink(user.id));
          break;
        case 'temporary-password': {
          const answer = await withReauth(() => adminRecoveryApi.issueTemporaryPassword(user.id));
          setIssued({ name: user.name, signInName: user.username ?? user.email, ...answer });
          break;
        }
        case 'unlock':
          await withReauth(() => adminRecoveryApi.unlock(user.id));
          break;
        case 'disable':
          await withReauth(() => adminRecoveryApi.disable(user.id));
          break;
        case 'enable':
          await withReauth(() => adminRecoveryApi.enable(user.id));
          break;
        case 'end-sessions':
          await withReauth(() => adminRecoveryApi.endSessions(user.id));
          break;
      }
      if (action !== 'temporary-password') void message.success(t(`userActions.done.${action}`, names));
      void queryClient.invalidateQueries({ queryKey });
    } catch (error) {
      if (!isReauthCancelled(error)) void message.error(errorMessage(error));
    } finally {
      setBusy(null);
    }
  }

  function choose(action: Action): void {
    if (!CONFIRMED.has(action)) {
      void run(action);
      return;
    }
    modal.confirm({
      title: t(`userActions.confirm.${action as 'reset-link'}.title`, names),
      content: <div className="confirm-body">{t(`userActions.confirm.${action as 'reset-link'}.body`, names)}</div>,
      okText: t(`userActions.confirm.${action as 'reset-link'}.ok`),
      okButtonProps: { danger: DANGEROUS.has(action) },
      cancelText: t('common.cancel'),
      // Closes at once: the outcome (and a step-up dialog, when needed) follows on its own.
      onOk: () => void run(action),
    });
  }

  const items: MenuProps['items'] = [
    { key: 'reset-link', label: t('userActions.items.reset-link') },
    // On one's own account these would end the session in use or lock oneself out.
    ...(self
      ? []
      : [
          { key: 'temporary-password', label: t('userActions.items.temporary-password') },
          { key: 'end-sessions', label: t('userActions.items.end-sessions') },
          { type: 'divider' as const },
          user.status === 'active'
            ? { key: 'disable', label: t('userActions.items.disable'), danger: true }
            : { key: 'enable', label: t('userActions.items.enable') },
        ]),
  ];

  return (
    <Space size={12} className="user-actions">
      {user.lockedAt !== null && (
        <Button size="small" type="primary" ghost loading={busy === 'unlock'} onClick={() => choose('unlock')} aria-label={t('userActions.unlockLabel', names)}>
          {t('userActions.unlock')}
        </Button>
      )}
      {/* Only where there is something to reset: a disabled button on every row is noise, and the table is wide. */}
      {user.mfaMethods.length > 0 && <ResetMFAButton user={user} queryKey={queryKey} />}
      <Dropdown menu={{ items, onClick: ({ key }) => choose(key as Action) }} trigger={['click']} placement="bottomRight">
        <Button size="small" loading={busy !== null && busy !== 'unlock'} aria-label={t('userActions.moreLabel', names)}>
          {t('userActions.more')}
        </Button>
      </Dropdown>
      <TemporaryPasswordModal issued={issued} onClose={() => setIssued(null)} />
    </Space>
  );
}
