import type { Clock } from '../../infra/clock.ts';
import type { AuditStore } from './store.ts';

export type AuditEventName =
  | 'setup.completed'
  | 'setup.failed'
  | 'login.succeeded'
  | 'login.failed'
  | 'login.paused'
  | 'logout'
  | 'password.changed'
  | 'password.change_failed'
  | 'user.created'
  | 'request.csrf_rejected'
  | 'request.forbidden'
  | 'mfa.enrolment_started'
  | 'mfa.factor_added'
  | 'mfa.factor_removed'
  | 'mfa.factors_reset'
  | 'mfa.code_sent'
  | 'mfa.code_send_failed'
  | 'mfa.verify_failed'
  | 'mfa.attempt_ended'
  | 'mfa.recovery_code_used'
  | 'mfa.recovery_codes_generated'
  | 'mfa.trusted_browser_added'
  | 'reauth.succeeded'
  | 'reauth.failed'
  | 'settings.mfa_changed'
  | 'outbox.message_opened'
  | 'login.locked'
  | 'account.unlocked'
  | 'account.disabled'
  | 'account.enabled'
  | 'sessions.revoked_by_admin'
  | 'password.temporary_issued'
  | 'password.reset_requested'
  | 'password.reset_link_sent'
  | 'password.reset_link_refused'
  | 'password.reset'
  | 'password.reset_failed'
  | 'recovery.backup_channel_added'
  | 'recovery.backup_channel_removed'
  | 'recovery.backup_code_sent'
  | 'recovery.backup_verify_failed'
  | 'recovery.backup_verified'
  | 'recovery.questions_set'
  | 'recovery.questions_removed'
  | 'recovery.questions_failed'
  | 'recovery.questions_passed'
  | 'recovery.request_filed'
  | 'recovery.request_approved'
  | 'recovery.request_rejected'
  | 'settings.recovery_changed'
  | 'session.ended'
  | 'sessions.ended_others';

/** Who asked, from where: taken from the HTTP request by the routes, passed through services. */
export interface RequestContext {
  readonly ip: string;
  readonly userAgent: string;
  readonly requestId: string;
}

export interface AuditEvent {
  event: AuditEventName;
  context: RequestContext;
  actorId?: string | null;
  targetId?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditLog {
  record(event: AuditEvent): Promise<void>;
}

const USER_AGENT_MAX_LENGTH = 512;

export function createAuditLog(deps: { store: AuditStore; clock: Clock }): AuditLog {
  return {
    record: ({ event, context, actorId = null, targetId = null, details = {} }) =>
      deps.store.insert({
        occurred_at: deps.clock.now(),
        event,
        actor_id: actorId,
        target_id: targetId,
        ip: context.ip,
        user_agent: context.userAgent.slice(0, USER_AGENT_MAX_LENGTH),
        request_id: context.requestId,
        details: JSON.stringify(details),
      }),
  };
}
