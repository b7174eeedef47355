import { Button, Group, Loader, Stack, Title } from '@mantine/core';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { canCreateOrgs, useMe } from '../../auth/hooks';
import { CursorPager } from '../../shared/components/cursor-pager';
import { QueryState } from '../../shared/components/query-state';
import { useFormatters } from '../../shared/format';
import { useCursorPages } from '../../shared/use-cursor-pages';
import type { OrgSort } from '../api';
import { OrgFilters } from '../components/org-filters';
import { OrgTable } from '../components/org-table';
import { useOrgs } from '../hooks';
import { readFilters, toQuery, writeFilters, type OrgListFilters } from '../list-params';

const PAGE_SIZE = 25;

export function OrgListPage() {
  const { t } = useTranslation(['orgs', 'common']);
  const format = useFormatters();
  const me = useMe().data;
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const pages = useCursorPages();
  const orgs = useOrgs(toQuery(filters, pages.cursor, PAGE_SIZE));
  const filterKey = params.toString();
  const { reset } = pages;

  // Back/forward to other filters starts again at their first page.
  useEffect(() => reset(), [filterKey, reset]);

  const update = (patch: Partial<OrgListFilters>) => {
    pages.reset();
    setParams(writeFilters({ ...filters, ...patch }), { replace: true });
  };
  const sortBy = (sort: OrgSort) =>
    update({ sort, order: filters.sort === sort && filters.order === 'asc' ? 'desc' : 'asc' });

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Group gap="sm">
          <Title order={2}>{t('list.title')}</Title>
          {orgs.isFetching && !orgs.isPending && <Loader size="xs" aria-label={t('common:loading')} />}
        </Group>
        {canCreateOrgs(me) && (
          <Button component={Link} to="/orgs/new">
            {t('list.new')}
          </Button>
        )}
      </Group>
      <OrgFilters filters={filters} onChange={update} />
      <QueryState isPending={orgs.isPending} error={orgs.error} onRetry={() => void orgs.refetch()}>
        <OrgTable orgs={orgs.data?.items ?? []} sort={filters.sort} order={filters.order} onSort={sortBy} />
        <CursorPager
          total={orgs.data?.total}
          totalLabel={orgs.data ? t('list.total', { count: orgs.data.total, formatted: format.number(orgs.data.total) }) : ''}
          pageIndex={pages.pageIndex}
          hasPrevious={pages.hasPrevious}
          nextCursor={orgs.data?.nextCursor}
          onPrevious={pages.previous}
          onNext={pages.next}
        />
      </QueryState>
    </Stack>
  );
}
