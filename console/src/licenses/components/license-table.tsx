import { Group, Progress, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useModuleKeyName } from '../../catalogue/hooks';
import { useFormatters } from '../../shared/format';
import type { ModuleSeats } from '../api';

/** Seats per licensed module: the pool, the seats taken and what is left (seed 001: the "pot"). */
export function LicenseTable({ modules }: { modules: ModuleSeats[] }) {
  const { t } = useTranslation('licenses');
  const moduleName = useModuleKeyName();
  const format = useFormatters();
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing="sm" data-testid="license-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('columns.module')}</Table.Th>
            <Table.Th ta="right">{t('columns.seats')}</Table.Th>
            <Table.Th ta="right">{t('columns.inUse')}</Table.Th>
            <Table.Th ta="right">{t('columns.available')}</Table.Th>
            <Table.Th w="30%">{t('columns.usage')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {modules.map((m) => {
            const ratio = m.seats > 0 ? Math.min(100, (m.inUse / m.seats) * 100) : m.inUse > 0 ? 100 : 0;
            const color = ratio >= 100 ? 'red' : ratio >= 80 ? 'orange' : 'teal';
            return (
              <Table.Tr key={m.module} data-testid="license-row" data-module={m.module}>
                <Table.Td fw={500}>{moduleName(m.module)}</Table.Td>
                <Table.Td ta="right" data-testid="seats">
                  {format.number(m.seats)}
                </Table.Td>
                <Table.Td ta="right" data-testid="in-use">
                  {format.number(m.inUse)}
                </Table.Td>
                <Table.Td ta="right" data-testid="available">
                  {format.number(m.available)}
                </Table.Td>
                <Table.Td>
                  <Group gap="xs" wrap="nowrap">
                    <Progress value={ratio} color={color} w="100%" aria-label={t('usageOf', { module: moduleName(m.module) })} />
                    <Text size="xs" c="dimmed" w={40} ta="right">
                      {Math.round(ratio)} %
                    </Text>
                  </Group>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
