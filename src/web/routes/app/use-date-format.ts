import { useTranslation } from 'react-i18next';

/** Formats epoch milliseconds as a date (and time, unless `dateOnly`) in the interface's language. */
export function useDateFormat(options: { dateOnly?: boolean } = {}): (epochMs: number) => string {
  const { i18n } = useTranslation();
  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', ...(options.dateOnly ? {} : { timeStyle: 'short' }) });
  return (epochMs) => format.format(new Date(epochMs));
}

/** The time of day of epoch milliseconds, in the interface's language. */
export function useTimeFormat(): (epochMs: number) => string {
  const { i18n } = useTranslation();
  const format = new Intl.DateTimeFormat(i18n.language, { timeStyle: 'short' });
  return (epochMs) => format.format(new Date(epochMs));
}
