import { recoverySettingsSchema } from '../../../shared/recovery.ts';
import type { RecoverySettings } from '../../../shared/recovery.ts';
import type { Clock } from '../../infra/clock.ts';
import type { SettingsStore } from '../../settings/store.ts';
import type { AuditLog, RequestContext } from '../audit/index.ts';

const SETTINGS_KEY = 'recovery';

/** NIST SP 800-63B-4: no knowledge questions by default; at most 100 failures before a hard lock. */
export const DEFAULT_RECOVERY_SETTINGS: RecoverySettings = Object.freeze({
  securityQuestionsEnabled: false,
  pauseAfterFailures: 5,
  lockAfterFailures: 20,
});

/** Every sign-in reads these; each app server keeps them this long (a change made here applies at once). */
const CACHE_MILLISECONDS = 5000;

export interface RecoverySettingsService {
  get(): Promise<RecoverySettings>;
  set(settings: RecoverySettings, actorId: string, context: RequestContext): Promise<RecoverySettings>;
}

export function createRecoverySettings(deps: { settings: SettingsStore; audit: AuditLog; clock: Clock }): RecoverySettingsService {
  const { settings, audit, clock } = deps;
  let cached: { value: RecoverySettings; until: number } | undefined;
  return {
    get: async () => {
      const now = clock.now();
      if (cached && now < cached.until) return cached.value;
      const stored = recoverySettingsSchema.safeParse(await settings.get(SETTINGS_KEY));
      const value = stored.success ? stored.data : DEFAULT_RECOVERY_SETTINGS;
      cached = { value, until: now + CACHE_MILLISECONDS };
      return value;
    },
    set: async (value, actorId, context) => {
      await settings.put(SETTINGS_KEY, value, actorId, clock.now());
      cached = undefined;
      await audit.record({ event: 'settings.recovery_changed', context, actorId, details: { settings: value } });
      return value;
    },
  };
}
