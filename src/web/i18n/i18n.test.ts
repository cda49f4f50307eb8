import assert from 'node:assert/strict';
import { test } from 'node:test';
import { en as signInEn, zhCN as signInZhCN } from './messages.ts';
import enAccountRecovery from './account-recovery/en.json' with { type: 'json' };
import zhCNAccountRecovery from './account-recovery/zh-CN.json' with { type: 'json' };
import enBase from './en.json' with { type: 'json' };
import enRecovery from './recovery/en.json' with { type: 'json' };
import { pickLocale } from './locale.ts';

/** Everything in the default namespace once the signed-in app has loaded. */
const en = { ...signInEn, ...enAccountRecovery };
const zhCN = { ...signInZhCN, ...zhCNAccountRecovery };

/** Flattens nested messages to dotted keys: {"a": {"b": "x"}} -> [["a.b", "x"]]. */
function flatten(messages: unknown, prefix = ''): Array<[string, unknown]> {
  if (messages === null || typeof messages !== 'object' || Array.isArray(messages)) {
    return [[prefix, messages]];
  }
  return Object.entries(messages).flatMap(([key, value]) =>
    flatten(value, prefix === '' ? key : `${prefix}.${key}`),
  );
}

const placeholders = (text: string): string[] => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] ?? '').sort();

test('each area owns distinct top-level keys (a merge never hides a text)', () => {
  const areas = [enBase, enRecovery, enAccountRecovery].map((messages) => Object.keys(messages));
  const all = areas.flat();
  assert.equal(new Set(all).size, all.length);
});

test('zh-CN.json and en.json have exactly the same keys', () => {
  const enKeys = flatten(en).map(([key]) => key).sort();
  const zhKeys = flatten(zhCN).map(([key]) => key).sort();
  assert.deepEqual(zhKeys, enKeys);
});

test('every message in both languages is a non-empty string', () => {
  for (const [name, messages] of [['en', en], ['zh-CN', zhCN]] as const) {
    for (const [key, value] of flatten(messages)) {
      assert.equal(typeof value, 'string', `${name}: ${key} is not a string`);
      assert.notEqual((value as string).trim(), '', `${name}: ${key} is empty`);
    }
  }
});

test('both languages use the same interpolation placeholders for each key', () => {
  const zh = new Map(flatten(zhCN));
  for (const [key, value] of flatten(en)) {
    assert.deepEqual(placeholders(String(zh.get(key))), placeholders(String(value)), `placeholders differ for ${key}`);
  }
});

test('the browser language picks zh-CN for any Chinese variant and English otherwise', () => {
  assert.equal(pickLocale(null, 'zh-CN'), 'zh-CN');
  assert.equal(pickLocale(null, 'zh-TW'), 'zh-CN');
  assert.equal(pickLocale(null, 'zh'), 'zh-CN');
  assert.equal(pickLocale(null, 'en-US'), 'en');
  assert.equal(pickLocale(null, 'de-DE'), 'en');
  assert.equal(pickLocale(null, undefined), 'en');
});

test('a remembered choice wins over the browser language, an unknown one does not', () => {
  assert.equal(pickLocale('en', 'zh-CN'), 'en');
  assert.equal(pickLocale('zh-CN', 'en-US'), 'zh-CN');
  assert.equal(pickLocale('fr', 'zh-CN'), 'zh-CN');
});
