import type { Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { FormField } from '../../components/form-field.tsx';

/** "E-mail or username", as on the sign-in page: the first field of every way back in. */
export function IdentifierField(props: {
  ref: Ref<HTMLInputElement>;
  value: string;
  onChange: (value: string) => void;
  error: string | null;
  autoFocus?: boolean;
}): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <FormField
      ref={props.ref}
      label={t('login.identifier')}
      name="identifier"
      type="text"
      autoComplete="username"
      autoCapitalize="none"
      spellCheck={false}
      autoFocus={props.autoFocus ?? true}
      placeholder={t('login.identifierPlaceholder')}
      value={props.value}
      onChange={(event) => props.onChange(event.target.value)}
      error={props.error}
    />
  );
}
