/**
 * Administrator's command line: `npm run cli -- <command> [options]`.
 *   migrate                                                   bring the database schema up to date
 *   user:create --email E --name N --role R [--username U]    create a user; the password is read from
 *                                                             standard input, or, when none is piped in,
 *                                                             a temporary one is generated and printed
 *                                                             (to be changed at first sign-in)
 *   user:unlock --email E | --username U                      unlock an account locked by wrong passwords
 *   user:reset-password --email E | --username U [--send-link]
 *                                                             print a generated temporary password (72 hours,
 *                                                             changed at sign-in), or mail a reset link
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createUserRequest } from './shared/schemas.ts';
import { createAuditLog, createAuditStore } from './server/auth/audit/index.ts';
import { createPasswordHasher } from './server/auth/passwords/index.ts';
import { createUserService, createUserStore } from './server/auth/users/index.ts';
import { buildApp } from './server/app.ts';
import type { CairnApp } from './server/app.ts';
import { ConfigError, loadConfig } from './server/config.ts';
import { openDatabase } from './server/db/index.ts';
import type { DatabaseHandle } from './server/db/index.ts';
import { migrateToLatest } from './server/db/migrate.ts';
import { AppError } from './server/errors.ts';
import { systemClock } from './server/infra/clock.ts';
import { systemRandom } from './server/infra/crypto.ts';
import { loadOrCreateSecretsKey } from './server/infra/secrets.ts';

const USAGE = `Usage: npm run cli -- <command>
  migrate
  user:create --email E --name N --role admin|sales_manager|sales_rep|read_only [--username U] [--locale zh-CN|en]
              (password from standard input; without one, a temporary password is printed)
  user:unlock --email E | --username U
  user:reset-password --email E | --username U [--send-link]
              (prints a temporary password, or mails a reset link to the account's e-mail)`;

class UsageError extends Error {}

async function readStandardInput(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // Only the line ending a shell pipe adds is dropped; other spaces belong to the password.
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function userCreate(database: DatabaseHandle, args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      username: { type: 'string' },
      locale: { type: 'string', default: 'zh-CN' },
    },
    strict: true,
  });
  if (!values.email || !values.name || !values.role) throw new UsageError('user:create needs --email, --name and --role');
  if (values.locale !== 'zh-CN' && values.locale !== 'en') throw new UsageError('--locale must be zh-CN or en');
  // The same rules as the admin API's.
  const parsed = createUserRequest.safeParse({ email: values.email, name: values.name, username: values.username, role: values.role });
  if (!parsed.success) {
    throw new UsageError(parsed.error.issues.map((issue) => `--${issue.path.join('.')}: ${issue.message}`).join('; '));
  }
  const users = createUserService({ store: createUserStore(database.db), hasher: createPasswordHasher(), clock: systemClock, random: systemRandom });
  const audit = createAuditLog({ store: createAuditStore(database.db), clock: systemClock });
  const input = { ...parsed.data, locale: values.locale === 'en' ? ('en' as const) : ('zh-CN' as const) };
  const password = await readStandardInput();
  const context = { ip: 'cli', userAgent: 'cairn-cli', requestId: randomUUID() };
  if (password) {
    const user = await users.createWithPassword(input, password);
    await audit.record({ event: 'user.created', context, targetId: user.id, details: { role: user.role, email: user.email, via: 'cli' } });
    process.stdout.write(`Created ${user.role} ${user.email} (${user.id}).\n`);
  } else {
    const { user, temporaryPassword } = await users.createWithTemporaryPassword(input);
    await audit.record({ event: 'user.created', context, targetId: user.id, details: { role: user.role, email: user.email, via: 'cli' } });
    process.stdout.write(
      `Created ${user.role} ${user.email} (${user.id}).\nInitial password (shown once, valid 72 hours, must be changed at first sign-in):\n  ${temporaryPassword}\n`,
    );
  }
}

/** The account named by --email or --username, with the app's own services for acting on it. */
async function accountAction(
  database: DatabaseHandle,
  args: string[],
  extraOptions: { 'send-link'?: { type: 'boolean' } },
  act: (services: CairnApp, userId: string, values: Record<string, unknown>) => Promise<string>,
): Promise<void> {
  const { values } = parseArgs({ args, options: { email: { type: 'string' }, username: { type: 'string' }, ...extraOptions }, strict: true });
  const identifier = values.email ?? values.username;
  if (!identifier || (values.email && values.username)) throw new UsageError('name the account with --email or --username');
  const config = loadConfig();
  const services = await buildApp({
    config,
    database,
    secretsKey: loadOrCreateSecretsKey({ configured: config.secretsKey, dataDir: config.dataDir }),
    logger: false,
  });
  try {
    await services.app.ready();
    const user = await createUserService({ store: createUserStore(database.db), hasher: createPasswordHasher(), clock: systemClock, random: systemRandom }).findByIdentifier(identifier);
    if (!user) throw new UsageError(`no account matches ${identifier}`);
    process.stdout.write(await act(services, user.id, values));
    // Mail written by the action goes out before the process ends (or stays queued for the server).
    await services.background.whenIdle();
    await services.messenger.whenIdle();
  } finally {
    await services.app.close();
  }
}

const CLI_CONTEXT = () => ({ ip: 'cli', userAgent: 'cairn-cli', requestId: randomUUID() });
const CLI_ACTOR = { id: null };

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  const database = openDatabase(loadConfig());
  try {
    await migrateToLatest(database.db);
    switch (command) {
      case 'migrate':
        process.stdout.write(`The ${database.kind} database is up to date.\n`);
        return 0;
      case 'user:create':
        await userCreate(database, rest);
        return 0;
      case 'user:unlock':
        await accountAction(database, rest, {}, async ({ adminUsers }, userId) => {
          await adminUsers.unlock(CLI_ACTOR, userId, CLI_CONTEXT());
          return 'Unlocked.\n';
        });
        return 0;
      case 'user:reset-password':
        await accountAction(database, rest, { 'send-link': { type: 'boolean' } }, async ({ adminUsers }, userId, values) => {
          if (values['send-link']) {
            await adminUsers.sendResetLink(CLI_ACTOR, userId, CLI_CONTEXT());
            return "A reset link was mailed to the account's e-mail (valid 30 minutes).\n";
          }
          const issued = await adminUsers.issueTemporaryPassword(CLI_ACTOR, userId, CLI_CONTEXT());
          return `Temporary password (shown once, valid 72 hours, must be changed at sign-in; the account's sessions ended):\n  ${issued.temporaryPassword}\n`;
        });
        return 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } finally {
    await database.db.destroy();
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    process.exitCode = 2;
  } else if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  } else if (error instanceof AppError) {
    process.stderr.write(`${error.message}${error.fields ? ` ${JSON.stringify(error.fields)}` : ''}\n`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
