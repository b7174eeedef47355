import { Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../shared/format';
import type { Notification } from '../api';

/** The notification's title in the reader's language. */
export function useNotificationTitle() {
  const { t } = useTranslation('notifications');
  return (n: Notification) => {
    if (n.kind === 'conversion_applied') return t('title.conversionApplied', { org: n.summary.orgName ?? '' });
    const operation = n.summary.operation ?? 'grant';
    return n.summary.status === 'failed' ? t('title.accessJobFailed') : t(`title.accessJobFinished.${operation}`);
  };
}

/** One line of facts under the title: a job's outcomes with their counts, a conversion's numbers of users. */
export function NotificationFacts({ notification: n }: { notification: Notification }) {
  const { t } = useTranslation('notifications');
  const { number } = useFormatters();
  if (n.kind === 'conversion_applied') {
    return (
      <Text size="sm" c="dimmed">
        {t('facts.conversion', {
          users: number(n.summary.users ?? 0),
          persons: number(n.summary.persons ?? 0),
          deactivated: number(n.summary.deactivated ?? 0),
        })}
      </Text>
    );
  }
  const counts = Object.entries(n.summary.counts ?? {}).filter(([, count]) => count > 0);
  return (
    <Group gap="xs">
      <Text size="sm" c="dimmed">
        {t('facts.items', { count: n.summary.total ?? 0, formatted: number(n.summary.total ?? 0) })}
      </Text>
      {counts.map(([outcome, count]) => (
        <Text key={outcome} size="sm" c="dimmed">
          · {t(`outcome.${outcome}`, { defaultValue: outcome })}: {number(count)}
        </Text>
      ))}
    </Group>
  );
}
