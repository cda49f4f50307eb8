import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { CountryCode } from 'libphonenumber-js';
import { AppError } from '../../../errors.ts';
import type { Clock } from '../../../infra/clock.ts';
import { generateId } from '../../../infra/crypto.ts';
import type { RandomSource } from '../../../infra/crypto.ts';
import { localeOf, recipientOf, utcTime } from '../../../infra/messages/compose.ts';
import type { Messenger } from '../../../infra/messages/messenger.ts';
import type { AuditLog, RequestContext } from '../../audit/index.ts';
import type { OneTimeCodes, SentCode } from '../../mfa/one-time-codes/service.ts';
import { normaliseEmail } from '../../users/index.ts';
import { backupChannelChangedMessage, backupConfirmCodeMessage } from '../extras-messages.ts';
import type { BackupChannelKind, BackupChannelRow, BackupChannelStore } from './store.ts';

/** Codes that confirm a new backup channel are bound to the pending channel and the session that added it. */
export const BACKUP_CONFIRM_PURPOSE = 'backup_confirm';

/** The person a backup channel belongs to, as much as these rules need. */
export interface ChannelOwner {
  id: string;
  email: string;
  locale: string;
}

export interface BackupChannelView {
  kind: BackupChannelKind;
  destination: string;
  confirmed: boolean;
  confirmedAt: number | null;
}

export interface BackupChannels {
  /** The confirmed channel of each kind, else the one waiting for its code; destinations masked. */
  overview(userId: string): Promise<{ backupEmail: BackupChannelView | null; backupPhone: BackupChannelView | null }>;
  /** Adds (or replaces, once confirmed) the backup e-mail: a code goes to the new address. */
  startEmail(user: ChannelOwner, address: string, sessionId: string, context: RequestContext): Promise<SentCode & { destination: string }>;
  /** Adds (or replaces, once confirmed) the backup phone: a code goes to it by SMS. Throws phone_invalid. */
  startPhone(user: ChannelOwner, phone: string, sessionId: string, context: RequestContext): Promise<SentCode & { destination: string }>;
  /** Activates the pending channel of that kind with the code sent to it. Throws mfa_code_invalid / mfa_code_expired. */
  confirm(user: ChannelOwner, kind: BackupChannelKind, code: string, sessionId: string, context: RequestContext): Promise<void>;
  /** Removes the channel of that kind, confirmed or waiting for its code; removing none is no error. */
  remove(user: ChannelOwner, kind: BackupChannelKind, context: RequestContext): Promise<void>;
  /** The confirmed channel of that kind, for getting back in. */
  confirmed(userId: string, kind: BackupChannelKind): Promise<BackupChannelRow | undefined>;
  findById(id: string): Promise<BackupChannelRow | undefined>;
}


function maskPhone(e164: string): string {
  const parsed = parsePhoneNumberFromString(e164);
  const last4 = e164.slice(-4);
  return parsed ? `+${parsed.countryCallingCode} •••• ${last4}` : `•••• ${last4}`;
}

function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  return `${address.slice(0, 1)}•••@${address.slice(at + 1)}`;
}

/** What a page or a mail shows of a channel: never the whole address or number. */
export function maskDestination(kind: BackupChannelKind, destination: string): string {
  return kind === 'phone' ? maskPhone(destination) : maskEmail(destination);
}

function toView(row: BackupChannelRow): BackupChannelView {
  return { kind: row.kind, destination: maskDestination(row.kind, row.destination), confirmed: row.status === 'active', confirmedAt: row.confirmed_at };
}

export function createBackupChannels(deps: {
  store: BackupChannelStore;
  codes: OneTimeCodes;
  messenger: Messenger;
  audit: AuditLog;
  clock: Clock;
  random: RandomSource;
  defaultPhoneRegion: string;
}): BackupChannels {
  const { store, codes, messenger, audit, clock, random } = deps;

  async function addPending(user: ChannelOwner, kind: BackupChannelKind, destination: string, sessionId: string, context: RequestContext): Promise<SentCode & { destination: string }> {
    const row: BackupChannelRow = {
      id: generateId(random),
      user_id: user.id,
      kind,
      destination,
      status: 'pending',
      created_at: clock.now(),
      confirmed_at: null,
    };
    await store.replacePending(row);
    const sent = await codes.send({
      userId: user.id,
      ip: context.ip,
      binding: { purpose: BACKUP_CONFIRM_PURPOSE, factorId: row.id, attemptId: sessionId },
      message: (code) => backupConfirmCodeMessage({ kind, to: destination, userId: user.id, locale: localeOf(user), code }),
    });
    await audit.record({ event: 'recovery.backup_code_sent', context, actorId: user.id, targetId: user.id, details: { kind, purpose: BACKUP_CONFIRM_PURPOSE } });
    return { ...sent, destination: maskDestination(kind, destination) };
  }

  return {
    overview: async (userId) => {
      const rows = await store.listForUser(userId);
      const pick = (kind: BackupChannelKind): BackupChannelView | null => {
        const row = rows.find((r) => r.kind === kind && r.status === 'active') ?? rows.find((r) => r.kind === kind);
        return row ? toView(row) : null;
      };
      return { backupEmail: pick('email'), backupPhone: pick('phone') };
    },

    startEmail: async (user, address, sessionId, context) => {
      if (normaliseEmail(address) === normaliseEmail(user.email)) {
        throw new AppError('backup_channel_same_as_primary', { fields: { email: 'same_as_primary' } });
      }
      return addPending(user, 'email', address.trim(), sessionId, context);
    },

    startPhone: async (user, phone, sessionId, context) => {
      const parsed = parsePhoneNumberFromString(phone, deps.defaultPhoneRegion as CountryCode);
      if (!parsed || !parsed.isValid()) throw new AppError('phone_invalid', { fields: { phone: 'invalid' } });
      return addPending(user, 'phone', parsed.number, sessionId, context);
    },

    confirm: async (user, kind, code, sessionId, context) => {
      const pending = await store.findPending(user.id, kind);
      if (!pending) throw new AppError('mfa_code_expired');
      try {
        await codes.verify({ purpose: BACKUP_CONFIRM_PURPOSE, factorId: pending.id, attemptId: sessionId }, code);
      } catch (error) {
        await audit.record({ event: 'recovery.backup_verify_failed', context, actorId: user.id, targetId: user.id, details: { kind, purpose: BACKUP_CONFIRM_PURPOSE } });
        throw error;
      }
      const now = clock.now();
      if (!(await store.activate(pending.id, now))) throw new AppError('mfa_code_expired');
      const destination = maskDestination(kind, pending.destination);
      await audit.record({ event: 'recovery.backup_channel_added', context, actorId: user.id, targetId: user.id, details: { kind, channelId: pending.id } });
      await messenger.notify(backupChannelChangedMessage(recipientOf(user), kind, 'added', destination, utcTime(now)));
    },

    remove: async (user, kind, context) => {
      const active = (await store.deleteKind(user.id, kind)).find((row) => row.status === 'active');
      // Only an unconfirmed one (or nothing) was there: nothing the person relied on changed.
      if (!active) return;
      await audit.record({ event: 'recovery.backup_channel_removed', context, actorId: user.id, targetId: user.id, details: { kind, channelId: active.id } });
      await messenger.notify(backupChannelChangedMessage(recipientOf(user), kind, 'removed', maskDestination(kind, active.destination), utcTime(clock.now())));
    },

    confirmed: (userId, kind) => store.findActive(userId, kind),
    findById: (id) => store.findById(id),
  };
}
