import { Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { DataTable, type Sorting } from '../../shared/components/data-table';
import { useFormatters } from '../../shared/format';
import type { Org, OrgSort } from '../api';
import { PermissionModelBadge } from './permission-model-badge';
import { OrgNameCells } from './org-name-cells';

interface OrgTableProps {
  orgs: Org[];
  sorting: Sorting<OrgSort>;
}

export function OrgTable({ orgs, sorting }: OrgTableProps) {
  const { t } = useTranslation('orgs');
  const navigate = useNavigate();
  const format = useFormatters();

  return (
    <DataTable
      minWidth={760}
      data-testid="org-table"
      sorting={sorting}
      columns={[
        { sort: 'name', label: t('fields.name') },
        { sort: 'kind', label: t('fields.kind') },
        { sort: 'country', label: t('fields.country') },
        { sort: 'businessId', label: t('fields.businessId') },
        { label: t('fields.permissionModel') },
        { sort: 'createdAt', label: t('fields.createdAt') },
      ]}
      rows={orgs}
      empty={t('list.empty')}
    >
      {(org) => (
        <Table.Tr key={org.id} data-testid="org-row" style={{ cursor: 'pointer' }} onClick={() => navigate(`/orgs/${org.id}`)}>
          <OrgNameCells org={org} strong />
          <Table.Td>{t(`country.${org.country}`)}</Table.Td>
          <Table.Td ff="monospace">{org.businessId}</Table.Td>
          <Table.Td>
            <PermissionModelBadge model={org.permissionModel} />
          </Table.Td>
          <Table.Td>{format.date(org.createdAt)}</Table.Td>
        </Table.Tr>
      )}
    </DataTable>
  );
}
