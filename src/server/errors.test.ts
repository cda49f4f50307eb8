import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { AppError, ERRORS, errorMessage, LOCALES } from './errors.ts';
import type { ErrorCode } from './errors.ts';

const SOURCE_ROOT = path.resolve(import.meta.dirname, '..');
const CATALOGUE_FILE = path.join(import.meta.dirname, 'errors.ts');

/** Server and CLI source, without the catalogue itself and without tests (a test naming a code is not a use). */
function serverSourceFiles(): string[] {
  const files: string[] = [path.join(SOURCE_ROOT, 'cli.ts')];
  for (const entry of fs.readdirSync(path.join(SOURCE_ROOT, 'server'), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts') || entry.name.endsWith('.test.ts')) continue;
    const file = path.join(entry.parentPath, entry.name);
    if (file !== CATALOGUE_FILE) files.push(file);
  }
  return files;
}

const codes = Object.keys(ERRORS) as ErrorCode[];

describe('the error catalogue', () => {
  test('every code is snake_case', () => {
    for (const code of codes) assert.match(code, /^[a-z]+(_[a-z]+)*$/, code);
  });

  test('every code has an HTTP error status', () => {
    for (const code of codes) {
      const { status } = ERRORS[code];
      assert.ok(Number.isInteger(status) && status >= 400 && status <= 599, `${code}: ${status}`);
    }
  });

  test('every code has a non-empty message in English and in Chinese', () => {
    for (const code of codes) {
      for (const locale of LOCALES) {
        const message = errorMessage(code, locale);
        assert.equal(typeof message, 'string', `${code} ${locale}`);
        assert.ok(message.trim().length > 0, `${code} ${locale}`);
      }
      assert.match(ERRORS[code]['zh-CN'], /\p{Script=Han}/u, `${code}: the Chinese message is written in Chinese`);
      assert.notEqual(ERRORS[code].en, ERRORS[code]['zh-CN'], code);
    }
  });

  test('messages never reveal whether an account exists', () => {
    assert.doesNotMatch(ERRORS.invalid_credentials.en, /not found|unknown|no such|does not exist/i);
  });

  test('every code is used somewhere in the server or command line', () => {
    const source = serverSourceFiles()
      .map((file) => fs.readFileSync(file, 'utf8'))
      .join('\n');
    const unused = codes.filter((code) => !new RegExp(`['"\`]${code}['"\`]`).test(source));
    assert.deepEqual(unused, [], `codes in the catalogue that no code path produces: ${unused.join(', ')}`);
  });

  test('an AppError carries the code, its status and the English message', () => {
    const error = new AppError('email_taken', { fields: { email: 'taken' } });
    assert.equal(error.code, 'email_taken');
    assert.equal(error.status, 409);
    assert.equal(error.message, ERRORS.email_taken.en);
    assert.deepEqual(error.fields, { email: 'taken' });
    assert.equal(new AppError('not_found').fields, undefined);
    assert.equal(new AppError('too_many_attempts', { retryAfterSeconds: 60 }).retryAfterSeconds, 60);
  });
});
