import { Alert, Button, Group, List, Modal, NumberInput, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useModuleKeyName } from '../../catalogue/hooks';
import { isApiError } from '../../shared/api-error';
import { useFieldErrors } from '../../shared/form-errors';
import { notifySuccess } from '../../shared/notify';
import { useProblemText } from '../../shared/problem-text';
import type { ModuleSeats } from '../api';
import { seatProblemModules, usePlaceLicenseOrder } from '../hooks';
import { useSeatProblemLines } from './seat-problem';

interface UpgradeLicensesModalProps {
  orgId: string;
  opened: boolean;
  modules: ModuleSeats[];
  onClose: () => void;
  /** New totals to start from (the seats a change is missing, issue 14); the current seats otherwise. */
  initialSeats?: Record<string, number>;
  /** After the checkout: the caller continues what needed the seats. */
  onOrdered?: () => void;
}

/** Seed 001 "Uppgradera licens … Checka ut": raise or lower seats per module in one checkout (R-B3). */
export function UpgradeLicensesModal(props: UpgradeLicensesModalProps) {
  const { t } = useTranslation('licenses');
  return (
    <Modal opened={props.opened} onClose={props.onClose} title={t('upgrade.title')} size="lg">
      {props.opened && <Checkout {...props} />}
    </Modal>
  );
}

function Checkout({ orgId, modules, onClose, initialSeats, onOrdered }: UpgradeLicensesModalProps) {
  const { t } = useTranslation(['licenses', 'common']);
  const moduleName = useModuleKeyName();
  const problemText = useProblemText();
  const fieldErrorsFrom = useFieldErrors();
  const seatLines = useSeatProblemLines();
  const order = usePlaceLicenseOrder(orgId);
  const [seats, setSeats] = useState<Record<string, number | ''>>(() =>
    Object.fromEntries(modules.map((m) => [m.module, initialSeats?.[m.module] ?? m.seats])),
  );

  const changes = modules
    .map((m) => ({ module: m.module, from: m.seats, to: seats[m.module] }))
    .filter((c): c is { module: string; from: number; to: number } => typeof c.to === 'number' && c.to !== c.from);
  // Opens on the first module short of seats (the change that needs them), else on the first (issue 14 item 15).
  const focusModule = (modules.find((m) => initialSeats?.[m.module] !== undefined && initialSeats[m.module] !== m.seats) ?? modules[0])?.module;
  const refused = new Map(seatProblemModules(order.error).map((m) => [m.module, m]));
  const fields = isApiError(order.error) ? fieldErrorsFrom(order.error) : {};

  const checkout = () =>
    order.mutate(Object.fromEntries(changes.map((c) => [c.module, c.to])), {
      onSuccess: () => {
        notifySuccess(t('upgrade.done'));
        onClose();
        onOrdered?.();
      },
    });

  return (
    <Stack>
      <Text size="sm" c="dimmed">
        {t('upgrade.intro')}
      </Text>
      <Table verticalSpacing={6}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('columns.module')}</Table.Th>
            <Table.Th ta="right">{t('columns.inUse')}</Table.Th>
            <Table.Th ta="right">{t('upgrade.current')}</Table.Th>
            <Table.Th w={160}>{t('upgrade.new')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {modules.map((m) => {
            const problem = refused.get(m.module);
            const value = seats[m.module];
            const below = typeof value === 'number' && value < m.inUse;
            return (
              <Table.Tr key={m.module} data-module={m.module}>
                <Table.Td fw={500}>{moduleName(m.module)}</Table.Td>
                <Table.Td ta="right">{m.inUse}</Table.Td>
                <Table.Td ta="right">{m.seats}</Table.Td>
                <Table.Td>
                  <NumberInput
                    aria-label={t('upgrade.newFor', { module: moduleName(m.module) })}
                    data-autofocus={m.module === focusModule || undefined}
                    min={0}
                    max={1_000_000}
                    allowDecimal={false}
                    allowNegative={false}
                    value={value}
                    onChange={(n) => setSeats((s) => ({ ...s, [m.module]: typeof n === 'number' ? n : '' }))}
                    error={
                      problem
                        ? t('upgrade.inUseShort', { inUse: problem.inUse })
                        : (fields[`seats.${m.module}`] ?? (below ? t('upgrade.belowUse', { inUse: m.inUse }) : undefined))
                    }
                  />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>

      <Stack gap={4} data-testid="order-summary">
        <Text fw={600} size="sm">
          {t('upgrade.summary')}
        </Text>
        {changes.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('upgrade.noChanges')}
          </Text>
        ) : (
          <List size="sm">
            {changes.map((c) => (
              <List.Item key={c.module}>{t('change', { module: moduleName(c.module), from: c.from, to: c.to })}</List.Item>
            ))}
          </List>
        )}
      </Stack>

      {order.error && (
        <Alert color="red" role="alert" title={problemText(order.error)} data-testid="order-error">
          {seatLines(order.error).map((line) => (
            <Text key={line} size="sm">
              {line}
            </Text>
          ))}
        </Alert>
      )}

      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          {t('common:actions.cancel')}
        </Button>
        <Button onClick={checkout} disabled={changes.length === 0} loading={order.isPending}>
          {t('upgrade.checkout')}
        </Button>
      </Group>
    </Stack>
  );
}
