import { useTranslation } from 'react-i18next';
import { chooseLocale, currentLocale } from '../i18n/i18n.ts';
import type { Locale } from '../i18n/locale.ts';

// Each language is named in itself, so a person who cannot read the current one still finds theirs.
const OPTIONS: ReadonlyArray<{ locale: Locale; label: string }> = [
  { locale: 'zh-CN', label: '中文' },
  { locale: 'en', label: 'English' },
];

export function LanguageSwitch({ onChosen }: { onChosen?: (locale: Locale) => void }): React.JSX.Element {
  const { t } = useTranslation();
  const active = currentLocale();
  return (
    <div className="lang-switch" role="group" aria-label={t('common.language')}>
      {OPTIONS.map(({ locale, label }) => (
        <button
          key={locale}
          type="button"
          lang={locale}
          aria-pressed={active === locale}
          onClick={() => {
            if (locale === active) return;
            chooseLocale(locale);
            onChosen?.(locale);
          }}
        >
          {label}
        </button>
      ))}
    </div>
  );
}
