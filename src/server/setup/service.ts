import type { AuditLog, RequestContext } from '../auth/audit/index.ts';
import { assertAcceptableNewPassword } from '../auth/passwords/index.ts';
import type { NewSession } from '../auth/sessions/index.ts';
import type { UserRow, UserService } from '../auth/users/index.ts';
import { AppError } from '../errors.ts';
import type { Locale } from '../errors.ts';
import type { Clock } from '../infra/clock.ts';
import { generateToken, hashToken } from '../infra/crypto.ts';
import type { RandomSource } from '../infra/crypto.ts';
import type { SetupTokenStore } from './store.ts';

/** Issue 2: the first-run link is single-use and expires in one hour. */
export const SETUP_TOKEN_TTL_MILLISECONDS = 60 * 60 * 1000;

export interface SetupInput {
  token: string;
  name: string;
  email: string;
  username: string;
  password: string;
}

/** First run: while no administrator exists, a one-time link lets the operator create one. */
export interface SetupService {
  isNeeded(): Promise<boolean>;
  /** A new one-time token, or null when an administrator already exists. */
  issueToken(): Promise<{ token: string; expiresAt: number } | null>;
  complete(input: SetupInput, locale: Locale, context: RequestContext): Promise<{ token: string; expiresAt: number }>;
}

export function createSetupService(deps: {
  store: SetupTokenStore;
  users: UserService;
  /** Opens the first administrator's session as a sign-in does (the second-factor grace period starts). */
  startSession: (user: UserRow, context: RequestContext) => Promise<NewSession>;
  audit: AuditLog;
  clock: Clock;
  random: RandomSource;
}): SetupService {
  const { store, users, startSession, audit, clock, random } = deps;
  const isNeeded = async (): Promise<boolean> => !(await users.hasAdministrator());
  return {
    isNeeded,
    issueToken: async () => {
      if (!(await isNeeded())) return null;
      const token = generateToken(random);
      const now = clock.now();
      const expiresAt = now + SETUP_TOKEN_TTL_MILLISECONDS;
      await store.insert(hashToken(token), now, expiresAt);
      return { token, expiresAt };
    },
    complete: async (input, locale, context) => {
      if (!(await isNeeded())) throw new AppError('setup_completed');
      assertAcceptableNewPassword(input.password);
      const tokenHash = hashToken(input.token);
      if (!(await store.consume(tokenHash, clock.now()))) {
        await audit.record({ event: 'setup.failed', context, details: { reason: 'setup_token_invalid' } });
        throw new AppError('setup_token_invalid');
      }
      let admin;
      try {
        admin = await users.createWithPassword(
          { email: input.email, name: input.name, username: input.username, role: 'admin', locale },
          input.password,
        );
      } catch (error) {
        // e.g. the e-mail is taken by a user made with the CLI: the operator may correct the form and retry.
        await store.release(tokenHash);
        throw error;
      }
      const session = await startSession(admin, context);
      await audit.record({ event: 'setup.completed', context, actorId: admin.id, targetId: admin.id });
      return session;
    },
  };
}
