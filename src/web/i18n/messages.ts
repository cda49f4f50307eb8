/**
 * The interface texts, one file per language and area, merged at the top level (each area
 * owns distinct top-level keys): the general texts, the public recovery pages, and the
 * signed-in person's and administrators' recovery settings.
 */
import enAccountRecovery from './account-recovery/en.json' with { type: 'json' };
import zhCNAccountRecovery from './account-recovery/zh-CN.json' with { type: 'json' };
import enBase from './en.json' with { type: 'json' };
import enRecovery from './recovery/en.json' with { type: 'json' };
import zhCNRecovery from './recovery/zh-CN.json' with { type: 'json' };
import zhCNBase from './zh-CN.json' with { type: 'json' };

export const en = { ...enBase, ...enRecovery, ...enAccountRecovery };
export const zhCN = { ...zhCNBase, ...zhCNRecovery, ...zhCNAccountRecovery };
