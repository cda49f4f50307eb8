export type Locale = 'en' | 'zh-CN';
export const LOCALE_STORAGE_KEY = 'cairn.locale';

function isLocale(value: string | null | undefined): value is Locale {
  return value === 'en' || value === 'zh-CN';
}

/** A remembered choice wins; otherwise any Chinese browser language gets zh-CN, the rest English. */
export function pickLocale(stored: string | null, browserLanguage: string | undefined): Locale {
  if (isLocale(stored)) return stored;
  return browserLanguage?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}
