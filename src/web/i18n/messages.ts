/**
 * The texts shipped with the sign-in page, one file per language and area, merged at the top
 * level (each area owns distinct top-level keys): the general texts and the sign-in page's
 * recovery help. The signed-in recovery pages add theirs when their chunk loads
 * (account-recovery/register.ts); the public recovery pages have their own namespace
 * (recovery-pages/register.ts).
 */
import enBase from './en.json' with { type: 'json' };
import enRecovery from './recovery/en.json' with { type: 'json' };
import zhCNRecovery from './recovery/zh-CN.json' with { type: 'json' };
import zhCNBase from './zh-CN.json' with { type: 'json' };

export const en = { ...enBase, ...enRecovery };
export const zhCN = { ...zhCNBase, ...zhCNRecovery };
