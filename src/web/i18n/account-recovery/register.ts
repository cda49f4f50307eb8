/**
 * The signed-in recovery pages' texts (recovery options, user actions, recovery requests),
 * added to the default namespace when the signed-in app loads, not shipped with the sign-in
 * page (its size budget: test/e2e/web-bundle.test.ts).
 */
import { i18n } from '../i18n.ts';
import en from './en.json' with { type: 'json' };
import zhCN from './zh-CN.json' with { type: 'json' };

i18n.addResourceBundle('en', 'translation', en, true, false);
i18n.addResourceBundle('zh-CN', 'translation', zhCN, true, false);
