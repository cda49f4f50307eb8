import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';

export type Way = 'forgot' | 'backup' | 'questions' | 'assisted';

const PATHS: Record<Way, string> = {
  forgot: '/forgot-password',
  backup: '/recover/backup',
  questions: '/recover/questions',
  assisted: '/recover/assisted',
};

const ICONS: Record<Way, React.JSX.Element> = {
  forgot: (
    <>
      <rect x="3" y="5" width="18" height="14" rx="2.5" />
      <path d="m3.8 6.5 8.2 6.2 8.2-6.2" />
    </>
  ),
  backup: (
    <>
      <rect x="7" y="2.5" width="10" height="19" rx="2.5" />
      <path d="M10.5 18.5h3" />
    </>
  ),
  questions: (
    <>
      <circle cx="12" cy="12" r="9" />
      <path d="M9.6 9.3a2.5 2.5 0 1 1 3.4 2.3c-.6.3-1 .8-1 1.5v.6" />
      <path d="M12 16.8h.01" strokeWidth="2.4" />
    </>
  ),
  assisted: (
    <>
      <circle cx="12" cy="8" r="3.6" />
      <path d="M4.8 20c.8-3.6 3.6-5.6 7.2-5.6s6.4 2 7.2 5.6" />
    </>
  ),
};

/** The other ways to get back in, as a list of links with a line of explanation each. */
export function OtherWays({ ways, identifier }: { ways: readonly Way[]; identifier?: string }): React.JSX.Element {
  const { t } = useTranslation('recovery');
  return (
    <nav className="rec-ways" aria-labelledby="rec-ways-title">
      <h2 className="rec-ways-title" id="rec-ways-title">
        {t('otherWays')}
      </h2>
      <ul className="pub-methods">
        {ways.map((way) => (
          <li key={way}>
            <Link className="pub-method rec-way" to={PATHS[way]} state={identifier ? { identifier } : undefined}>
              <span className="pub-method-icon">
                <svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
                  {ICONS[way]}
                </svg>
              </span>
              <span className="pub-method-text">
                <span className="pub-method-name">{t(`ways.${way}`)}</span>
                <span className="pub-method-detail">{t(`ways.${way}Detail`)}</span>
              </span>
              <span className="rec-way-arrow" aria-hidden="true">
                ›
              </span>
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function BackToSignIn(): React.JSX.Element {
  const { t } = useTranslation('recovery');
  return (
    <div className="pub-notes">
      <p>
        <Link className="rec-back" to="/login">
          ← {t('backToSignIn')}
        </Link>
      </p>
    </div>
  );
}
