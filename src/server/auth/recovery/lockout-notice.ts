import type { BackgroundTasks } from '../../infra/background.ts';
import type { AuditLog, RequestContext } from '../audit/index.ts';
import type { AttemptSubject } from '../lockout/index.ts';
import type { UserService } from '../users/index.ts';
import type { ResetLinks } from './reset-links/types.ts';

/**
 * When wrong passwords lock a key: the audit log hears of it, and the owner of a real, active
 * account is mailed a reset link (a reset unlocks the account). In the background, so the
 * answer that locked the key takes no longer for a real account than for an unknown identifier.
 */
export function createLockoutNotice(deps: {
  users: UserService;
  resetLinks: () => ResetLinks;
  audit: AuditLog;
  background: BackgroundTasks;
}): (subject: AttemptSubject, context: RequestContext) => Promise<void> {
  return async (subject, context) => {
    deps.background.run('lockout notice', async () => {
      await deps.audit.record({ event: 'login.locked', context, targetId: subject.userId, details: { key: subject.userId ? 'account' : 'unknown_identifier' } });
      const user = subject.userId ? await deps.users.findById(subject.userId) : undefined;
      if (user?.status === 'active') await deps.resetLinks().send(user, 'lockout', context);
    });
  };
}
