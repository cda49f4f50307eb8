import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createPasswordHasher, PASSWORD_HASH_PARAMETERS } from './hashing.ts';

const hasher = createPasswordHasher();

describe('password hashing', () => {
  test('the parameters are at least OWASP’s argon2id minimum (m=19 MiB, t=2, p=1)', () => {
    assert.ok(PASSWORD_HASH_PARAMETERS.memoryCost >= 19_456);
    assert.ok(PASSWORD_HASH_PARAMETERS.timeCost >= 2);
    assert.equal(PASSWORD_HASH_PARAMETERS.parallelism, 1);
  });

  describe('successful verification', () => {
    test('a hash is argon2id with the current parameters and a random salt', async () => {
      const first = await hasher.hash('correct horse battery staple');
      const second = await hasher.hash('correct horse battery staple');
      assert.match(first, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
      assert.notEqual(first, second, 'salted');
      assert.ok(!first.includes('correct horse'));
    });

    test('the right password verifies', async () => {
      assert.equal(await hasher.verify(await hasher.hash('correct horse battery staple'), 'correct horse battery staple'), true);
    });

    test('passwords are compared after NFKC normalisation (NIST SP 800-63B-4)', async () => {
      // "ﬁ" (U+FB01) is "fi"; "é" composed and decomposed are one letter.
      assert.equal(await hasher.verify(await hasher.hash('ﬁne password'), 'fine password'), true);
      assert.equal(await hasher.verify(await hasher.hash('caf\u00e9 au lait!'), 'cafe\u0301 au lait!'), true);
    });

    test('Chinese and emoji passwords verify', async () => {
      assert.equal(await hasher.verify(await hasher.hash('我的密码🔑很安全'), '我的密码🔑很安全'), true);
    });

    test('a hash made with weaker parameters still verifies and asks for a rehash', async () => {
      const weak = await createPasswordHasher({ memoryCost: 8192, timeCost: 1, parallelism: 1 }).hash('correct horse battery staple');
      assert.equal(await hasher.verify(weak, 'correct horse battery staple'), true);
      assert.equal(hasher.needsRehash(weak), true);
      assert.equal(hasher.needsRehash(await hasher.hash('x')), false);
    });
  });

  describe('failing verification', () => {
    test('a wrong password does not verify', async () => {
      assert.equal(await hasher.verify(await hasher.hash('correct horse battery staple'), 'Correct horse battery staple'), false);
    });

    test('a malformed stored hash signs nobody in and asks for a rehash', async () => {
      assert.equal(await hasher.verify('not-a-hash', 'anything'), false);
      assert.equal(await hasher.verify('', ''), false);
      assert.equal(hasher.needsRehash('not-a-hash'), true);
    });

    test('a hash of another algorithm asks for a rehash', () => {
      const argon2i = '$argon2i$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$0tL3iDAn5ZxPrSMmHtsHkbe8zgYGd4vdSCe+OS4ZCAc';
      assert.equal(hasher.needsRehash(argon2i), true);
    });
  });

  describe('dummy verification for unknown identifiers', () => {
    test('the dummy verification resolves whatever the password', async () => {
      await hasher.verifyDummy('anything at all');
      await hasher.verifyDummy('cairn-dummy-password-for-unknown-identifiers');
      await hasher.verifyDummy('');
    });

    test('the dummy verification runs argon2 with the configured parameters', async () => {
      // Parameters argon2 refuses make the dummy path fail: proof that it really hashes and verifies.
      const broken = createPasswordHasher({ memoryCost: 1, timeCost: 1, parallelism: 1 });
      await assert.rejects(broken.verifyDummy('anything'), /memory cost/i);
    });
  });
});
