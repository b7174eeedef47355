import { Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMe } from '../../auth/hooks';

/** R-I1: operators import legacy customers from the organisation list. */
export function ImportLegacyButton() {
  const { t } = useTranslation('conversion');
  const me = useMe().data;
  if (!me?.operator) return null;
  return (
    <Button component={Link} to="/orgs/import" variant="light">
      {t('import.button')}
    </Button>
  );
}
