import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { accountRecoveryRoutes } from './account/recovery-routes.ts';
import { adminRecoveryRequestRoutes } from './admin/recovery-requests/routes.ts';
import { createAdminRecoveryRequests } from './admin/recovery-requests/service.ts';
import type { AccountRecoveryActions } from './admin/recovery-requests/service.ts';
import type { AuditLog } from './auth/audit/index.ts';
import { createOneTimeCodes } from './auth/mfa/one-time-codes/service.ts';
import { createOneTimeCodeStore } from './auth/mfa/one-time-codes/store.ts';
import type { PasswordHasher } from './auth/passwords/index.ts';
import { createAssistedRequests } from './auth/recovery/assisted/service.ts';
import { createRecoveryRequestStore } from './auth/recovery/assisted/store.ts';
import { createRecoveryAttempts } from './auth/recovery/attempts/service.ts';
import { createRecoveryAttemptStore } from './auth/recovery/attempts/store.ts';
import { createBackupChannels } from './auth/recovery/backup-channels/service.ts';
import { createBackupChannelStore } from './auth/recovery/backup-channels/store.ts';
import { recoveryExtrasRoutes } from './auth/recovery/extras-routes.ts';
import type { ResetLinks } from './auth/recovery/reset-links/types.ts';
import { createSecurityQuestions } from './auth/recovery/security-questions/service.ts';
import { createSecurityAnswerStore } from './auth/recovery/security-questions/store.ts';
import type { RecoverySettingsService } from './auth/recovery/settings.ts';
import type { SessionService } from './auth/sessions/index.ts';
import type { UserService } from './auth/users/index.ts';
import type { Config } from './config.ts';
import type { DB } from './db/index.ts';
import type { BackgroundTasks } from './infra/background.ts';
import type { Clock } from './infra/clock.ts';
import type { Counters } from './infra/counters.ts';
import type { RandomSource } from './infra/crypto.ts';
import type { Messenger } from './infra/messages/messenger.ts';
import type { RateLimits } from './infra/rate-limits.ts';
import type { Secrets } from './infra/secrets.ts';

export interface RecoveryExtras {
  /** Under /api/auth/recovery: backup channels, security questions, "I can't get in". */
  publicRoutes: FastifyPluginAsyncZod;
  /** Under /api/account/recovery. */
  accountRoutes: FastifyPluginAsyncZod;
  /** Under /api/admin/recovery-requests. */
  adminRoutes: FastifyPluginAsyncZod;
  /** Deletes recovery attempts that ended by time. */
  sweep(): Promise<void>;
}

/**
 * Part of app.ts, kept apart to keep that file short: the ways back in besides the mailed
 * reset link (backup e-mail and phone, security questions, admin-assisted requests), built
 * from the platform services app.ts made.
 */
export function buildRecoveryExtras(deps: {
  db: DB;
  config: Pick<Config, 'defaultPhoneRegion'>;
  users: UserService;
  hasher: PasswordHasher;
  sessions: SessionService;
  resetLinks: Pick<ResetLinks, 'send' | 'issueToken'>;
  recoverySettings: RecoverySettingsService;
  adminUsers: AccountRecoveryActions;
  messenger: Messenger;
  secrets: Secrets;
  counters: Counters;
  rateLimits: RateLimits;
  background: BackgroundTasks;
  audit: AuditLog;
  clock: Clock;
  random: RandomSource;
}): RecoveryExtras {
  const { db, users, hasher, sessions, resetLinks, messenger, secrets, counters, rateLimits, background, audit, clock, random } = deps;
  const codes = createOneTimeCodes({ store: createOneTimeCodeStore(db), messenger, counters, secrets, clock, random });
  const channels = createBackupChannels({
    store: createBackupChannelStore(db),
    codes,
    messenger,
    audit,
    clock,
    random,
    defaultPhoneRegion: deps.config.defaultPhoneRegion,
  });
  const questions = createSecurityQuestions({ store: createSecurityAnswerStore(db), settings: deps.recoverySettings, hasher, secrets, messenger, audit, clock, random });
  const attempts = createRecoveryAttempts({
    store: createRecoveryAttemptStore(db),
    users,
    channels,
    questions,
    resetLinks,
    codes,
    rateLimits,
    counters,
    background,
    audit,
    clock,
    random,
  });
  const assisted = createAssistedRequests({ store: createRecoveryRequestStore(db), users, attempts, rateLimits, background, messenger, audit, clock, random });
  const recoveryRequests = createAdminRecoveryRequests({ requests: assisted, users, resetLinks, accounts: deps.adminUsers, channels, audit });
  return {
    publicRoutes: recoveryExtrasRoutes({ attempts, assisted, background }),
    accountRoutes: accountRecoveryRoutes({ channels, questions, sessions }),
    adminRoutes: adminRecoveryRequestRoutes({ recoveryRequests, sessions }),
    sweep: () => attempts.sweep(),
  };
}
