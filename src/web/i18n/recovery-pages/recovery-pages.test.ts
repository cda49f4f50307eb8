import assert from 'node:assert/strict';
import { test } from 'node:test';
import en from './en.json' with { type: 'json' };
import zhCN from './zh-CN.json' with { type: 'json' };

function flatten(messages: unknown, prefix = ''): Array<[string, unknown]> {
  if (messages === null || typeof messages !== 'object' || Array.isArray(messages)) return [[prefix, messages]];
  return Object.entries(messages).flatMap(([key, value]) => flatten(value, prefix === '' ? key : `${prefix}.${key}`));
}

const placeholders = (text: string): string[] => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1] ?? '').sort();
const tags = (text: string): string[] => [...text.matchAll(/<\/?(\w+)>/g)].map((m) => m[0]).sort();

test('the recovery pages have the same keys in zh-CN and en, each a non-empty string', () => {
  const enEntries = flatten(en);
  const zhEntries = flatten(zhCN);
  assert.deepEqual(zhEntries.map(([key]) => key).sort(), enEntries.map(([key]) => key).sort());
  for (const [key, value] of [...enEntries, ...zhEntries]) {
    assert.equal(typeof value, 'string', `${key} is not a string`);
    assert.notEqual((value as string).trim(), '', `${key} is empty`);
  }
});

test('both languages of the recovery pages use the same placeholders and tags for each key', () => {
  const zh = new Map(flatten(zhCN));
  for (const [key, value] of flatten(en)) {
    assert.deepEqual(placeholders(String(zh.get(key))), placeholders(String(value)), `placeholders differ for ${key}`);
    assert.deepEqual(tags(String(zh.get(key))), tags(String(value)), `tags differ for ${key}`);
  }
});
