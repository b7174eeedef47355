import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useModuleKeyName } from '../../catalogue/hooks';
import type { Seats } from '../api';

/** R-I5: seats needed vs available per licensed module; a shortfall is highlighted. */
export function SeatsTable({ seats }: { seats: Seats[] }) {
  const { t } = useTranslation('conversion');
  const name = useModuleKeyName();
  const shown = seats.filter((s) => s.needed > 0 || s.inUse > 0);
  return (
    <Table withTableBorder maw={640} data-testid="seats-table">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('seats.module')}</Table.Th>
          <Table.Th>{t('seats.seats')}</Table.Th>
          <Table.Th>{t('seats.inUse')}</Table.Th>
          <Table.Th>{t('seats.needed')}</Table.Th>
          <Table.Th>{t('seats.short')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {shown.map((s) => (
          <Table.Tr key={s.module} bg={s.short ? 'var(--mantine-color-red-light)' : undefined} data-testid={`seats-${s.module}`}>
            <Table.Td>{name(s.module)}</Table.Td>
            <Table.Td>{s.seats}</Table.Td>
            <Table.Td>{s.inUse}</Table.Td>
            <Table.Td>{s.needed}</Table.Td>
            <Table.Td>
              <Text c={s.short ? 'red' : undefined} fw={s.short ? 700 : undefined} size="sm">
                {s.short || '—'}
              </Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
