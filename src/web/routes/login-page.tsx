import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { authApi } from '../api/endpoints.ts';
import { errorMessage } from '../api/error-message.ts';
import { FormField } from '../components/form-field.tsx';
import { CardHeading, ErrorAlert, PublicLayout } from '../components/public-layout.tsx';
import { useDocumentTitle } from '../components/use-document-title.ts';
import { loadAppRoot } from './app-chunks.ts';
import { safeNextPath } from './safe-next.ts';

type Missing = { identifier: boolean; password: boolean };

export function LoginPage(): React.JSX.Element {
  const { t } = useTranslation();
  useDocumentTitle(t('titles.login'));
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const [identifier, setIdentifier] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<Missing>({ identifier: false, password: false });
  // The error itself is kept, not its text, so it is re-worded when the language changes.
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const identifierRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const nowMissing = { identifier: identifier.trim() === '', password: password === '' };
    setMissing(nowMissing);
    if (nowMissing.identifier || nowMissing.password) {
      (nowMissing.identifier ? identifierRef : passwordRef).current?.focus();
      return;
    }
    setSubmitting(true);
    setError(null);
    // Fetch the app while the password is checked, so the next page appears at once.
    void loadAppRoot().catch(() => undefined);
    try {
      const result = await authApi.login({ identifier: identifier.trim(), password });
      if (result.status === 'password_change_required') {
        navigate('/change-password', { replace: true });
      } else {
        navigate(safeNextPath(searchParams.get('next')), { replace: true });
      }
    } catch (caught) {
      setError(caught);
      setSubmitting(false);
      passwordRef.current?.select();
    }
  }

  return (
    <PublicLayout>
      <CardHeading title={t('login.heading')} subtitle={t('login.subheading')} />
      <form className="pub-form" method="post" noValidate onSubmit={(event) => void onSubmit(event)}>
        <FormField
          ref={identifierRef}
          label={t('login.identifier')}
          name="identifier"
          type="text"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          autoFocus
          placeholder={t('login.identifierPlaceholder')}
          value={identifier}
          onChange={(event) => {
            setIdentifier(event.target.value);
            if (missing.identifier) setMissing({ ...missing, identifier: false });
          }}
          error={missing.identifier ? t('validation.required') : null}
        />
        <FormField
          ref={passwordRef}
          label={t('login.password')}
          name="password"
          type="password"
          autoComplete="current-password"
          revealable
          value={password}
          onChange={(event) => {
            setPassword(event.target.value);
            if (missing.password) setMissing({ ...missing, password: false });
          }}
          error={missing.password ? t('validation.required') : null}
        />
        {error !== null && <ErrorAlert>{errorMessage(error)}</ErrorAlert>}
        <button className="pub-button" type="submit" disabled={submitting}>
          {submitting ? t('login.submitting') : t('login.submit')}
        </button>
      </form>
      <div className="pub-notes">
        <p>{t('login.firstTime')}</p>
        <p>{t('login.forgot')}</p>
      </div>
    </PublicLayout>
  );
}
