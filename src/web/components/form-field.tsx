import { useId, useState } from 'react';
import type { InputHTMLAttributes, ReactNode, Ref } from 'react';
import { useTranslation } from 'react-i18next';

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'className' | 'aria-invalid' | 'aria-describedby'>;

interface FormFieldProps extends InputProps {
  label: string;
  ref?: Ref<HTMLInputElement>;
  error?: string | null | undefined;
  hint?: ReactNode;
  hintState?: 'idle' | 'ok' | 'bad';
  /** Adds a show/hide toggle; the input must be `type="password"`. */
  revealable?: boolean;
  /** A one-time code: large, spaced digits. */
  code?: boolean;
}

/** A labelled input of the public pages, with its error or hint announced to screen readers. */
export function FormField({ label, ref, error, hint, hintState = 'idle', revealable = false, code = false, type, ...input }: FormFieldProps): React.JSX.Element {
  const { t } = useTranslation();
  const id = useId();
  const [revealed, setRevealed] = useState(false);
  const describedBy = error ? `${id}-error` : hint !== undefined ? `${id}-hint` : undefined;
  return (
    <div className="pub-field">
      <label className="pub-label" htmlFor={id}>
        {label}
      </label>
      <div className="pub-input-wrap">
        <input
          {...input}
          ref={ref}
          id={id}
          type={revealable && revealed ? 'text' : type}
          className={['pub-input', revealable ? 'pub-input--with-toggle' : '', code ? 'pub-input--code' : ''].filter(Boolean).join(' ')}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        />
        {revealable && (
          <button
            type="button"
            className="pub-toggle"
            aria-label={revealed ? t('common.hidePassword') : t('common.showPassword')}
            title={revealed ? t('common.hidePassword') : t('common.showPassword')}
            aria-pressed={revealed}
            onClick={() => setRevealed((value) => !value)}
          >
            {revealed ? <EyeOffIcon /> : <EyeIcon />}
          </button>
        )}
      </div>
      {error ? (
        <div className="pub-field-error" id={`${id}-error`}>
          {error}
        </div>
      ) : (
        hint !== undefined && (
          <div className={`pub-hint pub-hint--${hintState}`} id={`${id}-hint`} aria-live="polite">
            {hint}
          </div>
        )
      )}
    </div>
  );
}

function EyeIcon(): React.JSX.Element {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d="M2 12s3.6-7 10-7 10 7 10 7-3.6 7-10 7S2 12 2 12Z" />
      <circle cx="12" cy="12" r="3" />
    </svg>
  );
}

function EyeOffIcon(): React.JSX.Element {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d="M10.6 5.1A10.8 10.8 0 0 1 12 5c6.4 0 10 7 10 7a17.6 17.6 0 0 1-2.6 3.6M6.6 6.6C3.8 8.4 2 12 2 12s3.6 7 10 7c1.9 0 3.5-.6 4.9-1.4" />
      <path d="M9.9 9.9a3 3 0 0 0 4.2 4.2" />
      <path d="m3 3 18 18" />
    </svg>
  );
}
