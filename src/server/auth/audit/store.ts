import type { Insertable, Selectable } from 'kysely';
import type { DB } from '../../db/index.ts';
import type { AuditEventsTable } from '../../db/schema.ts';

export type AuditEventRow = Selectable<AuditEventsTable>;

/** Where a page of the sign-in history continues: after the event at `occurredAt` with `id`. */
export interface AuditPosition {
  occurredAt: number;
  id: number;
}

export interface AuditStore {
  insert(row: Insertable<AuditEventsTable>): Promise<void>;
  /**
   * The account's sign-ins and failed attempts since `since`, newest first, after `before` when
   * given: login.succeeded, login.failed with the account as target, and mfa.verify_failed of a
   * sign-in (not of an enrolment or a step-up).
   */
  signInHistory(userId: string, options: { since: number; before?: AuditPosition; limit: number }): Promise<AuditEventRow[]>;
}

export function createAuditStore(db: DB): AuditStore {
  return {
    insert: async (row) => {
      await db.insertInto('audit_events').values(row).execute();
    },
    signInHistory: (userId, { since, before, limit }) => {
      let query = db
        .selectFrom('audit_events')
        .selectAll()
        .where('target_id', '=', userId)
        .where('occurred_at', '>=', since)
        .where((eb) =>
          eb.or([
            eb('event', 'in', ['login.succeeded', 'login.failed']),
            // details is JSON text on both databases, written by JSON.stringify with a purpose the
            // server sets; a quote inside a value is escaped, so no value can forge this pair.
            eb.and([eb('event', '=', 'mfa.verify_failed'), eb('details', 'like', '%"purpose":"sign_in"%')]),
          ]),
        );
      if (before) {
        query = query.where((eb) =>
          eb.or([eb('occurred_at', '<', before.occurredAt), eb.and([eb('occurred_at', '=', before.occurredAt), eb('id', '<', before.id)])]),
        );
      }
      return query.orderBy('occurred_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    },
  };
}
