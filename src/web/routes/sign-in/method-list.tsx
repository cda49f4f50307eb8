import { useTranslation } from 'react-i18next';
import type { MFAMethod } from '../../api/endpoints.ts';
import { MFAMethodIcon } from '../../components/mfa-method-icon.tsx';

interface MethodListProps {
  methods: readonly MFAMethod[];
  destinations: Record<string, string>;
  current: MFAMethod;
  onChoose: (method: MFAMethod) => void;
}

/** The account's methods as a list of choices, each with where its code would go. */
export function MethodList({ methods, destinations, current, onChoose }: MethodListProps): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <ul className="pub-methods">
      {methods.map((method) => (
        <li key={method}>
          <button type="button" className="pub-method" aria-current={method === current ? 'true' : undefined} onClick={() => onChoose(method)}>
            <span className="pub-method-icon">
              <MFAMethodIcon method={method} />
            </span>
            <span className="pub-method-text">
              <span className="pub-method-name">{t(`mfa.methods.${method}`)}</span>
              <span className="pub-method-detail">{destinations[method] ?? t(`signInMFA.methodDetail.${method}`)}</span>
            </span>
          </button>
        </li>
      ))}
    </ul>
  );
}
