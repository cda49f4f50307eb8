/** Stored hashes follow the hashing parameters: a weaker hash is replaced at its owner's next sign-in. */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { createPasswordHasher, PASSWORD_HASH_PARAMETERS } from '../../src/server/auth/passwords/index.ts';
import { ADMIN, completeSetup, signIn } from '../support/http.ts';
import { DATABASES, startTestServer } from '../support/server.ts';
import type { TestServer } from '../support/server.ts';

const WEAK_PARAMETERS = { memoryCost: 8192, timeCost: 1, parallelism: 1 };
const CURRENT_PREFIX = `$argon2id$v=19$m=${PASSWORD_HASH_PARAMETERS.memoryCost},t=${PASSWORD_HASH_PARAMETERS.timeCost},p=${PASSWORD_HASH_PARAMETERS.parallelism}$`;

for (const database of DATABASES) {
  describe(`password hash upgrade on ${database}`, () => {
    let server: TestServer;

    beforeEach(async () => {
      server = await startTestServer({ database });
      await completeSetup(server);
      const weakHash = await createPasswordHasher(WEAK_PARAMETERS).hash(ADMIN.password);
      assert.match(weakHash, /^\$argon2id\$v=19\$m=8192,t=1,p=1\$/);
      await server.database.db.updateTable('users').set({ password_hash: weakHash }).where('email_normalized', '=', ADMIN.email).execute();
    });
    afterEach(() => server.close());

    const storedHash = async (): Promise<string> =>
      (await server.database.db.selectFrom('users').select('password_hash').where('email_normalized', '=', ADMIN.email).executeTakeFirstOrThrow())
        .password_hash;

    test('a hash made with weaker parameters is upgraded at the next successful sign-in', async () => {
      assert.equal((await signIn(server, ADMIN.email, ADMIN.password)).status, 200);
      const upgraded = await storedHash();
      assert.ok(upgraded.startsWith(CURRENT_PREFIX), upgraded);
      assert.equal(PASSWORD_HASH_PARAMETERS.memoryCost, 19_456);
      assert.equal(PASSWORD_HASH_PARAMETERS.timeCost, 2);
      assert.equal((await signIn(server, ADMIN.email, ADMIN.password)).status, 200, 'the upgraded hash verifies the same password');
    });

    test('a failed sign-in leaves the weaker hash untouched', async () => {
      const before = await storedHash();
      assert.equal((await signIn(server, ADMIN.email, 'not the password')).status, 401);
      assert.equal(await storedHash(), before);
    });

    test('a current hash is not rewritten at sign-in', async () => {
      await signIn(server, ADMIN.email, ADMIN.password);
      const upgraded = await storedHash();
      await signIn(server, ADMIN.email, ADMIN.password);
      assert.equal(await storedHash(), upgraded);
    });
  });
}
