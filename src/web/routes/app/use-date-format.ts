import { useTranslation } from 'react-i18next';

/** Formats epoch milliseconds as a date and time in the interface's language. */
export function useDateFormat(): (epochMs: number) => string {
  const { i18n } = useTranslation();
  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });
  return (epochMs) => format.format(new Date(epochMs));
}
