import { List, Text } from '@mantine/core';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useModuleKeyName } from '../../catalogue/hooks';
import { isApiError } from '../../shared/api-error';
import { seatProblemModules } from '../hooks';

/**
 * One translated line per module a seat problem names: R-B2 license_limit_reached ("Payroll: 1 seat, 1 in use,
 * 1 more needed") or R-B3 license_in_use ("Payroll: 3 in use — remove users or their access before going below 3").
 */
export function useSeatProblemLines(): (error: unknown) => string[] {
  const { t } = useTranslation('licenses');
  const moduleName = useModuleKeyName();
  return useCallback(
    (error: unknown) => {
      const modules = seatProblemModules(error);
      const inUse = isApiError(error) && error.code === 'license_in_use';
      return modules.map((m) =>
        inUse
          ? t('problem.inUseLine', { module: moduleName(m.module), inUse: m.inUse, seats: m.seats })
          : t('problem.limitLine', { module: moduleName(m.module), seats: m.seats, inUse: m.inUse, needed: m.needed, count: m.seats }),
      );
    },
    [t, moduleName],
  );
}

/** The seat lines of a problem as a list (nothing for other problems). */
export function SeatProblemList({ error }: { error: unknown }) {
  const lines = useSeatProblemLines()(error);
  if (!lines.length) return null;
  return (
    <List size="sm" mt={4} data-testid="seat-problem">
      {lines.map((line) => (
        <List.Item key={line}>
          <Text size="sm">{line}</Text>
        </List.Item>
      ))}
    </List>
  );
}
