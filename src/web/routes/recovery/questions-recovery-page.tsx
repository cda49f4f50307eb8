import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.ts';
import { recoveryApi } from '../../api/recovery.ts';
import type { QuestionsStarted } from '../../api/recovery.ts';
import { FormField } from '../../components/form-field.tsx';
import { CardHeading, ErrorAlert, PublicLayout } from '../../components/public-layout.tsx';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { currentLocale } from '../../i18n/i18n.ts';
import { SECURITY_QUESTIONS } from '../../../shared/security-questions.ts';
import { CodeStep } from './code-step.tsx';
import { IdentifierField } from './identifier-field.tsx';
import { BackToSignIn, OtherWays } from './other-ways.tsx';
import { recoveryErrorMessage } from './recovery-error.ts';
import { rememberIdentifier } from './recovery-storage.ts';
import { useIncomingIdentifier } from './use-identifier.ts';

type Step =
  | { kind: 'identifier' }
  | { kind: 'disabled' }
  | { kind: 'answers'; identifier: string; started: QuestionsStarted }
  | { kind: 'code'; identifier: string; attempt: string; channel: 'email' | 'phone'; destination: string; resendAfterSeconds: number }
  | { kind: 'need-admin'; identifier: string; attempt: string };

/**
 * Security questions, where the administrator turned them on (the API answers 404
 * security_questions_disabled otherwise: only trying tells). Right answers lead to a code on a
 * backup channel, or to an assisted request that says the answers were right; never to a reset alone.
 */
export function QuestionsRecoveryPage(): React.JSX.Element {
  const { t } = useTranslation('recovery');
  const { t: tc } = useTranslation();
  useDocumentTitle(t('questions.heading'));
  const [identifier, setIdentifier] = useState(useIncomingIdentifier());
  const [step, setStep] = useState<Step>({ kind: 'identifier' });
  const [missing, setMissing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);

  const restart = (): void => {
    setStep({ kind: 'identifier' });
    setError(null);
  };

  async function start(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const value = identifier.trim();
    if (value === '') {
      setMissing(true);
      inputRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const started = await recoveryApi.startQuestions(value);
      rememberIdentifier(value);
      setStep({ kind: 'answers', identifier: value, started });
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === 'security_questions_disabled') setStep({ kind: 'disabled' });
      else setError(caught);
    } finally {
      setBusy(false);
    }
  }

  let body: React.JSX.Element;
  let subtitle: string | undefined;
  switch (step.kind) {
    case 'identifier':
      subtitle = t('questions.intro');
      body = (
        <form className="pub-form" method="post" noValidate onSubmit={(event) => void start(event)}>
          <IdentifierField
            ref={inputRef}
            value={identifier}
            onChange={(value) => {
              setIdentifier(value);
              setMissing(false);
            }}
            error={missing ? tc('validation.required') : null}
          />
          {error !== null && <ErrorAlert>{recoveryErrorMessage(error)}</ErrorAlert>}
          <button className="pub-button" type="submit" disabled={busy}>
            {t('continue')}
          </button>
        </form>
      );
      break;
    case 'disabled':
      body = (
        <div className="rec-notice" role="status">
          {t('questions.disabled')}
        </div>
      );
      break;
    case 'answers':
      subtitle = t('questions.answersIntro');
      body = (
        <AnswersForm
          key={step.started.attempt}
          started={step.started}
          onAnswered={(answer) => {
            if (answer.status === 'code_sent') {
              setStep({ kind: 'code', identifier: step.identifier, attempt: step.started.attempt, ...answer });
            } else {
              setStep({ kind: 'need-admin', identifier: step.identifier, attempt: step.started.attempt });
            }
          }}
          onRestart={restart}
        />
      );
      break;
    case 'code': {
      const { identifier: who, channel } = step;
      body = (
        <CodeStep
          intro={t('backup.codeSent', { destination: step.destination })}
          attempt={step.attempt}
          resendAfterSeconds={step.resendAfterSeconds}
          // A new code to the backup phone starts a backup-phone attempt; a backup e-mail would get a link instead.
          {...(channel === 'phone' ? { resend: () => recoveryApi.backup(who, 'phone') } : {})}
          onRestart={restart}
        />
      );
      break;
    }
    case 'need-admin':
      body = (
        <div className="pub-form">
          <p className="rec-notice rec-notice--ok" role="status">
            {t('questions.needAdmin')}
          </p>
          <Link className="pub-link-button" to="/recover/assisted" state={{ identifier: step.identifier, attempt: step.attempt }}>
            {t('questions.askAdmin')}
          </Link>
        </div>
      );
      break;
  }

  const carried = step.kind === 'identifier' || step.kind === 'disabled' ? identifier.trim() : step.identifier;
  return (
    <PublicLayout wide>
      <CardHeading title={t('questions.heading')} subtitle={subtitle} />
      {body}
      {step.kind !== 'need-admin' && <OtherWays ways={['forgot', 'backup', 'assisted']} identifier={carried} />}
      <BackToSignIn />
    </PublicLayout>
  );
}

interface AnswersFormProps {
  started: QuestionsStarted;
  onAnswered: (answer: Awaited<ReturnType<typeof recoveryApi.answerQuestions>>) => void;
  onRestart: () => void;
}

function AnswersForm({ started, onAnswered, onRestart }: AnswersFormProps): React.JSX.Element {
  const { t } = useTranslation('recovery');
  const { t: tc } = useTranslation();
  const [answers, setAnswers] = useState<string[]>(() => started.questions.map(() => ''));
  const [missing, setMissing] = useState<boolean[]>(() => started.questions.map(() => false));
  const [error, setError] = useState<unknown>(null);
  const [ended, setEnded] = useState(false);
  const [busy, setBusy] = useState(false);
  const locale = currentLocale();

  async function onSubmit(event: FormEvent<HTMLFormElement>): Promise<void> {
    event.preventDefault();
    const nowMissing = answers.map((answer) => answer.trim() === '');
    setMissing(nowMissing);
    if (nowMissing.some(Boolean)) return;
    setBusy(true);
    setError(null);
    try {
      onAnswered(await recoveryApi.answerQuestions(started.attempt, started.questions.map((question, index) => ({ question, answer: answers[index] ?? '' }))));
    } catch (caught) {
      setError(caught);
      setBusy(false);
      if (caught instanceof ApiError && (caught.code === 'recovery_attempt_invalid' || caught.status === 429)) setEnded(true);
    }
  }

  if (ended) {
    return (
      <div className="pub-form">
        <ErrorAlert>{recoveryErrorMessage(error)}</ErrorAlert>
        <button className="pub-button pub-button--secondary" type="button" onClick={onRestart}>
          {t('startOver')}
        </button>
      </div>
    );
  }

  return (
    <form className="pub-form" method="post" noValidate onSubmit={(event) => void onSubmit(event)}>
      {started.questions.map((question, index) => (
        <FormField
          key={question}
          label={SECURITY_QUESTIONS[question][locale]}
          name={`answer-${question}`}
          type="text"
          autoComplete="off"
          spellCheck={false}
          autoFocus={index === 0}
          maxLength={200}
          value={answers[index] ?? ''}
          onChange={(event) => {
            const value = event.target.value;
            setAnswers((current) => current.map((answer, at) => (at === index ? value : answer)));
            setMissing((current) => current.map((flag, at) => (at === index ? false : flag)));
          }}
          error={missing[index] ? tc('validation.required') : null}
        />
      ))}
      {error !== null && <ErrorAlert>{recoveryErrorMessage(error)}</ErrorAlert>}
      <button className="pub-button" type="submit" disabled={busy}>
        {busy ? tc('signInMFA.verifying') : t('questions.submit')}
      </button>
    </form>
  );
}
