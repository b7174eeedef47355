import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useModuleKeyName } from '../../catalogue/hooks';
import { useFormatters } from '../../shared/format';
import type { LicenseOrder } from '../api';

/** R-B3: every checkout kept as the agreement's history, newest first. */
export function OrderHistory({ orders }: { orders: LicenseOrder[] }) {
  const { t } = useTranslation('licenses');
  const moduleName = useModuleKeyName();
  const format = useFormatters();
  const sorted = [...orders].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <Table verticalSpacing="xs" data-testid="order-history">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('history.when')}</Table.Th>
          <Table.Th>{t('history.by')}</Table.Th>
          <Table.Th>{t('history.changes')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {sorted.length === 0 && (
          <Table.Tr>
            <Table.Td colSpan={3}>
              <Text c="dimmed" ta="center" py="md" size="sm">
                {t('history.empty')}
              </Text>
            </Table.Td>
          </Table.Tr>
        )}
        {sorted.map((order) => {
          const changes = Object.entries(order.changes);
          return (
            <Table.Tr key={order.id} data-testid="order-row">
              <Table.Td>{format.dateTime(order.at)}</Table.Td>
              <Table.Td>{order.by.name || '—'}</Table.Td>
              <Table.Td>
                {changes.length === 0
                  ? t('history.noChange')
                  : changes
                      .map(([module, c]) => t('change', { module: moduleName(module), from: c.from, to: c.to }))
                      .join(', ')}
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
