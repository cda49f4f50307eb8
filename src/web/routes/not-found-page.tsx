import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { CardHeading, PublicLayout } from '../components/public-layout.tsx';
import { useDocumentTitle } from '../components/use-document-title.ts';

export function NotFoundPage(): React.JSX.Element {
  const { t } = useTranslation();
  useDocumentTitle(t('titles.notFound'));
  return (
    <PublicLayout>
      <p className="pub-code-404" aria-hidden="true">
        404
      </p>
      <CardHeading title={t('notFound.heading')} subtitle={t('notFound.body')} />
      <Link className="pub-link-button" to="/">
        {t('common.goHome')}
      </Link>
    </PublicLayout>
  );
}
