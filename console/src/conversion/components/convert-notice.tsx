import { Alert, Button, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMe } from '../../auth/hooks';
import type { Org } from '../../orgs/api';

/**
 * Seed 000: clicking a legacy customer offers Convert — to operators and administrators of the client's agency
 * (R-I7; the server decides, this only hides a button that would be refused).
 */
export function ConvertNotice({ org }: { org: Org }) {
  const { t } = useTranslation('conversion');
  const me = useMe().data;
  // Seed 000 A: the agency's client list with the "must convert" filter.
  if (org.kind === 'agency' && (me?.operator || org.myAccess?.admin)) {
    return (
      <Group>
        <Button component={Link} to={`/orgs?agencyId=${org.id}`} variant="light" size="sm">
          {t('notice.clients')}
        </Button>
        <Button component={Link} to={`/orgs?agencyId=${org.id}&mustConvert=true`} variant="light" size="sm" data-testid="clients-must-convert">
          {t('notice.clientsMustConvert')}
        </Button>
      </Group>
    );
  }
  if (org.permissionModel !== 'legacy') return null;
  const mayConvert = !!me && (me.operator || !!org.myAccess?.agencyAdmin);
  return (
    <Alert color="orange" title={t('notice.title')} data-testid="convert-notice">
      <Text size="sm">{mayConvert ? t('notice.body') : t('notice.noRight')}</Text>
      {mayConvert && (
        <Button component={Link} to={`/orgs/${org.id}/convert`} mt="sm" size="sm" data-testid="convert-button">
          {t('notice.convert')}
        </Button>
      )}
    </Alert>
  );
}
