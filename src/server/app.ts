import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUI from '@fastify/swagger-ui';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import { accountRoutes } from './account/routes.ts';
import { accountSecurityRoutes } from './account/security-routes.ts';
import { createAccountSecurity } from './account/security.ts';
import { adminOutboxRoutes } from './admin/outbox/routes.ts';
import { createOutboxService } from './admin/outbox/service.ts';
import { adminUserRoutes } from './admin/users/routes.ts';
import { createAdminUserService } from './admin/users/service.ts';
import type { AdminUserService } from './admin/users/service.ts';
import { createAuditLog, createAuditStore } from './auth/audit/index.ts';
import { createLockouts, createLockoutStore, createLoginThrottle } from './auth/lockout/index.ts';
import { createLockoutNotice } from './auth/recovery/lockout-notice.ts';
import { createPasswordResetRequests } from './auth/recovery/request.ts';
import { createResetLinks } from './auth/recovery/reset-links/service.ts';
import { createResetTokenStore } from './auth/recovery/reset-links/store.ts';
import { passwordResetRoutes } from './auth/recovery/routes.ts';
import { createRecoverySettings } from './auth/recovery/settings.ts';
import { createPendingSignInCookie } from './auth/login/pending-cookie.ts';
import { createPendingSignInStore } from './auth/login/pending-store.ts';
import { createPendingSignIns } from './auth/login/pending.ts';
import { createReauthentication } from './auth/login/reauth.ts';
import { loginRoutes } from './auth/login/routes.ts';
import { createSecondFactorStep } from './auth/login/second-factor.ts';
import { createLoginService } from './auth/login/service.ts';
import { createStartSession } from './auth/login/start-session.ts';
import { createFactorStore } from './auth/mfa/factors/store.ts';
import { createGuessLimit } from './auth/mfa/guess-limit.ts';
import { createOneTimeCodes } from './auth/mfa/one-time-codes/service.ts';
import { createOneTimeCodeStore } from './auth/mfa/one-time-codes/store.ts';
import { createChallengeStore } from './auth/mfa/passkeys/challenge-store.ts';
import { createPasswordlessRequestLimit } from './auth/mfa/passkeys/request-limit.ts';
import { createPasskeys } from './auth/mfa/passkeys/service.ts';
import { createMFAPolicyService } from './auth/mfa/policy.ts';
import { createRecoveryCodes } from './auth/mfa/recovery-codes/service.ts';
import { createRecoveryCodeStore } from './auth/mfa/recovery-codes/store.ts';
import { accountMFARoutes } from './auth/mfa/routes.ts';
import { createMFAService } from './auth/mfa/service.ts';
import { createTrustedBrowserCookie, createTrustedBrowsers } from './auth/mfa/trusted-browsers/service.ts';
import { createTrustedBrowserStore } from './auth/mfa/trusted-browsers/store.ts';
import { adminSettingsRoutes } from './admin/settings/routes.ts';
import { createPasswordHasher } from './auth/passwords/index.ts';
import type { PasswordHasher } from './auth/passwords/index.ts';
import {
  assertEveryRouteDeclaresAuth,
  createSessionCookie,
  createSessionService,
  createSessionStore,
  installSessionGuard,
  SESSION_PURGE_INTERVAL_MILLISECONDS,
} from './auth/sessions/index.ts';
import { createUserService, createUserStore } from './auth/users/index.ts';
import type { Config } from './config.ts';
import type { DatabaseHandle } from './db/index.ts';
import { isAPIRequest } from './http/api-path.ts';
import { installErrorHandling, sendError } from './http/error-handler.ts';
import { BODY_LIMIT_BYTES, REQUEST_TIMEOUT_MILLISECONDS } from './http/limits.ts';
import { installOriginCheck } from './http/origin-check.ts';
import { installSecurityHeaders } from './http/security-headers.ts';
import { declareRoutesPublic } from './http/public-routes.ts';
import { registerWebApp, WEB_DIST_DIR } from './http/web-app.ts';
import { systemClock } from './infra/clock.ts';
import type { Clock } from './infra/clock.ts';
import { createBackgroundTasks } from './infra/background.ts';
import type { BackgroundTasks } from './infra/background.ts';
import { createMemoryCounters } from './infra/counters.ts';
import type { Counters } from './infra/counters.ts';
import { openRedisCounters } from './infra/redis-counters.ts';
import { systemRandom } from './infra/crypto.ts';
import { createRateLimits } from './infra/rate-limits.ts';
import type { RandomSource } from './infra/crypto.ts';
import { createMessageStore, createMessenger } from './infra/messages/index.ts';
import { createSecrets } from './infra/secrets.ts';
import { buildRecoveryExtras } from './recovery-extras.ts';
import { createSettingsStore } from './settings/store.ts';
import type { MessengerService } from './infra/messages/index.ts';
import { createSetupTokenStore } from './setup/store.ts';
import { createSetupService } from './setup/service.ts';
import type { SetupService } from './setup/service.ts';
import { setupRoutes } from './setup/routes.ts';


/**
 * Logs never contain passwords, codes, tokens or cookies (DESIGN.md). Fastify's request log
 * carries neither headers nor bodies; these paths guard the places where one could be logged.
 * Exact paths, not wildcards: a wildcard walks every object of every log line (measured at
 * about 8 % of a session-checked request).
 */
export const LOG_REDACT_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  'body.password',
  'body.currentPassword',
  'body.newPassword',
  'body.token',
  'body.temporaryPassword',
  'body.code',
  'body.credential',
];

export interface AppDependencies {
  config: Config;
  database: DatabaseHandle;
  clock?: Clock;
  random?: RandomSource;
  hasher?: PasswordHasher;
  counters?: Counters;
  /** 32 bytes; see loadOrCreateSecretsKey. Required unless the configuration carries SECRETS_KEY. */
  secretsKey?: Buffer;
  /** The built web app; tests of the API alone may point it elsewhere. */
  webDistDir?: string;
  logger?: boolean;
}

export interface CairnApp {
  app: FastifyInstance;
  setup: SetupService;
  messenger: MessengerService;
  /** Work done after answers were sent (e.g. mailing a reset link); tests wait for it. */
  background: BackgroundTasks;
  /** For the command line's account actions. */
  adminUsers: AdminUserService;
}

/** Builds the Fastify app from the domain plugins. No I/O beyond what the dependencies do. */
export async function buildApp(deps: AppDependencies): Promise<CairnApp> {
  const { config, database } = deps;
  const db = database.db;
  const clock = deps.clock ?? systemClock;
  const random = deps.random ?? systemRandom;
  const hasher = deps.hasher ?? createPasswordHasher();

  const app = Fastify({
    logger: deps.logger === false ? false : { level: config.logLevel, redact: { paths: LOG_REDACT_PATHS, censor: '[redacted]' } },
    trustProxy: config.trustProxy.length > 0 ? config.trustProxy : false,
    genReqId: () => randomUUID(),
    bodyLimit: BODY_LIMIT_BYTES,
    requestTimeout: REQUEST_TIMEOUT_MILLISECONDS,
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<ZodTypeProvider>();
  // Only JSON bodies: text/plain is what a cross-site form can post without a CORS preflight.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  assertEveryRouteDeclaresAuth(app);
  installErrorHandling(app);

  const secretsKey = deps.secretsKey ?? config.secretsKey;
  if (!secretsKey) throw new Error('buildApp needs a secrets key (SECRETS_KEY or loadOrCreateSecretsKey)');
  const secrets = createSecrets(secretsKey);
  // Shared by every app server when REDIS_URL is set; start-up waits for Redis, and fails without it.
  const redis = deps.counters || !config.redisURL ? undefined : openRedisCounters({ url: config.redisURL, log: app.log });
  if (redis) {
    app.addHook('onReady', async () => redis.connect());
    app.addHook('onClose', async () => redis.close());
  }
  const counters = deps.counters ?? redis?.counters ?? createMemoryCounters();
  const audit = createAuditLog({ store: createAuditStore(db), clock });
  const sessions = createSessionService({ store: createSessionStore(db), clock, random });
  const resetTokens = createResetTokenStore(db);
  const users = createUserService({
    store: createUserStore(db),
    hasher,
    clock,
    random,
    onUserChanged: sessions.forgetUser,
    // Every way of changing a password voids the account's reset links.
    onPasswordChanged: (userId) => resetTokens.deleteForUser(userId),
  });
  const cookie = createSessionCookie({ secure: config.secureCookies });
  const pendingCookie = createPendingSignInCookie({ secure: config.secureCookies });
  const trustedCookie = createTrustedBrowserCookie({ secure: config.secureCookies });
  const background = createBackgroundTasks(app.log);
  // Work started after an answer finishes before the database closes.
  app.addHook('onClose', async () => background.whenIdle());
  const recoverySettings = createRecoverySettings({ settings: createSettingsStore(db), audit, clock });
  const lockouts = createLockouts({ counters, store: createLockoutStore(db) });
  const throttle = createLoginThrottle({
    counters,
    store: createLockoutStore(db),
    settings: recoverySettings,
    clock,
    // Late-bound: the reset links need services built below.
    onLocked: createLockoutNotice({ users, resetLinks: () => resetLinks, audit, background }),
  });
  const rateLimits = createRateLimits({ counters, clock });
  const messenger = createMessenger({ config, db, clock, random, log: app.log });
  app.addHook('onReady', async () => messenger.start());
  app.addHook('onClose', async () => messenger.stop());

  const mfaPolicy = createMFAPolicyService({ settings: createSettingsStore(db), audit, clock });
  const factors = createFactorStore(db);
  const trustedBrowsers = createTrustedBrowsers({ store: createTrustedBrowserStore(db), clock, random });
  const mfa = createMFAService({
    factors,
    codes: createOneTimeCodes({ store: createOneTimeCodeStore(db), messenger, counters, secrets, clock, random }),
    recoveryCodes: createRecoveryCodes({ store: createRecoveryCodeStore(db), secrets, clock, random }),
    passkeys: createPasskeys({ factors, challenges: createChallengeStore(db), clock, publicURL: config.publicURL }),
    trustedBrowsers,
    policy: mfaPolicy,
    messenger,
    secrets,
    audit,
    clock,
    random,
    defaultPhoneRegion: config.defaultPhoneRegion,
  });
  const pending = createPendingSignIns({ store: createPendingSignInStore(db), clock, random });
  const startSession = createStartSession({ users, sessions, mfa, audit, clock });
  const login = createLoginService({ users, hasher, sessions, audit, throttle, policy: mfaPolicy, mfa, trustedBrowsers, pending, startSession, clock });
  const guessLimit = createGuessLimit({ counters, clock });
  const secondFactor = createSecondFactorStep({
    pending,
    users,
    mfa,
    policy: mfaPolicy,
    trustedBrowsers,
    startSession,
    guessLimit,
    passkeyRequests: createPasswordlessRequestLimit({ counters, clock }),
    audit,
    clock,
  });
  const resetLinks = createResetLinks({
    db,
    store: resetTokens,
    users,
    hasher,
    mfa,
    mfaPolicy,
    guessLimit,
    sessions,
    pending,
    trustedBrowsers,
    lockouts,
    messenger,
    audit,
    clock,
    random,
    publicURL: config.publicURL,
  });
  const resetRequests = createPasswordResetRequests({ users, resetLinks, rateLimits, background, audit });
  const reauth = createReauthentication({ users, hasher, throttle, mfa, sessions, guessLimit, audit, clock });
  const setup = createSetupService({
    store: createSetupTokenStore(db),
    users,
    startSession: async (user, context) =>
      (await startSession(user, { method: 'password', policy: await mfaPolicy.get(), context, replacedToken: null })).session,
    audit,
    clock,
    random,
  });
  const adminUsers = createAdminUserService({ users, mfa, sessions, pending, trustedBrowsers, lockouts, resetLinks, messenger, audit, clock });
  const outbox = createOutboxService({ messages: createMessageStore(db), delivery: messenger.delivery, audit });
  const recoveryExtras = buildRecoveryExtras({
    db, config, users, hasher, sessions, resetLinks, recoverySettings, adminUsers, messenger, secrets, counters, rateLimits, background, audit, clock, random,
  });

  // Each app server deletes what ended by time: sessions, pending sign-ins, challenges, codes, trusted browsers.
  const purge = setInterval(() => {
    Promise.all([sessions.purgeEnded(), pending.sweep(), mfa.sweep(), resetLinks.sweep(), recoveryExtras.sweep()]).catch((error: unknown) =>
      app.log.error({ err: error }, 'could not delete ended sessions and codes'),
    );
  }, SESSION_PURGE_INTERVAL_MILLISECONDS);
  purge.unref();
  app.addHook('onClose', async () => clearInterval(purge));

  installSecurityHeaders(app, { https: config.secureCookies });
  await app.register(fastifyCookie);
  installOriginCheck(app, { publicOrigin: config.publicOrigin, audit });
  installSessionGuard(app, { sessions, cookie, pendingCookie, audit });

  await app.register(fastifySwagger, {
    openapi: {
      info: { title: 'Cairn CRM API', version: '0.1.0' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: cookie.name } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(async (docs) => {
    declareRoutesPublic(docs);
    await docs.register(fastifySwaggerUI, { routePrefix: '/api/docs' });
    docs.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  });

  app.get('/healthz', { config: { auth: 'public' }, schema: { hide: true } }, async (request, reply) => {
    try {
      await sql`select 1`.execute(db);
      return { status: 'ok' };
    } catch (error) {
      request.log.error({ err: error }, 'health check: database does not answer');
      return reply.code(503).send({ status: 'database_unavailable' });
    }
  });

  await app.register(loginRoutes({ login, secondFactor, reauth, cookie, pendingCookie, trustedCookie }), { prefix: '/api/auth' });
  await app.register(passwordResetRoutes({ requests: resetRequests, resetLinks }), { prefix: '/api/auth/recovery' });
  await app.register(setupRoutes({ setup, cookie }), { prefix: '/api/setup' });
  await app.register(accountRoutes({ users, mfa }), { prefix: '/api/account' });
  const accountSecurity = createAccountSecurity({ sessions, auditStore: createAuditStore(db), audit, clock });
  await app.register(accountSecurityRoutes({ security: accountSecurity, cookie }), { prefix: '/api/account' });
  await app.register(accountMFARoutes({ mfa, sessions, users, cookie }), { prefix: '/api/account/mfa' });
  await app.register(adminUserRoutes({ adminUsers, sessions }), { prefix: '/api/admin/users' });
  await app.register(adminSettingsRoutes({ mfaPolicy, recoverySettings, sessions }), { prefix: '/api/admin/settings' });
  await app.register(adminOutboxRoutes({ outbox }), { prefix: '/api/admin/outbox' });
  await app.register(recoveryExtras.publicRoutes, { prefix: '/api/auth/recovery' });
  await app.register(recoveryExtras.accountRoutes, { prefix: '/api/account/recovery' });
  await app.register(recoveryExtras.adminRoutes, { prefix: '/api/admin/recovery-requests' });

  const web = await registerWebApp(app, deps.webDistDir ?? WEB_DIST_DIR);
  app.setNotFoundHandler((request, reply) => {
    const isPage = (request.method === 'GET' || request.method === 'HEAD') && !isAPIRequest(request) && !request.url.startsWith('/api/docs');
    if (isPage && web) return web.sendIndex(reply);
    return sendError(request, reply, 'not_found');
  });

  return { app, setup, messenger, background, adminUsers };
}
