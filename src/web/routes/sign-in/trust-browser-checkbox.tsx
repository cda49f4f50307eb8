import { useId } from 'react';
import { useTranslation } from 'react-i18next';

export function TrustBrowserCheckbox({ checked, onChange }: { checked: boolean; onChange: (checked: boolean) => void }): React.JSX.Element {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="pub-check">
      <input id={id} type="checkbox" checked={checked} aria-describedby={`${id}-hint`} onChange={(event) => onChange(event.target.checked)} />
      <label htmlFor={id}>
        {t('signInMFA.trustBrowser')}
        <span id={`${id}-hint`} className="pub-check-hint">
          {t('signInMFA.trustBrowserHint')}
        </span>
      </label>
    </div>
  );
}
