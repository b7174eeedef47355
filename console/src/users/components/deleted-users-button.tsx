import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../shared/components/query-state';
import { useFormatters } from '../../shared/format';
import { notifySuccess } from '../../shared/notify';
import { useDeletedUsers, useRestoreDeletedUser } from '../hooks';
import { useNotifyProblem } from '../notify-problem';
import { UserTypeBadge } from './user-badges';

/** Issue 14 item 10: users deleted in the last 30 days, each restorable with its access (seat-checked by the server). */
export function DeletedUsersButton({ orgId }: { orgId: string }) {
  const { t } = useTranslation('users');
  const format = useFormatters();
  const notifyProblem = useNotifyProblem();
  const [open, setOpen] = useState(false);
  const deleted = useDeletedUsers(orgId, open);
  const restore = useRestoreDeletedUser(orgId);

  return (
    <>
      <Button variant="default" onClick={() => setOpen(true)} data-testid="open-deleted-users">
        {t('deleted.open')}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={t('deleted.title')} size="lg" centered>
        <QueryState isPending={deleted.isPending} error={deleted.error} onRetry={() => void deleted.refetch()}>
          <Stack gap="sm" data-testid="deleted-users">
            {deleted.data?.items.length === 0 && <Text size="sm">{t('deleted.empty')}</Text>}
            {deleted.data?.items.map((u, i) => {
              const name = `${u.firstName} ${u.lastName}`.trim();
              return (
                <Group key={u.id} justify="space-between" wrap="wrap" gap="xs" data-testid="deleted-user" data-email={u.email ?? ''}>
                  <Stack gap={2}>
                    <Group gap={6}>
                      <Text size="sm" fw={500}>
                        {name}
                      </Text>
                      <UserTypeBadge type={u.type} />
                    </Group>
                    <Text size="xs" c="dimmed">
                      {u.email ?? '—'} · {t('deleted.by', { date: format.date(u.deletedAt), name: u.deletedBy ?? '—' })} ·{' '}
                      {t('deleted.until', { date: format.date(u.restorableUntil) })}
                    </Text>
                  </Stack>
                  <Button
                    size="xs"
                    variant="light"
                    aria-label={t('deleted.restoreName', { name })}
                    data-autofocus={i === 0 || undefined}
                    loading={restore.isPending && restore.variables === u.id}
                    onClick={() =>
                      restore.mutate(u.id, {
                        onSuccess: () => notifySuccess(t('deleted.restored', { name })),
                        onError: (error) => notifyProblem(error, t('deleted.failed', { name })),
                      })
                    }
                  >
                    {t('deleted.restore')}
                  </Button>
                </Group>
              );
            })}
          </Stack>
        </QueryState>
      </Modal>
    </>
  );
}
