import { Button, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useModules } from '../../catalogue/hooks';
import { useOrgOutlet } from '../../orgs/use-org-outlet';
import { QueryState } from '../../shared/components/query-state';
import type { ModuleSeats } from '../api';
import { LicenseTable } from '../components/license-table';
import { OrderHistory } from '../components/order-history';
import { UpgradeLicensesModal } from '../components/upgrade-licenses-modal';
import { useLicenses } from '../hooks';

/** R-B1…R-B5: seats per module, the checkout and the order history; also for the contract owner (seed 001). */
export function LicensesPage() {
  const { t } = useTranslation('licenses');
  const org = useOrgOutlet();
  const licenses = useLicenses(org.id);
  const catalogue = useModules();
  const [upgrading, setUpgrading] = useState(false);

  // Every licensed module of the catalogue, also those the organisation has no pool of yet (0 seats).
  const pools = new Map((licenses.data?.modules ?? []).map((m) => [m.module, m]));
  const licensed = (catalogue.data?.items ?? []).filter((m) => m.licensed).map((m) => m.key);
  const keys = [...licensed, ...[...pools.keys()].filter((k) => !licensed.includes(k))];
  const modules: ModuleSeats[] = keys.map((key) => pools.get(key) ?? { module: key, seats: 0, inUse: 0, available: 0 });

  return (
    <Stack gap="md">
      <QueryState isPending={licenses.isPending || catalogue.isPending} error={licenses.error ?? catalogue.error} onRetry={() => void licenses.refetch()}>
        <Group justify="space-between">
          <Text size="sm" c="dimmed" maw={640}>
            {t('intro')}
          </Text>
          <Button onClick={() => setUpgrading(true)} data-testid="upgrade-licenses">
            {t('upgrade.open')}
          </Button>
        </Group>
        <LicenseTable modules={modules} />
        <Title order={4} mt="md">
          {t('history.title')}
        </Title>
        <OrderHistory orders={licenses.data?.orders ?? []} />
        <UpgradeLicensesModal orgId={org.id} opened={upgrading} modules={modules} onClose={() => setUpgrading(false)} />
      </QueryState>
    </Stack>
  );
}
