import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../../errors.ts';
import { assertAcceptableNewPassword, assertNotTooLong, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordLength } from './policy.ts';

function refusedWith(code: string): (error: unknown) => boolean {
  return (error) => error instanceof AppError && error.code === code;
}

describe('password policy', () => {
  test('length counts Unicode code points: a 汉字 or an emoji is one character', () => {
    assert.equal(passwordLength('password'), 8);
    assert.equal(passwordLength('汉字'), 2);
    assert.equal(passwordLength('🔑'), 1);
    assert.equal('🔑'.length, 2, 'UTF-16 would count two');
    assert.equal(passwordLength('a🔑b汉'), 4);
    assert.equal(passwordLength(''), 0);
  });

  test('the limits are 12 and 256 characters', () => {
    assert.equal(PASSWORD_MIN_LENGTH, 12);
    assert.equal(PASSWORD_MAX_LENGTH, 256);
  });

  describe('successful new passwords', () => {
    test('12 ASCII characters are enough', () => {
      assert.doesNotThrow(() => assertAcceptableNewPassword('x'.repeat(12)));
    });

    test('12 Chinese characters are enough', () => {
      assert.doesNotThrow(() => assertAcceptableNewPassword('汉'.repeat(12)));
    });

    test('12 emoji are enough', () => {
      assert.doesNotThrow(() => assertAcceptableNewPassword('🔑'.repeat(12)));
    });

    test('256 emoji are not too long (512 UTF-16 units)', () => {
      assert.doesNotThrow(() => assertAcceptableNewPassword('🔑'.repeat(256)));
      assert.doesNotThrow(() => assertNotTooLong('🔑'.repeat(256)));
    });

    test('no composition rules: twelve lowercase letters or spaces pass', () => {
      assert.doesNotThrow(() => assertAcceptableNewPassword('aaaaaaaaaaaa'));
      assert.doesNotThrow(() => assertAcceptableNewPassword(' '.repeat(12)));
    });
  });

  describe('failing new passwords', () => {
    test('11 characters are too short', () => {
      assert.throws(() => assertAcceptableNewPassword('x'.repeat(11)), refusedWith('password_too_short'));
    });

    test('6 emoji are too short although they are 12 UTF-16 units', () => {
      assert.throws(() => assertAcceptableNewPassword('🔑'.repeat(6)), refusedWith('password_too_short'));
    });

    test('11 Chinese characters are too short', () => {
      assert.throws(() => assertAcceptableNewPassword('汉'.repeat(11)), refusedWith('password_too_short'));
    });

    test('257 characters are too long, for a new password and at sign-in', () => {
      assert.throws(() => assertAcceptableNewPassword('x'.repeat(257)), refusedWith('password_too_long'));
      assert.throws(() => assertNotTooLong('汉'.repeat(257)), refusedWith('password_too_long'));
    });

    test('too long is reported before too short is considered', () => {
      assert.throws(() => assertAcceptableNewPassword('x'.repeat(1000)), refusedWith('password_too_long'));
    });
  });
});
