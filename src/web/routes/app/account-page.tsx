import { useNavigate } from 'react-router';
import { Button, Card, Descriptions, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { useMe } from './me-context.ts';
import { ACCOUNT_SECURITY_PATH } from './paths.ts';

export function AccountPage(): React.JSX.Element {
  const { t } = useTranslation();
  useDocumentTitle(t('titles.account'));
  const { user } = useMe();
  const navigate = useNavigate();
  return (
    <div className="app-narrow">
      <div className="app-page-head">
        <Typography.Title level={2}>{t('account.heading')}</Typography.Title>
      </div>
      <Card>
        <Descriptions
          column={1}
          bordered
          size="middle"
          styles={{ label: { width: 140 } }}
          items={[
            { key: 'name', label: t('account.name'), children: user.name },
            { key: 'email', label: t('account.email'), children: user.email },
            {
              key: 'username',
              label: t('account.username'),
              children: user.username ?? <Typography.Text type="secondary">{t('account.noUsername')}</Typography.Text>,
            },
            { key: 'role', label: t('account.role'), children: t(`roles.${user.role}`) },
          ]}
        />
        <Space className="account-actions" wrap>
          <Button type="primary" onClick={() => navigate('/change-password')}>
            {t('account.changePassword')}
          </Button>
          <Button onClick={() => navigate(ACCOUNT_SECURITY_PATH)}>{t('account.security')}</Button>
        </Space>
      </Card>
    </div>
  );
}
