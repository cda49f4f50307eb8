import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client.ts';
import { setupApi } from '../api/endpoints.ts';
import { errorMessage } from '../api/error-message.ts';
import { FormField } from '../components/form-field.tsx';
import { i18n } from '../i18n/i18n.ts';
import { passwordHint, passwordPolicyError } from '../components/password-policy.ts';
import { CardHeading, ErrorAlert, PublicLayout } from '../components/public-layout.tsx';
import { PageLoading } from '../components/page-loading.tsx';
import { useDocumentTitle } from '../components/use-document-title.ts';
import { loadAppRoot } from './app-chunks.ts';

const CLI_COMMAND = 'npm run cli -- user:create --email you@company.com --name "Your Name" --role admin';
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type Field = 'name' | 'email' | 'username' | 'password' | 'confirm';
type Values = Record<Field, string>;
// Messages are kept as functions so they are re-worded when the language changes.
type FieldErrors = Partial<Record<Field, () => string>>;
type View = 'checking' | 'form' | 'done' | 'link-invalid' | 'no-token';

/** The one-time token travels in the fragment (`#token=...`), which never reaches the server's logs. */
function readTokenFromHash(hash: string): string | null {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token');
  return token !== null && token !== '' ? token : null;
}

function validate(values: Values): FieldErrors {
  const errors: FieldErrors = {};
  const required = (): string => i18n.t('validation.required');
  if (values.name.trim() === '') errors.name = required;
  if (values.email.trim() === '') errors.email = required;
  else if (!EMAIL_PATTERN.test(values.email.trim())) errors.email = () => i18n.t('validation.email');
  if (values.username.trim() === '') errors.username = required;
  if (passwordPolicyError(values.password) !== null) errors.password = () => passwordPolicyError(values.password) ?? '';
  if (values.confirm !== values.password) errors.confirm = () => i18n.t('password.mismatch');
  return errors;
}

export function SetupPage(): React.JSX.Element {
  const { t } = useTranslation();
  useDocumentTitle(t('titles.setup'));
  const location = useLocation();
  const navigate = useNavigate();
  const [token] = useState(() => readTokenFromHash(location.hash));
  const [view, setView] = useState<View>('checking');
  const [values, setValues] = useState<Values>({ name: '', email: '', username: '', password: '', confirm: '' });
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [serverFieldErrors, setServerFieldErrors] = useState<FieldErrors>({});
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);

  // Take the token out of the address bar (and so out of history and screenshots) at once.
  useEffect(() => {
    if (location.hash !== '') navigate({ pathname: location.pathname, search: location.search }, { replace: true });
  }, [location.hash, location.pathname, location.search, navigate]);

  useEffect(() => {
    let cancelled = false;
    setupApi
      .status()
      .then(({ needed }) => {
        if (cancelled) return;
        if (!needed) setView('done');
        else setView(token === null ? 'no-token' : 'form');
      })
      .catch((caught: unknown) => {
        if (cancelled) return;
        // Without an answer, still let the person try; the server has the last word.
        setError(caught);
        setView(token === null ? 'no-token' : 'form');
      });
    return () => {
      cancelled = true;
    };
  }, [token]);

  function update(field: Field, value: string): void {
    setValues((current) => ({ ...current, [field]: value }));
    if (fieldErrors[field] !== undefined) setFieldErrors((current) => ({ ...current, [field]: undefined }));
    if (serverFieldErrors[field] !== undefined) setServerFieldErrors((current) => ({ ...current, [field]: undefined }));
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    if (token === null) return;
    const errors = validate(values);
    setFieldErrors(errors);
    setServerFieldErrors({});
    if (Object.keys(errors).length > 0) return;
    setSubmitting(true);
    setError(null);
    void loadAppRoot().catch(() => undefined);
    try {
      await setupApi.complete({
        token,
        name: values.name.trim(),
        email: values.email.trim(),
        username: values.username.trim(),
        password: values.password,
      });
      navigate('/', { replace: true });
    } catch (caught) {
      setSubmitting(false);
      if (caught instanceof ApiError && caught.code === 'setup_token_invalid') setView('link-invalid');
      else if (caught instanceof ApiError && caught.code === 'setup_completed') setView('done');
      else if (caught instanceof ApiError && (caught.code === 'password_too_short' || caught.code === 'password_too_long')) {
        setFieldErrors({ password: () => errorMessage(caught) });
      }
      else {
        if (caught instanceof ApiError && caught.fields !== undefined) setServerFieldErrors(pickFieldErrors(caught.fields));
        setError(caught);
      }
    }
  }

  if (view === 'checking') return <PageLoading />;

  if (view === 'done') {
    return (
      <PublicLayout>
        <CardHeading title={t('setup.doneHeading')} subtitle={t('setup.doneBody')} />
        <Link className="pub-link-button" to="/login">
          {t('setup.doneLink')}
        </Link>
      </PublicLayout>
    );
  }

  if (view === 'link-invalid' || view === 'no-token') {
    return (
      <PublicLayout wide>
        <CardHeading
          title={view === 'link-invalid' ? t('setup.linkInvalidHeading') : t('setup.noTokenHeading')}
          subtitle={view === 'link-invalid' ? t('setup.linkInvalidBody') : t('setup.noTokenBody')}
        />
        <p className="pub-body">{t('setup.howToFix')}</p>
        <code className="pub-code">{CLI_COMMAND}</code>
      </PublicLayout>
    );
  }

  const hint = passwordHint(values.password);
  const fieldError = (field: Field): string | undefined => (fieldErrors[field] ?? serverFieldErrors[field])?.();
  return (
    <PublicLayout wide>
      <CardHeading title={t('setup.heading')} subtitle={t('setup.subheading')} />
      <form className="pub-form" method="post" noValidate onSubmit={(event) => void onSubmit(event)}>
        <FormField
          label={t('setup.name')}
          name="name"
          autoComplete="name"
          autoFocus
          placeholder={t('setup.namePlaceholder')}
          value={values.name}
          onChange={(event) => update('name', event.target.value)}
          error={fieldError('name')}
        />
        <div className="pub-row">
          <FormField
            label={t('setup.email')}
            name="email"
            type="email"
            autoComplete="email"
            spellCheck={false}
            placeholder={t('setup.emailPlaceholder')}
            value={values.email}
            onChange={(event) => update('email', event.target.value)}
            error={fieldError('email')}
          />
          <FormField
            label={t('setup.username')}
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            placeholder={t('setup.usernamePlaceholder')}
            value={values.username}
            onChange={(event) => update('username', event.target.value)}
            error={fieldError('username')}
          />
        </div>
        <FormField
          label={t('setup.password')}
          name="password"
          type="password"
          autoComplete="new-password"
          revealable
          value={values.password}
          onChange={(event) => update('password', event.target.value)}
          error={fieldError('password')}
          hint={hint.text}
          hintState={hint.state}
        />
        <FormField
          label={t('setup.confirmPassword')}
          name="confirm"
          type="password"
          autoComplete="new-password"
          revealable
          value={values.confirm}
          onChange={(event) => update('confirm', event.target.value)}
          error={fieldError('confirm')}
        />
        {error !== null && <ErrorAlert>{errorMessage(error)}</ErrorAlert>}
        <button className="pub-button" type="submit" disabled={submitting}>
          {submitting ? t('setup.submitting') : t('setup.submit')}
        </button>
      </form>
    </PublicLayout>
  );
}

/** The server's per-field messages (already in the interface's language, from Accept-Language). */
function pickFieldErrors(fields: Record<string, string>): FieldErrors {
  const errors: FieldErrors = {};
  for (const field of ['name', 'email', 'username', 'password'] as const) {
    const message = fields[field];
    if (message !== undefined) errors[field] = () => message;
  }
  return errors;
}
