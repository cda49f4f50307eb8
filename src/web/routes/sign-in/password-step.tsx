import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { authApi } from '../../api/endpoints.ts';
import type { SignInAnswer } from '../../api/endpoints.ts';
import { FormField } from '../../components/form-field.tsx';
import { CardHeading } from '../../components/public-layout.tsx';
import { passkeysSupported } from '../../components/webauthn.ts';
import { loadAppRoot } from '../app-chunks.ts';
import { PasskeySignInButton } from './passkey-sign-in-button.tsx';
import { SignInErrorAlert } from './sign-in-error-alert.tsx';

type Missing = { identifier: boolean; password: boolean };

interface PasswordStepProps {
  identifier: string;
  onIdentifierChange: (identifier: string) => void;
  onAnswer: (answer: SignInAnswer) => void;
  /** Why the person is back here (the second step ended), shown until they try again. */
  initialError?: unknown;
}

/** Identifier and password, or a passkey instead of both. */
export function PasswordStep({ identifier, onIdentifierChange, onAnswer, initialError = null }: PasswordStepProps): React.JSX.Element {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<Missing>({ identifier: false, password: false });
  // The error itself is kept, not its text, so it is re-worded when the language changes.
  const [error, setError] = useState<unknown>(initialError);
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
      onAnswer(await authApi.login({ identifier: identifier.trim(), password }));
    } catch (caught) {
      setError(caught);
      setSubmitting(false);
      passwordRef.current?.select();
    }
  }

  return (
    <>
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
          autoFocus={identifier === ''}
          placeholder={t('login.identifierPlaceholder')}
          value={identifier}
          onChange={(event) => {
            onIdentifierChange(event.target.value);
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
          autoFocus={identifier !== ''}
          revealable
          value={password}
          onChange={(event) => {
            setPassword(event.target.value);
            if (missing.password) setMissing({ ...missing, password: false });
          }}
          error={missing.password ? t('validation.required') : null}
        />
        <Link className="pub-forgot" to="/forgot-password" state={identifier.trim() !== '' ? { identifier: identifier.trim() } : undefined}>
          {t('signInHelp.forgotLink')}
        </Link>
        {error !== null && <SignInErrorAlert error={error} identifier={identifier} />}
        <button className="pub-button" type="submit" disabled={submitting}>
          {submitting ? t('login.submitting') : t('login.submit')}
        </button>
      </form>
      {passkeysSupported() && (
        <>
          <div className="pub-divider">
            <span>{t('login.or')}</span>
          </div>
          <PasskeySignInButton onAnswer={onAnswer} />
        </>
      )}
      <div className="pub-notes">
        <p>{t('login.firstTime')}</p>
      </div>
    </>
  );
}
