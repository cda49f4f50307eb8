import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { errorMessage } from '../../api/error-message.ts';
import { ErrorAlert } from '../../components/public-layout.tsx';

/**
 * A failed sign-in in words, with the way out where there is one: a pause after too many
 * wrong passwords says how long and offers a reset; a locked account offers the reset that
 * unlocks it, or the administrator.
 */
export function SignInErrorAlert({ error, identifier }: { error: unknown; identifier: string }): React.JSX.Element {
  const { t } = useTranslation();
  // The identifier goes along in router state, never in the URL (logs, history, Referer).
  const state = identifier.trim() !== '' ? { identifier: identifier.trim() } : undefined;
  if (error instanceof ApiError && error.code === 'account_locked') {
    return (
      <ErrorAlert>
        <strong className="pub-alert-title">{t('signInHelp.lockedTitle')}</strong>
        <p className="pub-alert-line">{t('signInHelp.lockedBody')}</p>
        <p className="pub-alert-line">
          <Link className="pub-alert-link" to="/forgot-password" state={state}>
            {t('signInHelp.lockedReset')}
          </Link>
        </p>
        <p className="pub-alert-line">{t('signInHelp.lockedAdmin')}</p>
      </ErrorAlert>
    );
  }
  if (error instanceof ApiError && error.code === 'too_many_attempts') {
    return (
      <ErrorAlert>
        <span>{errorMessage(error)}</span>
        <p className="pub-alert-line">
          {t('signInHelp.pausedForgot')}{' '}
          <Link className="pub-alert-link" to="/forgot-password" state={state}>
            {t('signInHelp.pausedReset')}
          </Link>
        </p>
      </ErrorAlert>
    );
  }
  return <ErrorAlert>{errorMessage(error)}</ErrorAlert>;
}
