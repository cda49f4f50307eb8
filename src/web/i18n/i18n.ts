import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en, zhCN } from './messages.ts';
import { LOCALE_STORAGE_KEY, pickLocale } from './locale.ts';
import type { Locale } from './locale.ts';

export type { Locale } from './locale.ts';

function readStoredLocale(): string | null {
  try {
    return window.localStorage.getItem(LOCALE_STORAGE_KEY);
  } catch {
    // Storage can be disabled (private mode, policies); the browser language still works.
    return null;
  }
}

const initialLocale = pickLocale(readStoredLocale(), navigator.languages?.[0] ?? navigator.language);

export const i18n = i18next.createInstance();

void i18n.use(initReactI18next).init({
  resources: {
    en: { translation: en },
    'zh-CN': { translation: zhCN },
  },
  lng: initialLocale,
  fallbackLng: 'en',
  supportedLngs: ['en', 'zh-CN'],
  // React escapes what it renders.
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});

document.documentElement.lang = initialLocale;
i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});

export function currentLocale(): Locale {
  return i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
}

/** Switches the interface language and remembers the choice in this browser. */
export function chooseLocale(locale: Locale): void {
  try {
    window.localStorage.setItem(LOCALE_STORAGE_KEY, locale);
  } catch {
    // Not remembered, but the switch itself still works.
  }
  void i18n.changeLanguage(locale);
}

/** True when the person picked a language in this browser (not just the browser default). */
export function hasChosenLocale(): boolean {
  return readStoredLocale() !== null;
}
