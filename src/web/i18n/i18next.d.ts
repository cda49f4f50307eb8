import type { en } from './messages.ts';
import type recoveryPages from './recovery-pages/en.json';

// Typed keys: a misspelt message key fails `npm run typecheck`.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    // `recovery`: the public recovery pages' texts, registered by their own lazy chunk (recovery-pages/).
    resources: { translation: typeof en; recovery: typeof recoveryPages };
  }
}
