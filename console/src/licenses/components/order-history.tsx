import { Table } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useModuleKeyName } from '../../catalogue/hooks';
import { DataTable } from '../../shared/components/data-table';
import { useFormatters } from '../../shared/format';
import type { LicenseOrder } from '../api';

/** R-B3: every checkout kept as the agreement's history, newest first. */
export function OrderHistory({ orders }: { orders: LicenseOrder[] }) {
  const { t } = useTranslation('licenses');
  const moduleName = useModuleKeyName();
  const format = useFormatters();
  const sorted = [...orders].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <DataTable
      highlightOnHover={false}
      verticalSpacing="xs"
      data-testid="order-history"
      columns={[{ label: t('history.when') }, { label: t('history.by') }, { label: t('history.changes') }]}
      rows={sorted}
      empty={t('history.empty')}
      emptyText={{ py: 'md', size: 'sm' }}
    >
      {(order) => {
        const changes = Object.entries(order.changes);
        return (
          <Table.Tr key={order.id} data-testid="order-row">
            <Table.Td>{format.dateTime(order.at)}</Table.Td>
            <Table.Td>{order.by.name || '—'}</Table.Td>
            <Table.Td>
              {changes.length === 0
                ? t('history.noChange')
                : changes.map(([module, c]) => t('change', { module: moduleName(module), from: c.from, to: c.to })).join(', ')}
            </Table.Td>
          </Table.Tr>
        );
      }}
    </DataTable>
  );
}
