import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { recoveryApi } from '../../api/recovery.ts';
import type { AssistedStatus } from '../../api/recovery.ts';
import { FormField } from '../../components/form-field.tsx';
import { PageLoading } from '../../components/page-loading.tsx';
import { CardHeading, ErrorAlert, PublicLayout } from '../../components/public-layout.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { currentLocale } from '../../i18n/i18n.ts';
import { BackToSignIn } from './other-ways.tsx';
import { IdentifierField } from './identifier-field.tsx';
import { recoveryErrorMessage } from './recovery-error.ts';
import { assistedRequestToken, forgetAssistedRequest, rememberAssistedRequest, rememberIdentifier } from './recovery-storage.ts';
import { TextAreaField } from './text-area-field.tsx';
import { useIncomingIdentifier } from './use-identifier.ts';

type Field = 'identifier' | 'message' | 'contact';
const CONTACT_MIN_LENGTH = 3;

/**
 * "I can't get in": a request to the administrators, who check the person by other means. The
 * status token stays in this browser, so the person can come back and see the outcome.
 */
export function AssistedRecoveryPage(): React.JSX.Element {
  const { t } = useTranslation('recovery');
  useDocumentTitle(t('assisted.heading'));
  const [statusToken, setStatusToken] = useState<string | null>(assistedRequestToken);

  return (
    <PublicLayout wide>
      {statusToken === null ? (
        <RequestForm
          onFiled={(token) => {
            rememberAssistedRequest(token);
            setStatusToken(token);
          }}
        />
      ) : (
        <RequestStatus
          statusToken={statusToken}
          onForget={() => {
            forgetAssistedRequest();
            setStatusToken(null);
          }}
        />
      )}
      <BackToSignIn />
    </PublicLayout>
  );
}

function RequestForm({ onFiled }: { onFiled: (statusToken: string) => void }): React.JSX.Element {
  const { t } = useTranslation('recovery');
  const { t: tc } = useTranslation();
  const location = useLocation();
  // Right answers to the security questions travel with the request (router state, never the URL).
  const attempt = (location.state as { attempt?: unknown } | null)?.attempt;
  const [values, setValues] = useState<Record<Field, string>>({ identifier: useIncomingIdentifier(), message: '', contact: '' });
  const [invalid, setInvalid] = useState<Partial<Record<Field, boolean>>>({});
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const identifierRef = useRef<HTMLInputElement>(null);

  function update(field: Field, value: string): void {
    setValues((current) => ({ ...current, [field]: value }));
    setInvalid((current) => ({ ...current, [field]: false }));
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const trimmed = { identifier: values.identifier.trim(), message: values.message.trim(), contact: values.contact.trim() };
    const nowInvalid = { identifier: trimmed.identifier === '', message: trimmed.message === '', contact: trimmed.contact.length < CONTACT_MIN_LENGTH };
    setInvalid(nowInvalid);
    if (Object.values(nowInvalid).some(Boolean)) {
      if (nowInvalid.identifier) identifierRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { statusToken } = await recoveryApi.assisted({ ...trimmed, ...(typeof attempt === 'string' ? { attempt } : {}) });
      rememberIdentifier(trimmed.identifier);
      onFiled(statusToken);
    } catch (caught) {
      setError(caught);
      setBusy(false);
    }
  }

  const required = (field: Field): string | null => (invalid[field] ? tc('validation.required') : null);
  return (
    <>
      <CardHeading title={t('assisted.heading')} subtitle={t('assisted.intro')} />
      <form className="pub-form" method="post" noValidate onSubmit={(event) => void onSubmit(event)}>
        {typeof attempt === 'string' && (
          <p className="rec-notice rec-notice--ok" role="status">
            {t('assisted.answered')}
          </p>
        )}
        <IdentifierField
          ref={identifierRef}
          autoFocus={values.identifier === ''}
          value={values.identifier}
          onChange={(value) => update('identifier', value)}
          error={required('identifier')}
        />
        <TextAreaField
          label={t('assisted.message')}
          name="message"
          rows={4}
          maxLength={2000}
          autoFocus={values.identifier !== ''}
          placeholder={t('assisted.messagePlaceholder')}
          value={values.message}
          onChange={(event) => update('message', event.target.value)}
          error={required('message')}
        />
        <FormField
          label={t('assisted.contact')}
          name="contact"
          type="text"
          autoComplete="tel"
          maxLength={200}
          hint={t('assisted.contactHint')}
          value={values.contact}
          onChange={(event) => update('contact', event.target.value)}
          error={invalid.contact ? (values.contact.trim() === '' ? tc('validation.required') : t('assisted.contactHint')) : null}
        />
        {error !== null && <ErrorAlert>{recoveryErrorMessage(error)}</ErrorAlert>}
        <button className="pub-button" type="submit" disabled={busy}>
          {busy ? tc('signInMFA.sending') : t('assisted.submit')}
        </button>
      </form>
    </>
  );
}

function RequestStatus({ statusToken, onForget }: { statusToken: string; onForget: () => void }): React.JSX.Element {
  const { t } = useTranslation('recovery');
  const [status, setStatus] = useState<AssistedStatus | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [checking, setChecking] = useState(true);
  // Bumped by "Check again".
  const [round, setRound] = useState(0);
  const forget = useRef(onForget);
  forget.current = onForget;

  useEffect(() => {
    let cancelled = false;
    setChecking(true);
    recoveryApi
      .assistedStatus(statusToken)
      .then((answer) => {
        if (cancelled) return;
        setStatus(answer);
        setError(null);
      })
      .catch((caught: unknown) => {
        if (cancelled) return;
        // The request is gone (or the token is not one): start a new one.
        if (caught instanceof ApiError && caught.code === 'not_found') forget.current();
        else setError(caught);
      })
      .finally(() => {
        if (!cancelled) setChecking(false);
      });
    return () => {
      cancelled = true;
    };
  }, [statusToken, round]);

  if (status === null && error === null) return <PageLoading />;

  return (
    <>
      <CardHeading title={t('assisted.statusHeading')} />
      <div className="pub-form">
        {status !== null && (
          <div className={`rec-status rec-status--${status.status}`} role="status">
            <span className="rec-status-label">{t(`assisted.status.${status.status}`)}</span>
            <p className="rec-status-body">{t(`assisted.body.${status.status}`)}</p>
            {status.decidedAt !== null && <p className="rec-status-date">{t('assisted.decidedAt', { date: formatDateTime(status.decidedAt) })}</p>}
          </div>
        )}
        {error !== null && <ErrorAlert>{recoveryErrorMessage(error)}</ErrorAlert>}
        {status?.status === 'approved' && (
          <Link className="pub-link-button" to="/login">
            {t('reset.signIn')}
          </Link>
        )}
        {status?.status !== 'approved' && status?.status !== 'rejected' && (
          <button className="pub-button pub-button--secondary" type="button" disabled={checking} onClick={() => setRound((count) => count + 1)}>
            {t('assisted.refresh')}
          </button>
        )}
        <button type="button" className="pub-text-button pub-text-button--center" onClick={onForget}>
          {t('assisted.newRequest')}
        </button>
      </div>
    </>
  );
}

function formatDateTime(epochMs: number): string {
  return new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(epochMs);
}
