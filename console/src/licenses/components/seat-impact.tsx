import { Alert, Anchor, Badge, Button, Group, List, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useModuleKeyName } from '../../catalogue/hooks';
import { useSeats } from '../hooks';
import { UpgradeLicensesModal } from './upgrade-licenses-modal';

interface SeatImpactProps {
  orgId: string;
  /** Licensed modules the change takes one seat of each (R-B1). */
  modules: string[];
  /** After licenses were ordered here: the caller continues (e.g. sends the refused change again). */
  onOrdered?: () => void;
}

/**
 * Issue 14, R-B2 before the last step: the seats a change needs against the seats free per module, as soon as packages
 * and modules are picked. When seats are short: **Upgrade licenses** in place for those who may order (the missing
 * seats filled in), else who may — the contract owner and the administrators.
 */
export function SeatImpact({ orgId, modules, onOrdered }: SeatImpactProps) {
  const { t } = useTranslation('licenses');
  const moduleName = useModuleKeyName();
  const seats = useSeats(orgId);
  const [upgrading, setUpgrading] = useState(false);
  if (!seats.data || modules.length === 0) return null;
  const pools = new Map(seats.data.modules.map((m) => [m.module, m]));
  const lines = [...modules].sort().map((module) => {
    const pool = pools.get(module);
    const available = pool?.available ?? 0;
    return { module, available, seats: pool?.seats ?? 0, short: available < 1 };
  });
  const short = lines.filter((l) => l.short);

  return (
    <Stack gap={6} data-testid="seat-impact" aria-live="polite">
      <Text size="sm" fw={600}>
        {t('impact.title')}
      </Text>
      <Group gap={6}>
        {lines.map((l) => (
          <Badge key={l.module} variant="light" color={l.short ? 'red' : 'teal'} data-module={l.module} data-short={l.short || undefined}>
            {t('impact.line', { module: moduleName(l.module), available: l.available, seats: l.seats })}
          </Badge>
        ))}
      </Group>
      {short.length > 0 && (
        <Alert color="orange" title={t('impact.short', { modules: short.map((l) => moduleName(l.module)).join(', ') })} data-testid="seat-shortage">
          {seats.data.mayOrder ? (
            <Stack gap="xs" align="flex-start">
              <Text size="sm">{t('impact.orderHint', { count: short.length })}</Text>
              <Button size="xs" onClick={() => setUpgrading(true)} data-testid="upgrade-in-place">
                {t('upgrade.open')}
              </Button>
            </Stack>
          ) : (
            <Stack gap={4}>
              <Text size="sm">{t('impact.askHint')}</Text>
              {seats.data.licenseAdministrators.length ? (
                <List size="sm" data-testid="license-administrators">
                  {seats.data.licenseAdministrators.map((a) => (
                    <List.Item key={a.accountId}>
                      {a.name} · <Anchor href={`mailto:${a.email}`}>{a.email}</Anchor>
                      {a.contractOwner ? ` (${t('impact.contractOwner')})` : ''}
                    </List.Item>
                  ))}
                </List>
              ) : (
                <Text size="sm">{t('impact.askOperator')}</Text>
              )}
              <Button size="xs" variant="light" onClick={() => void seats.refetch()} loading={seats.isFetching} style={{ alignSelf: 'flex-start' }}>
                {t('impact.recheck')}
              </Button>
            </Stack>
          )}
        </Alert>
      )}
      {seats.data.mayOrder && (
        <UpgradeLicensesModal
          orgId={orgId}
          opened={upgrading}
          modules={seats.data.modules}
          initialSeats={Object.fromEntries(short.map((l) => [l.module, l.seats + (1 - l.available)]))}
          onClose={() => setUpgrading(false)}
          onOrdered={onOrdered}
        />
      )}
    </Stack>
  );
}
