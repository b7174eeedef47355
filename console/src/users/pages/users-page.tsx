import { Anchor, Box, Button, Group, Loader, SegmentedControl, Select, Stack, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { AddPartnerUserButton } from '../../partners/components/add-partner-user';
import { useOrgOutlet } from '../../orgs/use-org-outlet';
import { PagedList } from '../../shared/components/cursor-pager';
import { DebouncedInput } from '../../shared/components/debounced-input';
import { useFormatters } from '../../shared/format';
import { DownloadIcon } from '../../shared/components/icons';
import { useUrlFilters } from '../../shared/use-url-filters';
import { USER_TYPES, USER_VIEWS, usersExportUrl, type UserListView, type UserType } from '../api';
import { AddUserMenu } from '../components/add-user-menu';
import { AddUserModal } from '../components/add-user-modal';
import { UserTable } from '../components/user-table';
import { isOrgAdmin, useUsers } from '../hooks';
import { useMe } from '../../auth/hooks';
import { BulkActionsBar } from '../components/bulk-actions-bar';
import { DeletedUsersButton } from '../components/deleted-users-button';
import type { UserView } from '../api';
import { readUserFilters, writeUserFilters } from '../list-params';

const PAGE_SIZE = 25;

/** R-D1…R-D3: own and partner users with views, type filter, per-column searches, sort, keyset pages and export. */
export function UsersPage() {
  const { t, i18n } = useTranslation(['users', 'common']);
  const format = useFormatters();
  const org = useOrgOutlet();
  const navigate = useNavigate();
  const { filters, pages, update, sorting } = useUrlFilters(readUserFilters, writeUserFilters);
  const users = useUsers(org.id, { ...filters, limit: PAGE_SIZE, cursor: pages.cursor });
  const [adding, setAdding] = useState<UserType | null>(null);
  const admin = isOrgAdmin(useMe().data, org);
  // Issue 14 item 10: the selection is of rows on screen; another page, view or filter starts a new one.
  const [selected, setSelected] = useState<Map<string, UserView>>(new Map());
  // …or every user the filter matches, on every page ("select all N matching"), which the server resolves.
  const [allMatching, setAllMatching] = useState(false);
  const listKey = JSON.stringify([filters, pages.cursor]);
  useEffect(() => {
    setSelected(new Map());
    setAllMatching(false);
  }, [listKey]);
  const toggle = (users: UserView[], on: boolean) => {
    setAllMatching(false);
    setSelected((current) => {
      const next = new Map(current);
      for (const u of users) {
        if (on) next.set(u.id, u);
        else next.delete(u.id);
      }
      return next;
    });
  };
  // Issue 14 item 9: "All users" leaves the inactive out; say how many there are and lead to them.
  const inactive = useUsers(org.id, { view: 'inactive', sort: 'lastName', order: 'asc', limit: 1 }, filters.view === 'all');
  const inactiveCount = filters.view === 'all' ? (inactive.data?.total ?? 0) : 0;
  const inactiveFormatted =
    inactive.data?.totalKind === 'atLeast' ? t('common:pager.atLeast', { formatted: format.number(inactiveCount) }) : format.number(inactiveCount);
  const filtered = Boolean(
    filters.view !== 'all' ||
      filters.type ||
      filters.status ||
      filters.q ||
      filters.firstName ||
      filters.lastName ||
      filters.email ||
      filters.organization ||
      filters.office,
  );
  const clearFilters = () =>
    update({
      view: 'all',
      type: undefined,
      status: undefined,
      q: undefined,
      firstName: undefined,
      lastName: undefined,
      email: undefined,
      organization: undefined,
      office: undefined,
    });
  const addButton = useRef<HTMLButtonElement>(null);
  const pageItems = users.data?.items ?? [];
  const wholePageSelected = pageItems.length > 0 && pageItems.every((u) => selected.has(u.id));
  const { view, type, status, q, firstName, lastName, email, organization, office } = filters;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="end">
        <Group gap="md" align="end" w={{ base: '100%', sm: 'auto' }}>
          {/* On a phone the views scroll sideways inside their own strip, not the page (issue 14 item 14). */}
          <Box w={{ base: '100%', xs: 'auto' }} maw="100%" style={{ overflowX: 'auto' }}>
            <SegmentedControl
              aria-label={t('list.view')}
              value={filters.view}
              onChange={(view) =>
                update({ view: view as UserListView, ...(view === 'inactive' || filters.status === 'inactive' ? { status: undefined } : {}) })
              }
              data={USER_VIEWS.map((v) => ({ value: v, label: t(`list.views.${v}`) }))}
              data-testid="user-view"
            />
          </Box>
          <Select
            label={t('list.type')}
            placeholder={t('list.allTypes')}
            clearable
            w={{ base: '100%', xs: 320 }}
            data={USER_TYPES.map((type) => ({ value: type, label: t(`typeSection.${type}`) }))}
            value={filters.type ?? null}
            onChange={(value) => update({ type: (value as UserType | null) ?? undefined })}
            data-testid="user-type-filter"
          />
          <DebouncedInput
            type="search"
            label={t('list.search')}
            placeholder={t('list.searchPlaceholder')}
            w={{ base: '100%', xs: 260 }}
            value={filters.q ?? ''}
            onSettle={(q) => update({ q: q || undefined })}
            data-testid="user-search"
          />
          {filtered && (
            <Button variant="subtle" onClick={clearFilters} data-testid="clear-filters">
              {t('list.clearFilters')}
            </Button>
          )}
          {users.isFetching && !users.isPending && <Loader role="status" size="xs" mb={10} aria-label={t('common:loading')} />}
        </Group>
        <Group gap="xs">
          <Button
            component="a"
            href={usersExportUrl(org.id, filters, i18n.language)}
            download
            variant="default"
            leftSection={<DownloadIcon size={16} />}
            data-testid="export-users"
          >
            {t('list.export')}
          </Button>
          {admin && <DeletedUsersButton orgId={org.id} />}
          <AddPartnerUserButton orgId={org.id} onAdded={(user) => navigate(`/orgs/${org.id}/users/${user.id}`)} />
          <AddUserMenu onPick={setAdding} buttonRef={addButton} noAgency={!org.agencyId} />
        </Group>
      </Group>
      {inactiveCount > 0 && (
        <Text size="sm" c="dimmed" data-testid="inactive-hint">
          {t('list.inactiveHint', { count: inactiveCount, formatted: inactiveFormatted })}{' '}
          <Anchor component="button" type="button" size="sm" onClick={() => update({ view: 'inactive', status: undefined })}>
            {t('list.showInactive')}
          </Anchor>
        </Text>
      )}
      {admin && selected.size > 0 && (
        <BulkActionsBar
          orgId={org.id}
          selected={[...selected.values()]}
          allMatching={
            wholePageSelected && users.data
              ? { total: users.data.total, filter: { view, type, status, q, firstName, lastName, email, organization, office }, selected: allMatching }
              : null
          }
          onSelectAllMatching={() => setAllMatching(true)}
          onDone={() => {
            setSelected(new Map());
            setAllMatching(false);
          }}
        />
      )}
      <PagedList query={users} pages={pages} totalLabel={(count, formatted) => t('list.total', { count, formatted })}>
        {(items) => (
          <UserTable orgId={org.id} users={items} filters={filters} sorting={sorting} onFilter={update} selection={admin ? { selected, toggle } : undefined} />
        )}
      </PagedList>
      <AddUserModal org={org} type={adding} onClose={() => setAdding(null)} opener={addButton} />
    </Stack>
  );
}
