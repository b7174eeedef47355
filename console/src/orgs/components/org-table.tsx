import { Anchor, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { SortableTh } from '../../shared/components/sortable-th';
import { useFormatters } from '../../shared/format';
import type { Org, OrgSort, SortOrder } from '../api';
import { KindBadge } from './kind-badge';
import { PermissionModelBadge } from './permission-model-badge';

interface OrgTableProps {
  orgs: Org[];
  sort: OrgSort;
  order: SortOrder;
  onSort: (sort: OrgSort) => void;
}

export function OrgTable({ orgs, sort, order, onSort }: OrgTableProps) {
  const { t } = useTranslation('orgs');
  const navigate = useNavigate();
  const format = useFormatters();

  const th = (column: OrgSort, label: string) => (
    <SortableTh active={sort === column} order={order} onSort={() => onSort(column)}>
      {label}
    </SortableTh>
  );

  return (
    <Table.ScrollContainer minWidth={760}>
      <Table highlightOnHover verticalSpacing="sm" data-testid="org-table">
        <Table.Thead>
          <Table.Tr>
            {th('name', t('fields.name'))}
            {th('kind', t('fields.kind'))}
            {th('country', t('fields.country'))}
            {th('businessId', t('fields.businessId'))}
            <Table.Th>{t('fields.permissionModel')}</Table.Th>
            {th('createdAt', t('fields.createdAt'))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {orgs.length === 0 && (
            <Table.Tr>
              <Table.Td colSpan={6}>
                <Text c="dimmed" ta="center" py="lg">
                  {t('list.empty')}
                </Text>
              </Table.Td>
            </Table.Tr>
          )}
          {orgs.map((org) => (
            <Table.Tr
              key={org.id}
              data-testid="org-row"
              style={{ cursor: 'pointer' }}
              onClick={() => navigate(`/orgs/${org.id}`)}
            >
              <Table.Td>
                <Anchor component={Link} to={`/orgs/${org.id}`} fw={500} onClick={(e) => e.stopPropagation()}>
                  {org.name}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <KindBadge kind={org.kind} />
              </Table.Td>
              <Table.Td>{t(`country.${org.country}`)}</Table.Td>
              <Table.Td ff="monospace">{org.businessId}</Table.Td>
              <Table.Td>
                <PermissionModelBadge model={org.permissionModel} />
              </Table.Td>
              <Table.Td>{format.date(org.createdAt)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
