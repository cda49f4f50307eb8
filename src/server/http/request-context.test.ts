import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { localeFromAcceptLanguage } from './request-context.ts';

describe('the language of an answer', () => {
  test("a Chinese first choice in Accept-Language gives zh-CN", () => {
    for (const header of ['zh-CN', 'zh', 'zh-TW,en;q=0.5', 'zh-Hans-CN', ' ZH-cn ', 'zh-CN,zh;q=0.9,en;q=0.8']) {
      assert.equal(localeFromAcceptLanguage(header), 'zh-CN', header);
    }
  });

  test('anything else gives English', () => {
    for (const header of [undefined, '', 'en', 'en-US,zh-CN;q=0.9', 'fr-FR', '*', 'garbage;;,']) {
      assert.equal(localeFromAcceptLanguage(header), 'en', String(header));
    }
  });
});
