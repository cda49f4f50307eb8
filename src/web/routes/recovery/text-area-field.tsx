import { useId } from 'react';
import type { Ref, TextareaHTMLAttributes } from 'react';

type TextAreaProps = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id' | 'className' | 'aria-invalid' | 'aria-describedby'>;

interface TextAreaFieldProps extends TextAreaProps {
  label: string;
  ref?: Ref<HTMLTextAreaElement>;
  error?: string | null | undefined;
}

/** A labelled multi-line input, styled like FormField. */
export function TextAreaField({ label, ref, error, ...textarea }: TextAreaFieldProps): React.JSX.Element {
  const id = useId();
  return (
    <div className="pub-field">
      <label className="pub-label" htmlFor={id}>
        {label}
      </label>
      <textarea
        {...textarea}
        ref={ref}
        id={id}
        className="pub-input rec-textarea"
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error && (
        <div className="pub-field-error" id={`${id}-error`}>
          {error}
        </div>
      )}
    </div>
  );
}
