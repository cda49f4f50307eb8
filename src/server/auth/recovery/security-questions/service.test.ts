import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { SECURITY_QUESTION_KEYS } from '../../../../shared/security-questions.ts';
import { normaliseAnswer, pickStable } from './service.ts';

const seed = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('normaliseAnswer', () => {
  test('full-width letters and digits become half-width, upper case lower', () => {
    assert.equal(normaliseAnswer('ＲＩＶＥＲＳＩＤＥ １２'), 'riverside 12');
  });

  test('runs of spaces (ideographic, tabs, new lines) become one space; ends are trimmed', () => {
    assert.equal(normaliseAnswer('  Riverside\u3000\u3000Primary\t\n School '), 'riverside primary school');
  });

  test('Chinese answers are kept as they are, apart from spaces', () => {
    assert.equal(normaliseAnswer(' 小白 '), '小白');
    assert.equal(normaliseAnswer('成都　市'), '成都 市');
  });
});

describe('pickStable', () => {
  test('picks the asked number of distinct keys, the same for the same seed', () => {
    const first = pickStable(SECURITY_QUESTION_KEYS, seed('nobody@example.com'), 3);
    assert.equal(first.length, 3);
    assert.equal(new Set(first).size, 3);
    assert.deepEqual(pickStable(SECURITY_QUESTION_KEYS, seed('nobody@example.com'), 3), first);
  });

  test('different seeds spread over the catalogue', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) for (const key of pickStable(SECURITY_QUESTION_KEYS, seed(`person${i}`), 3)) seen.add(key);
    assert.equal(seen.size, SECURITY_QUESTION_KEYS.length);
  });

  test('never more keys than there are', () => {
    assert.deepEqual(pickStable(['a', 'b'], seed('x'), 3).sort(), ['a', 'b']);
  });
});
