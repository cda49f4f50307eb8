import { Link } from 'react-router';
import { Card, Col, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../../components/use-document-title.ts';
import { useMe } from './me-context.ts';
import { ACCOUNT_SECURITY_PATH, ADMIN_USERS_PATH } from './paths.ts';

export function HomePage(): React.JSX.Element {
  const { t } = useTranslation();
  useDocumentTitle(t('titles.home'));
  const { user } = useMe();
  const links = [
    { to: '/account', title: t('home.accountCardTitle'), body: t('home.accountCardBody') },
    { to: ACCOUNT_SECURITY_PATH, title: t('home.securityCardTitle'), body: t('home.securityCardBody') },
    ...(user.role === 'admin' ? [{ to: ADMIN_USERS_PATH, title: t('home.adminCardTitle'), body: t('home.adminCardBody') }] : []),
  ];
  return (
    <>
      <Card className="home-welcome">
        <Typography.Title level={2}>{t('home.welcome', { name: user.name })}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('home.intro', { role: t(`roles.${user.role}`) })}</Typography.Paragraph>
      </Card>
      <Row gutter={[16, 16]}>
        {links.map((link) => (
          <Col key={link.to} xs={24} sm={12} lg={8}>
            <Link to={link.to} className="home-link">
              <Card hoverable>
                <div className="home-link-title">
                  <span>{link.title}</span>
                  <span aria-hidden="true">→</span>
                </div>
                <Typography.Paragraph type="secondary">{link.body}</Typography.Paragraph>
              </Card>
            </Link>
          </Col>
        ))}
      </Row>
    </>
  );
}
