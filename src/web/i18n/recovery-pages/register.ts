/**
 * The public recovery pages' texts (namespace `recovery`), in both languages. They are added
 * when the pages' chunk loads, not shipped with the sign-in page (its size budget:
 * test/e2e/web-bundle.test.ts); the sign-in page's own recovery texts are in ../recovery/.
 */
import { i18n } from '../i18n.ts';
import en from './en.json' with { type: 'json' };
import zhCN from './zh-CN.json' with { type: 'json' };

export const RECOVERY_NAMESPACE = 'recovery';

i18n.addResourceBundle('en', RECOVERY_NAMESPACE, en);
i18n.addResourceBundle('zh-CN', RECOVERY_NAMESPACE, zhCN);
