import { Button, Group, Loader, Stack, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { canCreateOrgs, useMe } from '../../auth/hooks';
import { ImportLegacyButton } from '../../conversion/components/import-button';
import { PagedList } from '../../shared/components/cursor-pager';
import { useUrlFilters } from '../../shared/use-url-filters';
import { OrgFilters } from '../components/org-filters';
import { OrgTable } from '../components/org-table';
import { useOrgs } from '../hooks';
import { readFilters, toQuery, writeFilters } from '../list-params';

const PAGE_SIZE = 25;

export function OrgListPage() {
  const { t } = useTranslation(['orgs', 'common']);
  const me = useMe().data;
  const { filters, pages, update, sorting } = useUrlFilters(readFilters, writeFilters);
  const orgs = useOrgs(toQuery(filters, pages.cursor, PAGE_SIZE));

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Group gap="sm">
          <Title order={1} size="h2">
            {t('list.title')}
          </Title>
          {orgs.isFetching && !orgs.isPending && <Loader role="status" size="xs" aria-label={t('common:loading')} />}
        </Group>
        <Group gap="sm">
          <ImportLegacyButton />
          {canCreateOrgs(me) && (
            <Button component={Link} to="/orgs/new">
              {t('list.new')}
            </Button>
          )}
        </Group>
      </Group>
      <OrgFilters filters={filters} onChange={update} />
      <PagedList query={orgs} pages={pages} totalLabel={(count, formatted) => t('list.total', { count, formatted })}>
        {(items) => <OrgTable orgs={items} sorting={sorting} />}
      </PagedList>
    </Stack>
  );
}
