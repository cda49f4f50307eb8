import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import type { MFAMethod, SecondFactorProof } from '../../api/endpoints.ts';
import { recoveryApi } from '../../api/recovery.ts';
import type { ResetLinkState } from '../../api/recovery.ts';
import { FormField } from '../../components/form-field.tsx';
import { PageLoading } from '../../components/page-loading.tsx';
import { passwordHint, passwordPolicyError } from '../../components/password-policy.ts';
import { CardHeading, ErrorAlert, PublicLayout } from '../../components/public-layout.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { getPasskeyAssertion, passkeyErrorMessage } from '../../components/webauthn.ts';
import { currentLocale, i18n } from '../../i18n/i18n.ts';
import { BackToSignIn } from './other-ways.tsx';
import { hasCode, recoveryErrorMessage } from './recovery-error.ts';
import { forgetResetToken, recalledIdentifier, takeResetToken } from './recovery-storage.ts';
import { firstMethod, ResetSecondFactor } from './reset-second-factor.tsx';

type View = { kind: 'checking' } | { kind: 'form'; link: ResetLinkState } | { kind: 'done' } | { kind: 'invalid' } | { kind: 'no-link' } | { kind: 'failed'; error: unknown };

const TOTP_CODE = /^\d{6}$/;
const CODE_ERRORS = ['mfa_code_invalid', 'mfa_code_expired', 'passkey_invalid', 'reset_mfa_required'];

/**
 * The page a reset link opens (`/reset-password#token=...`): the token is read from the
 * fragment and taken out of the address bar at once, checked, then a new password (and the
 * second factor, when the account has one) is set. It never signs the person in (OWASP).
 */
export function ResetPasswordPage(): React.JSX.Element {
  const { t } = useTranslation('recovery');
  const { t: tc } = useTranslation();
  useDocumentTitle(t('reset.heading'));
  const [token, setToken] = useState(takeResetToken);
  const [view, setView] = useState<View>(token === null ? { kind: 'no-link' } : { kind: 'checking' });
  const [round, setRound] = useState(0);

  // A newer link pasted into this tab only changes the fragment: no page load, so listen for it.
  useEffect(() => {
    function onHashChange(): void {
      const next = takeResetToken();
      if (next === null) return;
      setToken(next);
      setView({ kind: 'checking' });
      setRound((count) => count + 1);
    }
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);

  useEffect(() => {
    if (token === null) return;
    let cancelled = false;
    recoveryApi
      .check(token)
      .then((link) => {
        if (!cancelled) setView({ kind: 'form', link });
      })
      .catch((caught: unknown) => {
        if (cancelled) return;
        if (hasCode(caught, 'reset_link_invalid')) {
          forgetResetToken();
          setView({ kind: 'invalid' });
        } else {
          setView({ kind: 'failed', error: caught });
        }
      });
    return () => {
      cancelled = true;
    };
  }, [token, round]);

  if (view.kind === 'checking') return <PageLoading />;

  if (view.kind === 'done') {
    return (
      <PublicLayout>
        <div className="rec-badge rec-badge--ok" aria-hidden="true">
          <svg width="28" height="28" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
            <path d="m5 12.5 4.5 4.5L19 7.5" />
          </svg>
        </div>
        <CardHeading title={t('reset.doneHeading')} subtitle={t('reset.doneBody')} />
        <Link className="pub-link-button rec-full" to="/login" replace>
          {t('reset.signIn')}
        </Link>
      </PublicLayout>
    );
  }

  if (view.kind === 'invalid' || view.kind === 'no-link') {
    const invalid = view.kind === 'invalid';
    const identifier = recalledIdentifier();
    return (
      <PublicLayout>
        <div className="rec-badge rec-badge--warn" aria-hidden="true">
          <svg width="28" height="28" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round">
            <path d="M10 14a4.5 4.5 0 0 0 6.4 0l3.2-3.2a4.5 4.5 0 0 0-6.4-6.4l-1 1" />
            <path d="M14 10a4.5 4.5 0 0 0-6.4 0l-3.2 3.2a4.5 4.5 0 0 0 6.4 6.4l1-1" />
            <path d="m4 4 16 16" />
          </svg>
        </div>
        <CardHeading
          title={invalid ? t('reset.invalidHeading') : t('reset.noLinkHeading')}
          subtitle={invalid ? t('reset.invalidBody') : t('reset.noLinkBody')}
        />
        <Link className="pub-link-button rec-full" to="/forgot-password" state={identifier !== '' ? { identifier } : undefined}>
          {t('reset.newLink')}
        </Link>
        <BackToSignIn />
      </PublicLayout>
    );
  }

  if (view.kind === 'failed') {
    return (
      <PublicLayout>
        <CardHeading title={t('reset.heading')} />
        <div className="pub-form">
          <ErrorAlert>{recoveryErrorMessage(view.error)}</ErrorAlert>
          <button className="pub-button" type="button" onClick={() => setRound((count) => count + 1)}>
            {tc('common.retry')}
          </button>
        </div>
        <BackToSignIn />
      </PublicLayout>
    );
  }

  return (
    <PublicLayout>
      <ResetForm
        key={token}
        token={token ?? ''}
        link={view.link}
        onDone={() => {
          forgetResetToken();
          setView({ kind: 'done' });
        }}
        onInvalid={() => {
          forgetResetToken();
          setView({ kind: 'invalid' });
        }}
      />
      <BackToSignIn />
    </PublicLayout>
  );
}

// Messages are kept as functions so they are re-worded when the language changes.
type Message = (() => string) | null;

interface ResetFormProps {
  token: string;
  link: ResetLinkState;
  onDone: () => void;
  onInvalid: () => void;
}

function ResetForm({ token, link, onDone, onInvalid }: ResetFormProps): React.JSX.Element {
  const { t } = useTranslation('recovery');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [passwordError, setPasswordError] = useState<Message>(null);
  const [confirmError, setConfirmError] = useState<Message>(null);
  const [method, setMethod] = useState<MFAMethod>(() => (link.mfa === null ? 'totp' : firstMethod(link.mfa)));
  const [code, setCode] = useState('');
  const [codeError, setCodeError] = useState<Message>(null);
  const [error, setError] = useState<unknown>(null);
  const [submitting, setSubmitting] = useState(false);
  const passwordRef = useRef<HTMLInputElement>(null);
  const confirmRef = useRef<HTMLInputElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);

  /** The second factor as the API takes it; a passkey is asked for here, so only once the rest is valid. */
  async function proof(): Promise<SecondFactorProof> {
    if (method === 'passkey') {
      const { options } = await recoveryApi.passkeyOptions(token);
      return { method: 'passkey', credential: await getPasskeyAssertion(options) };
    }
    const value = method === 'recovery_code' ? code.trim() : code.replace(/\s/g, '');
    return { method, code: value };
  }

  function codeProblem(): Message {
    if (link.mfa === null || method === 'passkey') return null;
    const value = code.replace(/\s/g, '');
    if (value === '') return method === 'sms' || method === 'email' ? () => i18n.t('reset.sendFirst', { ns: 'recovery' }) : () => i18n.t('validation.required');
    if (method === 'totp' && !TOTP_CODE.test(value)) return () => i18n.t('signInMFA.totpFormat');
    return null;
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const policy = passwordPolicyError(password);
    const nextPasswordError: Message = policy === null ? null : () => passwordPolicyError(password) ?? '';
    const nextConfirmError: Message = policy === null && confirm !== password ? () => i18n.t('password.mismatch') : null;
    const nextCodeError = codeProblem();
    setPasswordError(() => nextPasswordError);
    setConfirmError(() => nextConfirmError);
    setCodeError(() => nextCodeError);
    if (nextPasswordError !== null) return passwordRef.current?.focus();
    if (nextConfirmError !== null) return confirmRef.current?.focus();
    if (nextCodeError !== null) return codeRef.current?.focus();

    setSubmitting(true);
    setError(null);
    try {
      const mfa = link.mfa === null ? undefined : await proof();
      await recoveryApi.reset({ token, password, ...(mfa !== undefined ? { mfa } : {}) });
      onDone();
    } catch (caught) {
      setSubmitting(false);
      if (hasCode(caught, 'reset_link_invalid')) return onInvalid();
      if (hasCode(caught, 'password_too_short', 'password_too_long')) {
        setPasswordError(() => () => recoveryErrorMessage(caught));
        passwordRef.current?.focus();
        return;
      }
      if (method !== 'passkey' && hasCode(caught, ...CODE_ERRORS)) {
        setCodeError(() => () => codeErrorMessage(caught, method));
        codeRef.current?.select();
        return;
      }
      setError(caught);
    }
  }

  const hint = passwordHint(password);
  return (
    <>
      <CardHeading title={t('reset.heading')} subtitle={t('reset.validUntil', { time: formatTime(link.expiresAt) })} />
      <form className="pub-form" method="post" noValidate onSubmit={(event) => void onSubmit(event)}>
        {/* Lets password managers save the new password for the right account. */}
        <input type="text" name="username" autoComplete="username" hidden readOnly value={recalledIdentifier()} />
        <FormField
          ref={passwordRef}
          label={t('reset.new')}
          name="new-password"
          type="password"
          autoComplete="new-password"
          autoFocus
          revealable
          value={password}
          onChange={(event) => {
            setPassword(event.target.value);
            setPasswordError(null);
          }}
          error={passwordError?.()}
          hint={hint.text}
          hintState={hint.state}
        />
        <FormField
          ref={confirmRef}
          label={t('reset.confirm')}
          name="confirm-password"
          type="password"
          autoComplete="new-password"
          revealable
          value={confirm}
          onChange={(event) => {
            setConfirm(event.target.value);
            setConfirmError(null);
          }}
          error={confirmError?.()}
        />
        {link.mfa !== null && (
          <ResetSecondFactor
            token={token}
            mfa={link.mfa}
            method={method}
            onMethod={(next) => {
              setMethod(next);
              setCodeError(null);
              setError(null);
            }}
            code={code}
            onCode={(next) => {
              setCode(next);
              setCodeError(null);
            }}
            codeError={codeError?.() ?? null}
            codeRef={codeRef}
          />
        )}
        {error !== null && <ErrorAlert>{error instanceof ApiError ? recoveryErrorMessage(error) : passkeyErrorMessage(error)}</ErrorAlert>}
        <button className="pub-button" type="submit" disabled={submitting}>
          {submitting ? t('reset.submitting') : t('reset.submit')}
        </button>
      </form>
    </>
  );
}

/** An authenticator code that "expired" was already used: the app shows the next one shortly. */
function codeErrorMessage(error: unknown, method: MFAMethod): string {
  if (error instanceof ApiError && error.code === 'mfa_code_expired') {
    if (method === 'totp') return i18n.t('errors.mfa_code_used_totp');
    if (method === 'recovery_code') return i18n.t('errors.mfa_code_used_recovery');
  }
  return recoveryErrorMessage(error);
}

function formatTime(epochMs: number): string {
  return new Intl.DateTimeFormat(currentLocale(), { hour: 'numeric', minute: '2-digit' }).format(epochMs);
}
