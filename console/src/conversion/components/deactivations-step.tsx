import { Alert, Badge, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CursorPager } from '../../shared/components/cursor-pager';
import { QueryState } from '../../shared/components/query-state';
import { useCursorPages } from '../../shared/use-cursor-pages';
import type { Conversion } from '../api';
import { useDeactivations } from '../hooks';

/** R-I4: logins that will be deactivated, with a clear warning for integration/API logins. */
export function DeactivationsStep({ conversion }: { conversion: Conversion }) {
  const { t } = useTranslation('conversion');
  const pages = useCursorPages();
  const list = useDeactivations(conversion.orgId, pages.cursor);
  const integrations = conversion.warnings.filter((w) => w.code === 'integration_stops').length;
  if (!conversion.counts.deactivations) return <Text>{t('deactivations.none')}</Text>;
  return (
    <Stack gap="sm">
      <Text>{t('deactivations.intro', { count: conversion.counts.deactivations })}</Text>
      {integrations > 0 && (
        <Alert color="orange" title={t('deactivations.integrationTitle')} data-testid="integration-warning">
          {t('deactivations.integrationBody', { count: integrations })}
        </Alert>
      )}
      <QueryState isPending={list.isPending} error={list.error}>
        <Table withTableBorder striped data-testid="deactivation-list">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('deactivations.username')}</Table.Th>
              <Table.Th>{t('deactivations.why')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(list.data?.items ?? []).map((d) => (
              <Table.Tr key={d.loginKey}>
                <Table.Td>{d.username}</Table.Td>
                <Table.Td>
                  <Badge color={d.reason === 'integration' ? 'orange' : 'gray'} variant="light">
                    {t(`deactivations.reason.${d.reason}`)}
                  </Badge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <CursorPager pages={pages} page={list.data} />
      </QueryState>
      {conversion.warnings.some((w) => w.code === 'rights_not_mapped') && (
        <Alert color="gray" title={t('deactivations.droppedTitle')}>
          <Stack gap={2}>
            {conversion.warnings
              .filter((w) => w.code === 'rights_not_mapped')
              .map((w) => (
                <Text key={w.loginKey} size="sm">
                  {w.message}
                </Text>
              ))}
          </Stack>
        </Alert>
      )}
    </Stack>
  );
}
