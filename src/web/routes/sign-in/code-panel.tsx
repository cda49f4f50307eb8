import { useRef, useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import type { SecondFactorProof } from '../../api/endpoints.ts';
import { errorMessage } from '../../api/error-message.ts';
import { FormField } from '../../components/form-field.tsx';
import { ErrorAlert } from '../../components/public-layout.tsx';
import { i18n } from '../../i18n/i18n.ts';

const TOTP_CODE = /^\d{6}$/;

interface CodePanelProps {
  method: 'totp' | 'recovery_code';
  verify: (proof: SecondFactorProof) => Promise<void>;
  trust: ReactNode;
}

/** A code the person already has: from the authenticator app, or one of the saved recovery codes. */
export function CodePanel({ method, verify, trust }: CodePanelProps): React.JSX.Element {
  const { t } = useTranslation();
  const [code, setCode] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const totp = method === 'totp';

  async function onSubmit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const value = totp ? code.replace(/\s/g, '') : code.trim();
    if (value === '' || (totp && !TOTP_CODE.test(value))) {
      setFieldError(value === '' ? t('validation.required') : t('signInMFA.totpFormat'));
      inputRef.current?.focus();
      return;
    }
    setSubmitting(true);
    setError(null);
    try {
      await verify({ method, code: value });
    } catch (caught) {
      setError(caught);
      setSubmitting(false);
      inputRef.current?.select();
    }
  }

  return (
    <form className="pub-form" noValidate onSubmit={(event) => void onSubmit(event)}>
      <p className="pub-body pub-body--tight">{totp ? t('signInMFA.totpIntro') : t('signInMFA.recoveryIntro')}</p>
      <FormField
        ref={inputRef}
        label={totp ? t('signInMFA.totpLabel') : t('signInMFA.recoveryLabel')}
        name={totp ? 'totp' : 'recovery-code'}
        type="text"
        code={totp}
        inputMode={totp ? 'numeric' : 'text'}
        autoComplete={totp ? 'one-time-code' : 'off'}
        autoCapitalize="none"
        spellCheck={false}
        maxLength={totp ? 7 : 64}
        autoFocus
        value={code}
        onChange={(event) => {
          setCode(event.target.value);
          setFieldError(null);
        }}
        error={fieldError}
      />
      {trust}
      {error !== null && <ErrorAlert>{codeErrorMessage(error, method)}</ErrorAlert>}
      <button className="pub-button" type="submit" disabled={submitting}>
        {submitting ? t('signInMFA.verifying') : t('signInMFA.verify')}
      </button>
    </form>
  );
}

/** An authenticator code that "expired" was already used: the app shows the next one shortly. */
function codeErrorMessage(error: unknown, method: 'totp' | 'recovery_code'): string {
  if (error instanceof ApiError && error.code === 'mfa_code_expired') {
    return method === 'totp' ? i18n.t('errors.mfa_code_used_totp') : i18n.t('errors.mfa_code_used_recovery');
  }
  return errorMessage(error);
}
