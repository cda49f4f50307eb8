import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { RandomSource } from './crypto.ts';
import { generateId, generateToken, hashToken, randomString, systemRandom, TOKEN_BYTES } from './crypto.ts';

/** Hands out the given bytes in order, then zeros: makes the outputs exact. */
function scriptedRandom(bytes: number[]): RandomSource & { requested: number[] } {
  let position = 0;
  const requested: number[] = [];
  return {
    requested,
    bytes: (count) => {
      requested.push(count);
      const out = new Uint8Array(count);
      for (let i = 0; i < count; i++) out[i] = bytes[position++] ?? 0;
      return out;
    },
  };
}

describe('random strings', () => {
  test('a random string has the asked length and only letters of the alphabet', () => {
    const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
    for (const length of [1, 16, 100]) {
      const value = randomString(systemRandom, alphabet, length);
      assert.equal(value.length, length);
      assert.ok([...value].every((c) => alphabet.includes(c)), value);
    }
  });

  test('bytes that would bias the result are skipped (rejection sampling)', () => {
    // Alphabet of 10: bytes ≥ 250 would favour the first six letters, so they are dropped.
    const random = scriptedRandom([255, 250, 3, 249, 12]);
    assert.equal(randomString(random, '0123456789', 3), '392');
  });

  test('a random string asks for more bytes when too many are skipped', () => {
    const random = scriptedRandom([255, 255, 255, 255, 1, 2]);
    assert.equal(randomString(random, '0123456789', 2), '12');
    assert.ok(random.requested.length >= 2);
  });

  test('every letter of the alphabet comes up', () => {
    const value = randomString(systemRandom, 'abc', 300);
    for (const letter of 'abc') assert.ok(value.includes(letter));
  });
});

describe('identifiers and tokens', () => {
  test('an id is a version 4, RFC 4122 variant UUID', () => {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    for (let i = 0; i < 50; i++) assert.match(generateId(systemRandom), uuid);
    assert.equal(generateId(scriptedRandom(new Array(16).fill(0xff))), 'ffffffff-ffff-4fff-bfff-ffffffffffff');
    assert.equal(generateId(scriptedRandom([])), '00000000-0000-4000-8000-000000000000');
  });

  test('ids from the system source differ', () => {
    const ids = new Set(Array.from({ length: 1000 }, () => generateId(systemRandom)));
    assert.equal(ids.size, 1000);
  });

  test('a token carries 256 random bits as base64url', () => {
    assert.equal(TOKEN_BYTES, 32);
    const token = generateToken(systemRandom);
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(Buffer.from(token, 'base64url').length, 32);
  });

  test('a token is stored as its SHA-256 in hex', () => {
    assert.equal(hashToken('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

});
