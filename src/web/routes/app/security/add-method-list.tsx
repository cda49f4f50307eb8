import { Button, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MFAFactor, MFAFactorMethod } from '../../../api/endpoints.ts';
import { MFAMethodIcon } from '../../../components/mfa-method-icon.tsx';
import { passkeysSupported } from '../../../components/webauthn.ts';
import { useMe } from '../me-context.ts';

// Strongest first: phishing-resistant passkeys, then the app, then codes sent over the network.
const ORDER: readonly MFAFactorMethod[] = ['passkey', 'totp', 'sms', 'email'];

interface AddMethodListProps {
  allowed: readonly MFAFactorMethod[];
  /** Already set up; only passkeys can be added more than once, and the phone number can be changed. */
  factors: readonly MFAFactor[];
  onChoose: (method: MFAFactorMethod) => void;
}

/** The methods the company allows, each with what it is and an Add button. */
export function AddMethodList({ allowed, factors, onChoose }: AddMethodListProps): React.JSX.Element {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <ul className="method-choices">
      {ORDER.filter((method) => allowed.includes(method)).map((method) => {
        const present = method !== 'passkey' && factors.some((factor) => factor.method === method);
        const unsupported = method === 'passkey' && !passkeysSupported();
        return (
          <li key={method} className="method-choice">
            <span className="method-icon">
              <MFAMethodIcon method={method} />
            </span>
            <div className="factor-text">
              <Typography.Text strong>
                {t(`mfa.methods.${method}`)}
                {method === 'passkey' && (
                  <Tag color="green" className="method-tag">
                    {t('security.recommended')}
                  </Tag>
                )}
              </Typography.Text>
              <Typography.Text type="secondary">{t(`security.describe.${method}`, { email: me.user.email })}</Typography.Text>
            </div>
            {present && method === 'sms' ? (
              <Button onClick={() => onChoose(method)}>{t('security.changePhone')}</Button>
            ) : present ? (
              <Tag>{t('security.alreadyAdded')}</Tag>
            ) : (
              <Button disabled={unsupported} onClick={() => onChoose(method)} aria-label={t(`security.addTitles.${method}`)}>
                {t('security.add')}
              </Button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
