import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { createSecrets, loadOrCreateSecretsKey } from './secrets.ts';

describe('secrets', () => {
  const secrets = createSecrets(randomBytes(32));

  test('a sealed secret opens with the same key and not with another', () => {
    const sealed = secrets.encrypt('JBSWY3DPEHPK3PXP');
    assert.doesNotMatch(sealed, /JBSWY3DPEHPK3PXP/);
    assert.equal(secrets.decrypt(sealed), 'JBSWY3DPEHPK3PXP');
    assert.throws(() => createSecrets(randomBytes(32)).decrypt(sealed));
  });

  test('a tampered sealed secret is refused', () => {
    const sealed = secrets.encrypt('secret');
    const parts = sealed.split('.');
    parts[2] = Buffer.from('secrex').toString('base64url');
    assert.throws(() => secrets.decrypt(parts.join('.')));
  });

  test('a keyed hash depends on its context', () => {
    assert.equal(secrets.keyedHash('sign_in:a', '123456'), secrets.keyedHash('sign_in:a', '123456'));
    assert.notEqual(secrets.keyedHash('sign_in:a', '123456'), secrets.keyedHash('sign_in:b', '123456'));
    assert.ok(secrets.sameHash(secrets.keyedHash('x', '1'), secrets.keyedHash('x', '1')));
    assert.ok(!secrets.sameHash(secrets.keyedHash('x', '1'), secrets.keyedHash('x', '2')));
  });

  test('the key file is created once, private, and read back', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cairn-secrets-'));
    try {
      const first = loadOrCreateSecretsKey({ configured: undefined, dataDir });
      assert.equal(first.length, 32);
      assert.equal(fs.statSync(path.join(dataDir, 'secrets.key')).mode & 0o777, 0o600);
      assert.deepEqual(loadOrCreateSecretsKey({ configured: undefined, dataDir }), first);
      const configured = randomBytes(32);
      assert.deepEqual(loadOrCreateSecretsKey({ configured, dataDir }), configured);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
