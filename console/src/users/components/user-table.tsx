import { Anchor, Checkbox, Group, Select, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { DebouncedInput } from '../../shared/components/debounced-input';
import { DataTable, type Sorting } from '../../shared/components/data-table';
import { USER_STATUSES, type UserFilters, type UserSort, type UserStatus, type UserView } from '../api';
import { TEXT_FILTERS, type TextFilter } from '../list-params';
import { UserActionsMenu } from './user-actions-menu';
import { HomeBadge, UserStatusBadge, UserTypeBadge } from './user-badges';

interface UserTableProps {
  orgId: string;
  users: UserView[];
  filters: UserFilters;
  sorting: Sorting<UserSort>;
  onFilter: (patch: Partial<UserFilters>) => void;
  /** Issue 14 item 10: rows can be selected for bulk actions (administrators). */
  selection?: { selected: ReadonlyMap<string, UserView>; toggle: (users: UserView[], on: boolean) => void };
}

const SORTED_COLUMNS = [...TEXT_FILTERS, 'type', 'status'] as const satisfies readonly UserSort[];

/** R-D2: the user list with sortable headers and a search field under each column header (seed 003). */
export function UserTable({ orgId, users, filters, sorting, onFilter, selection }: UserTableProps) {
  const { t } = useTranslation('users');
  const navigate = useNavigate();
  const allSelected = Boolean(selection) && users.length > 0 && users.every((u) => selection!.selected.has(u.id));
  const someSelected = Boolean(selection) && users.some((u) => selection!.selected.has(u.id));

  const textFilter = (key: TextFilter) => (
    <DebouncedInput
      size="xs"
      type="search"
      aria-label={t('list.filterBy', { column: t(`fields.${key}`) })}
      placeholder={t('list.filterPlaceholder')}
      value={filters[key] ?? ''}
      onSettle={(value) => onFilter({ [key]: value || undefined })}
      data-testid={`filter-${key}`}
    />
  );

  return (
    <DataTable
      minWidth={1080}
      data-testid="user-table"
      sorting={sorting}
      columns={[
        selection
          ? {
              th: { w: 40 },
              label: (
                <Checkbox
                  aria-label={t('bulk.selectAll')}
                  checked={allSelected}
                  indeterminate={someSelected && !allSelected}
                  onChange={(e) => selection.toggle(users, e.currentTarget.checked)}
                  data-testid="select-all-users"
                />
              ),
            }
          : false,
        ...SORTED_COLUMNS.map((sort) => ({ sort, label: t(`fields.${sort}`) })),
        { th: { w: 48 } },
      ]}
      headExtra={
        <Table.Tr>
          {selection && <Table.Th />}
          {TEXT_FILTERS.map((key) => (
            <Table.Th key={key}>{textFilter(key)}</Table.Th>
          ))}
          <Table.Th />
          <Table.Th>
            {/* The inactive view holds only inactive users; the others none (R-D1). */}
            {filters.view !== 'inactive' && (
              <Select
                size="xs"
                aria-label={t('list.filterBy', { column: t('fields.status') })}
                placeholder={t('list.anyStatus')}
                clearable
                data={USER_STATUSES.filter((s) => s !== 'inactive').map((s) => ({ value: s, label: t(`status.${s}`) }))}
                value={filters.status ?? null}
                onChange={(value) => onFilter({ status: (value as UserStatus | null) ?? undefined })}
                data-testid="filter-status"
              />
            )}
          </Table.Th>
          <Table.Th />
        </Table.Tr>
      }
      rows={users}
      empty={t('list.empty')}
    >
      {(user) => (
        <Table.Tr
          key={user.id}
          data-testid="user-row"
          data-email={user.email ?? ''}
          style={{ cursor: 'pointer' }}
          onClick={() => navigate(`/orgs/${orgId}/users/${user.id}`)}
        >
          {selection && (
            <Table.Td onClick={(e) => e.stopPropagation()}>
              <Checkbox
                aria-label={t('bulk.select', { name: `${user.firstName} ${user.lastName}`.trim() })}
                checked={selection.selected.has(user.id)}
                onChange={(e) => selection.toggle([user], e.currentTarget.checked)}
                data-testid="select-user"
              />
            </Table.Td>
          )}
          <Table.Td>
            <Anchor component={Link} to={`/orgs/${orgId}/users/${user.id}`} fw={500} onClick={(e) => e.stopPropagation()}>
              {user.firstName}
            </Anchor>
          </Table.Td>
          <Table.Td>{user.lastName}</Table.Td>
          <Table.Td>{user.email ?? '—'}</Table.Td>
          <Table.Td>
            <Group gap={6} wrap="nowrap">
              <Text size="sm">{user.homeOrg?.name ?? '—'}</Text>
              <HomeBadge user={user} />
            </Group>
          </Table.Td>
          <Table.Td data-testid="user-office">{user.office?.name ?? '—'}</Table.Td>
          <Table.Td>
            <UserTypeBadge type={user.type} />
          </Table.Td>
          <Table.Td>
            <UserStatusBadge status={user.status} />
          </Table.Td>
          {/* The menu's modals are portals: keep their clicks from opening the row. */}
          <Table.Td onClick={(e) => e.stopPropagation()}>
            <UserActionsMenu orgId={orgId} user={user} />
          </Table.Td>
        </Table.Tr>
      )}
    </DataTable>
  );
}
