import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { generate } from 'otplib';
import { generateTOTPSecret, matchTOTP, totpURI } from './totp.ts';

const codeAt = (secret: string, milliseconds: number): Promise<string> => generate({ secret, epoch: Math.floor(milliseconds / 1000) });

describe('TOTP', () => {
  const secret = generateTOTPSecret();
  const now = 1_900_000_000_000;

  test('the secret is 160 bits of base32 and the URI is what authenticator apps read', () => {
    assert.match(secret, /^[A-Z2-7]{32}$/);
    const uri = new URL(totpURI(secret, 'zhang.wei@example.com'));
    assert.equal(uri.protocol, 'otpauth:');
    assert.equal(uri.host, 'totp');
    assert.equal(decodeURIComponent(uri.pathname), '/Cairn:zhang.wei@example.com');
    assert.equal(uri.searchParams.get('secret'), secret);
    assert.equal(uri.searchParams.get('issuer'), 'Cairn');
  });

  test('a code of the current step and of one step either side matches; two steps away does not', async () => {
    const step = Math.floor(now / 30_000);
    assert.equal(await matchTOTP(secret, await codeAt(secret, now), now), step);
    assert.equal(await matchTOTP(secret, await codeAt(secret, now - 30_000), now), step - 1);
    assert.equal(await matchTOTP(secret, await codeAt(secret, now + 30_000), now), step + 1);
    assert.equal(await matchTOTP(secret, await codeAt(secret, now - 60_000), now), null);
    assert.equal(await matchTOTP(secret, await codeAt(secret, now + 60_000), now), null);
  });

  test('malformed codes never match', async () => {
    for (const code of ['', '12345', '1234567', 'abcdef', ' 123456']) assert.equal(await matchTOTP(secret, code, now), null);
  });
});
