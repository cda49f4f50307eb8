import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { systemRandom } from '../../infra/crypto.ts';
import type { RandomSource } from '../../infra/crypto.ts';
import { assertAcceptableNewPassword } from './policy.ts';
import { generateTemporaryPassword, TEMPORARY_PASSWORD_TTL_MILLISECONDS } from './temporary.ts';

const FORMAT = /^[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}$/;

describe('temporary passwords', () => {
  test('a temporary password is four groups of four unambiguous characters', () => {
    for (let i = 0; i < 200; i++) {
      const password = generateTemporaryPassword(systemRandom);
      assert.match(password, FORMAT);
      assert.doesNotMatch(password, /[01ILO]/, 'no 0/O or 1/I/L to confuse when read aloud');
    }
  });

  test('temporary passwords differ', () => {
    const passwords = new Set(Array.from({ length: 500 }, () => generateTemporaryPassword(systemRandom)));
    assert.equal(passwords.size, 500);
  });

  test('a temporary password comes from the injected random source', () => {
    const zeros: RandomSource = { bytes: (count) => new Uint8Array(count) };
    assert.equal(generateTemporaryPassword(zeros), 'AAAA-AAAA-AAAA-AAAA');
  });

  test('a temporary password meets the password policy itself', () => {
    assert.doesNotThrow(() => assertAcceptableNewPassword(generateTemporaryPassword(systemRandom)));
  });

  test('a temporary password is valid for 72 hours', () => {
    assert.equal(TEMPORARY_PASSWORD_TTL_MILLISECONDS, 72 * 60 * 60 * 1000);
  });
});
