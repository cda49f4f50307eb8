import { useState } from 'react';
import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import type { CodeSent, MFAMethod } from '../../api/endpoints.ts';
import { recoveryApi } from '../../api/recovery.ts';
import type { ResetLinkState } from '../../api/recovery.ts';
import { FormField } from '../../components/form-field.tsx';
import { SentCodeField } from '../../components/sent-code-field.tsx';
import { MFAMethodIcon } from '../../components/mfa-method-icon.tsx';
import { ErrorAlert } from '../../components/public-layout.tsx';
import { useCountdown } from '../../components/use-countdown.ts';
import { MethodList } from '../sign-in/method-list.tsx';
import { recoveryErrorMessage } from './recovery-error.ts';

type ResetMFA = NonNullable<ResetLinkState['mfa']>;

/** The method offered first: the account's preferred factor, a recovery code only when nothing else is left. */
export function firstMethod(mfa: ResetMFA): MFAMethod {
  return mfa.methods.find((method) => method !== 'recovery_code') ?? mfa.methods[0] ?? 'recovery_code';
}

interface ResetSecondFactorProps {
  token: string;
  mfa: ResetMFA;
  method: MFAMethod;
  onMethod: (method: MFAMethod) => void;
  code: string;
  onCode: (code: string) => void;
  codeError: string | null;
  codeRef: Ref<HTMLInputElement>;
}

/**
 * The second factor a reset needs when the account has one (a reset never bypasses it): a code
 * from the app, a recovery code, a code sent for this reset by SMS or e-mail, or a passkey
 * (asked for when the form is sent). Controlled by the reset form, which sends it with the password.
 */
export function ResetSecondFactor({ token, mfa, method, onMethod, code, onCode, codeError, codeRef }: ResetSecondFactorProps): React.JSX.Element {
  const { t } = useTranslation('recovery');
  const { t: tc } = useTranslation();
  const [choosing, setChoosing] = useState(false);
  const many = mfa.methods.length > 1;

  return (
    <section className="rec-mfa" aria-labelledby="rec-mfa-title">
      <div>
        <h2 className="rec-mfa-title" id="rec-mfa-title">
          {t('reset.mfaHeading')}
        </h2>
        <p className="rec-mfa-intro">{t('reset.mfaIntro')}</p>
      </div>
      {choosing ? (
        <>
          <MethodList
            methods={mfa.methods}
            destinations={mfa.destinations}
            current={method}
            onChoose={(next) => {
              onMethod(next);
              onCode('');
              setChoosing(false);
            }}
          />
          <button type="button" className="pub-text-button rec-mfa-switch" onClick={() => setChoosing(false)}>
            {tc('signInMFA.backToMethod')}
          </button>
        </>
      ) : (
        <>
          <div className="rec-mfa-method">
            <span className="pub-method-icon">
              <MFAMethodIcon method={method} />
            </span>
            <span className="pub-method-name">{tc(`mfa.methods.${method}`)}</span>
            {many && (
              <button type="button" className="pub-text-button rec-mfa-other" onClick={() => setChoosing(true)}>
                {tc('signInMFA.otherMethods')}
              </button>
            )}
          </div>
          {method === 'passkey' ? (
            <p className="pub-body pub-body--tight">{t('reset.passkeyIntro')}</p>
          ) : method === 'sms' || method === 'email' ? (
            <SentCode key={method} token={token} method={method} destination={mfa.destinations[method] ?? ''} code={code} onCode={onCode} codeError={codeError} codeRef={codeRef} />
          ) : (
            <>
              <p className="pub-body pub-body--tight">{method === 'totp' ? tc('signInMFA.totpIntro') : tc('signInMFA.recoveryIntro')}</p>
              <FormField
                ref={codeRef}
                label={method === 'totp' ? tc('signInMFA.totpLabel') : tc('signInMFA.recoveryLabel')}
                name={method === 'totp' ? 'totp' : 'recovery-code'}
                type="text"
                code={method === 'totp'}
                inputMode={method === 'totp' ? 'numeric' : 'text'}
                autoComplete={method === 'totp' ? 'one-time-code' : 'off'}
                autoCapitalize="none"
                spellCheck={false}
                maxLength={method === 'totp' ? 7 : 64}
                value={code}
                onChange={(event) => onCode(event.target.value)}
                error={codeError}
              />
            </>
          )}
        </>
      )}
    </section>
  );
}

interface SentCodeProps {
  token: string;
  method: 'sms' | 'email';
  destination: string;
  code: string;
  onCode: (code: string) => void;
  codeError: string | null;
  codeRef: Ref<HTMLInputElement>;
}

/** A code for this reset, sent on request by SMS or e-mail; a new one after the countdown. */
function SentCode({ token, method, destination, code, onCode, codeError, codeRef }: SentCodeProps): React.JSX.Element {
  const { t } = useTranslation('recovery');
  const { t: tc } = useTranslation();
  const [sent, setSent] = useState<CodeSent | null>(null);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [resendAt, setResendAt] = useState<number | null>(null);
  const resendIn = useCountdown(resendAt);

  async function send(): Promise<void> {
    setSending(true);
    setError(null);
    try {
      const answer = await recoveryApi.sendCode(token, method);
      setSent(answer);
      setResendAt(Date.now() + answer.resendAfterSeconds * 1000);
      onCode('');
    } catch (caught) {
      setError(caught);
      if (caught instanceof ApiError && caught.retryAfterSeconds !== undefined) setResendAt(Date.now() + caught.retryAfterSeconds * 1000);
    } finally {
      setSending(false);
    }
  }

  const sendLabel = sending
    ? tc('signInMFA.sending')
    : sent === null
      ? resendIn > 0
        ? tc('signInMFA.sendIn', { seconds: resendIn })
        : tc('signInMFA.sendCode')
      : resendIn > 0
        ? tc('signInMFA.resendIn', { seconds: resendIn })
        : tc('signInMFA.resend');

  return (
    <>
      <p className="pub-body pub-body--tight" role="status">
        {sent === null
          ? tc(method === 'sms' ? 'signInMFA.smsIntro' : 'signInMFA.emailIntro', { destination })
          : tc('signInMFA.codeSent', { destination: sent.destination, minutes: Math.max(1, Math.round(sent.expiresInSeconds / 60)) })}
      </p>
      {sent === null && codeError !== null && <div className="pub-field-error">{codeError}</div>}
      {sent !== null && (
        <SentCodeField ref={codeRef} label={tc('signInMFA.codeLabel')} value={code} onChange={onCode} error={codeError} />
      )}
      {error !== null && <ErrorAlert>{recoveryErrorMessage(error)}</ErrorAlert>}
      <button
        className={sent === null ? 'pub-button pub-button--secondary' : 'pub-text-button pub-text-button--center'}
        type="button"
        disabled={sending || resendIn > 0}
        onClick={() => void send()}
      >
        {sendLabel}
      </button>
    </>
  );
}
