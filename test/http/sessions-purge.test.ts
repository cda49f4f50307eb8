/** The periodic purge of ended sessions, against the real SQL of both databases. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createSessionService, createSessionStore, SESSION_IDLE_TIMEOUT_MILLISECONDS } from '../../src/server/auth/sessions/index.ts';
import { createPasswordHasher } from '../../src/server/auth/passwords/index.ts';
import { createUserService, createUserStore } from '../../src/server/auth/users/index.ts';
import { createTestClock } from '../../src/server/infra/clock.ts';
import { systemRandom } from '../../src/server/infra/crypto.ts';
import { openTestDatabase } from '../support/database.ts';
import type { TestDatabase } from '../support/database.ts';
import { DATABASES } from '../support/server.ts';

const CONTEXT = { ip: '127.0.0.1', userAgent: 'test', requestId: 'test' };
const MINUTE = 60_000;

for (const kind of DATABASES) {
  describe(`purging ended sessions on ${kind}`, () => {
    let testDatabase: TestDatabase;
    before(async () => {
      testDatabase = await openTestDatabase(kind);
    });
    after(async () => {
      await testDatabase.close();
    });

    test('the purge deletes idle and expired sessions and keeps live ones', async () => {
      const { db } = testDatabase.database;
      const clock = createTestClock();
      const users = createUserService({ store: createUserStore(db), hasher: createPasswordHasher(), clock, random: systemRandom });
      const user = await users.createWithPassword({ email: 'ada@example.com', name: 'Ada', role: 'admin', locale: 'en' }, 'a long enough password');
      const sessions = createSessionService({ store: createSessionStore(db), clock, random: systemRandom });

      const idle = await sessions.create(user.id, CONTEXT);
      clock.advance(SESSION_IDLE_TIMEOUT_MILLISECONDS);
      const live = await sessions.create(user.id, CONTEXT);
      clock.advance(MINUTE);
      await sessions.purgeEnded();

      const remaining = await db.selectFrom('sessions').select('id').execute();
      assert.equal(remaining.length, 1);
      assert.ok(await sessions.validate(live.token));
      assert.equal(await sessions.validate(idle.token), undefined);
    });
  });
}
