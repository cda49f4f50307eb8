import { mfaPolicySchema } from '../../../shared/schemas.ts';
import type { MFAFactorMethod, MFAPolicy } from '../../../shared/schemas.ts';
import type { Clock } from '../../infra/clock.ts';
import type { SettingsStore } from '../../settings/store.ts';
import type { AuditLog, RequestContext } from '../audit/index.ts';

const SETTINGS_KEY = 'mfa_policy';

/**
 * Out of the box administrators must have a second factor (they hold every right); everyone
 * else may. A week's grace lets a new administrator sign in and set it up.
 */
export const DEFAULT_MFA_POLICY: MFAPolicy = Object.freeze({
  mode: 'roles',
  roles: ['admin'],
  allowedMethods: ['totp', 'sms', 'email', 'passkey'],
  gracePeriodDays: 7,
  trustBrowserAllowed: true,
}) as MFAPolicy;

export interface MFAPolicyService {
  get(): Promise<MFAPolicy>;
  set(policy: MFAPolicy, actorId: string, context: RequestContext): Promise<MFAPolicy>;
}

export function requiresMFA(policy: MFAPolicy, role: string): boolean {
  return policy.mode === 'everyone' || (policy.mode === 'roles' && (policy.roles as readonly string[]).includes(role));
}

export function isMethodAllowed(policy: MFAPolicy, method: MFAFactorMethod): boolean {
  return policy.allowedMethods.includes(method);
}

/**
 * Every sign-in reads the policy; each app server keeps it this long. A change made on another
 * app server applies here within this time; one made here applies at once.
 */
export const MFA_POLICY_CACHE_MILLISECONDS = 5000;

export function createMFAPolicyService(deps: { settings: SettingsStore; audit: AuditLog; clock: Clock }): MFAPolicyService {
  const { settings, audit, clock } = deps;
  let cached: { policy: MFAPolicy; until: number } | undefined;
  return {
    get: async () => {
      const now = clock.now();
      if (cached && now < cached.until) return cached.policy;
      const stored = mfaPolicySchema.safeParse(await settings.get(SETTINGS_KEY));
      const policy = stored.success ? stored.data : DEFAULT_MFA_POLICY;
      cached = { policy, until: now + MFA_POLICY_CACHE_MILLISECONDS };
      return policy;
    },
    set: async (policy, actorId, context) => {
      const normalized: MFAPolicy = { ...policy, roles: [...new Set(policy.roles)], allowedMethods: [...new Set(policy.allowedMethods)] };
      await settings.put(SETTINGS_KEY, normalized, actorId, clock.now());
      cached = undefined;
      await audit.record({ event: 'settings.mfa_changed', context, actorId, details: { policy: normalized } });
      return normalized;
    },
  };
}
