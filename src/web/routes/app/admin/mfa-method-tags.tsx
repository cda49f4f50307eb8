import { Space, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { MFAFactorMethod } from '../../../api/endpoints.ts';
import { MFAMethodIcon } from '../../../components/mfa-method-icon.tsx';

/** A person's second factors at a glance: one small tag per kind, or "not set up". */
export function MFAMethodTags({ methods }: { methods: readonly MFAFactorMethod[] }): React.JSX.Element {
  const { t } = useTranslation();
  const kinds = [...new Set(methods)];
  if (kinds.length === 0) return <Typography.Text type="secondary">{t('admin.mfaNone')}</Typography.Text>;
  return (
    <Space size={[4, 4]} wrap>
      {kinds.map((method) => (
        <Tooltip key={method} title={t(`mfa.methods.${method}`)}>
          <Tag className="mfa-tag" icon={<MFAMethodIcon method={method} size={14} />}>
            {t(`admin.mfaShort.${method}`)}
          </Tag>
        </Tooltip>
      ))}
    </Space>
  );
}
