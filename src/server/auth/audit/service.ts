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
  | 'outbox.message_opened';

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
