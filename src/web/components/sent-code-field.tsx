import type { Ref } from 'react';
import { FormField } from './form-field.tsx';

/** The field for a code that was just sent by SMS or e-mail: digits, filled in by the phone's one-time-code suggestion. */
export function SentCodeField(props: {
  ref: Ref<HTMLInputElement>;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error: string | null;
}): React.JSX.Element {
  return (
    <FormField
      ref={props.ref}
      label={props.label}
      name="code"
      type="text"
      code
      inputMode="numeric"
      autoComplete="one-time-code"
      spellCheck={false}
      maxLength={12}
      autoFocus
      value={props.value}
      onChange={(event) => props.onChange(event.target.value)}
      error={props.error}
    />
  );
}
