import { useTranslation } from 'react-i18next';

export function PageLoading(): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <div className="page-loading" role="status">
      <span aria-hidden="true" />
      <div className="visually-hidden">{t('common.loading')}</div>
    </div>
  );
}
