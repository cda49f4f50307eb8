import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CairnMark } from './cairn-mark.tsx';
import { LanguageSwitch } from './language-switch.tsx';

/** The frame of the pages seen before sign-in: brand, language switch, one centred card. */
export function PublicLayout({ children, wide = false }: { children: ReactNode; wide?: boolean }): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <div className="pub-page">
      <header className="pub-top">
        <LanguageSwitch />
      </header>
      <main className="pub-main">
        <div className={wide ? 'pub-card pub-card--wide' : 'pub-card'}>
          <div className="pub-brand">
            <CairnMark size={36} />
            <span>{t('common.productName')}</span>
          </div>
          {children}
        </div>
      </main>
    </div>
  );
}

export function CardHeading({ title, subtitle }: { title: string; subtitle?: ReactNode }): React.JSX.Element {
  return (
    <div className="pub-card-head">
      <h1 className="pub-title">{title}</h1>
      {subtitle !== undefined && <p className="pub-subtitle">{subtitle}</p>}
    </div>
  );
}

export function ErrorAlert({ children }: { children: ReactNode }): React.JSX.Element {
  return (
    <div className="pub-alert" role="alert">
      <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">
        <circle cx="8" cy="8" r="7" fill="none" stroke="currentColor" strokeWidth="1.5" />
        <path d="M8 4.5v4.2" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
        <circle cx="8" cy="11.2" r="0.95" fill="currentColor" />
      </svg>
      <div>{children}</div>
    </div>
  );
}
