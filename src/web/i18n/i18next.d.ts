import type accountRecovery from './account-recovery/en.json';
import type { en } from './messages.ts';
import type recoveryPages from './recovery-pages/en.json';

// Typed keys: a misspelt message key fails `npm run typecheck`.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    // account-recovery/ joins `translation` when the signed-in app loads; `recovery`: the public
    // recovery pages' texts, registered by their own lazy chunk (recovery-pages/).
    resources: { translation: typeof en & typeof accountRecovery; recovery: typeof recoveryPages };
  }
}
