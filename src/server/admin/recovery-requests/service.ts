import type { RecoveryRequestView } from '../../../shared/recovery.ts';
import type { AuditLog, RequestContext } from '../../auth/audit/index.ts';
import type { AssistedRequests, RecoveryDecision } from '../../auth/recovery/assisted/service.ts';
import type { RecoveryRequestRow } from '../../auth/recovery/assisted/store.ts';
import type { BackupChannels } from '../../auth/recovery/backup-channels/service.ts';
import type { ResetLinks } from '../../auth/recovery/reset-links/types.ts';
import type { SessionUser } from '../../auth/sessions/index.ts';
import { normaliseEmail } from '../../auth/users/index.ts';
import type { UserRow, UserService } from '../../auth/users/index.ts';
import { AppError } from '../../errors.ts';

export type ApproveInput = { action: 'reset_link'; sendTo: string; resetMFA: boolean } | { action: 'temporary_password'; resetMFA: boolean };

/** What approving does to the account, done by the administrator's user service (audited there). */
export interface AccountRecoveryActions {
  resetMFA(admin: SessionUser, userId: string, context: RequestContext): Promise<void>;
  issueTemporaryPassword(admin: SessionUser, userId: string, context: RequestContext): Promise<{ temporaryPassword: string; temporaryPasswordExpiresAt: number }>;
}

export interface AdminRecoveryRequests {
  /** Newest first. */
  list(filter: 'pending' | 'all'): Promise<RecoveryRequestView[]>;
  /**
   * Carries out an approval: a reset link to `sendTo`, or a temporary password answered once;
   * with `resetMFA` the second factors go first. recovery_request_decided, recovery_request_no_account.
   */
  approve(admin: SessionUser, id: string, input: ApproveInput, context: RequestContext): Promise<{ temporaryPassword?: string; temporaryPasswordExpiresAt?: number }>;
  reject(admin: SessionUser, id: string, reason: string, context: RequestContext): Promise<void>;
}

function parseDecision(json: string | null): RecoveryDecision | null {
  if (json === null) return null;
  try {
    return JSON.parse(json) as RecoveryDecision;
  } catch {
    return null;
  }
}

function toView(row: RecoveryRequestRow, user: UserRow | undefined): RecoveryRequestView {
  return {
    id: row.id,
    identifier: row.identifier,
    user: user
      ? { id: user.id, name: user.name, email: user.email, username: user.username, status: user.status === 'active' ? 'active' : 'disabled' }
      : null,
    message: row.message,
    contact: row.contact,
    questionsPassed: row.questions_passed === 1,
    status: row.status as RecoveryRequestView['status'],
    ip: row.ip,
    createdAt: row.created_at,
    decidedAt: row.decided_at,
    decidedBy: row.decided_by,
    decision: parseDecision(row.decision),
  };
}

export function createAdminRecoveryRequests(deps: {
  requests: AssistedRequests;
  users: Pick<UserService, 'findById' | 'list'>;
  resetLinks: Pick<ResetLinks, 'send'>;
  accounts: AccountRecoveryActions;
  channels: Pick<BackupChannels, 'confirmed'>;
  audit: AuditLog;
}): AdminRecoveryRequests {
  const { requests, users, resetLinks, accounts, audit } = deps;

  /**
   * DESIGN.md: mail goes only to addresses stored on the account. The address an impostor would
   * ask for is the contact in their own request; a person without their mailboxes gets a
   * temporary password, handed over once their identity is checked. Answers the address as
   * stored (the recipient), not as typed: a local part may be case-sensitive (RFC 5321).
   */
  async function storedAddress(user: UserRow, sendTo: string): Promise<string> {
    const backup = await deps.channels.confirmed(user.id, 'email');
    const stored = [user.email, backup?.destination].find((a) => a !== undefined && normaliseEmail(a) === normaliseEmail(sendTo));
    if (stored === undefined) throw new AppError('recovery_send_to_not_stored', { fields: { sendTo: 'not_stored' } });
    return stored;
  }

  async function pending(id: string): Promise<RecoveryRequestRow> {
    const row = await requests.find(id);
    if (!row) throw new AppError('not_found');
    if (row.status !== 'pending') throw new AppError('recovery_request_decided');
    return row;
  }

  return {
    list: async (filter) => {
      const rows = await requests.list(filter);
      const byId = new Map((await users.list()).map((user) => [user.id, user]));
      return rows.map((row) => toView(row, row.user_id ? byId.get(row.user_id) : undefined));
    },

    approve: async (admin, id, input, context) => {
      const row = await pending(id);
      const user = row.user_id ? await users.findById(row.user_id) : undefined;
      if (!user) throw new AppError('recovery_request_no_account');
      const recipient = input.action === 'reset_link' ? await storedAddress(user, input.sendTo) : undefined;
      const decision: RecoveryDecision =
        input.action === 'reset_link' ? { action: 'reset_link', sentTo: input.sendTo, mfaReset: input.resetMFA } : { action: 'temporary_password', mfaReset: input.resetMFA };
      // Decided first, so two administrators approving at once cannot both act.
      const decidedAt = await requests.decide(id, 'approved', decision, admin.id);
      let answer: { temporaryPassword?: string; temporaryPasswordExpiresAt?: number } = {};
      try {
        if (input.resetMFA) await accounts.resetMFA(admin, user.id, context);
        if (recipient !== undefined) await resetLinks.send(user, 'assisted', context, { sendTo: recipient, actorId: admin.id });
        else answer = await accounts.issueTemporaryPassword(admin, user.id, context);
      } catch (error) {
        await requests.reopen(id, decidedAt);
        throw error;
      }
      await audit.record({ event: 'recovery.request_approved', context, actorId: admin.id, targetId: user.id, details: { requestId: id, ...decision } });
      await requests.tellOwner(user, 'approved');
      return answer;
    },

    reject: async (admin, id, reason, context) => {
      const row = await pending(id);
      await requests.decide(id, 'rejected', { reason }, admin.id);
      await audit.record({ event: 'recovery.request_rejected', context, actorId: admin.id, targetId: row.user_id, details: { requestId: id, reason } });
      const user = row.user_id ? await users.findById(row.user_id) : undefined;
      if (user) await requests.tellOwner(user, 'rejected');
    },
  };
}
