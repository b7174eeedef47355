import { Button, Group, List, Modal, Paper, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfirmModal } from '../../shared/components/confirm-modal';
import { notifySuccess } from '../../shared/notify';
import { useOptionalText } from '../../shared/use-optional-text';
import { useFormatters } from '../../shared/format';
import { BULK_FILTER_MAX, type BulkResult, type BulkTarget, type BulkUserAction, type UserView } from '../api';
import { useBulkUserAction } from '../hooks';
import { useNotifyProblem } from '../notify-problem';

const ACTIONS: { action: BulkUserAction; key: 'deactivate' | 'removeAccess' | 'delete'; color: string }[] = [
  { action: 'deactivate', key: 'deactivate', color: 'orange' },
  { action: 'remove-access', key: 'removeAccess', color: 'orange' },
  { action: 'delete', key: 'delete', color: 'red' },
];

const nameOf = (u: UserView) => `${u.firstName} ${u.lastName}`.trim() || (u.email ?? '');

/** How many names the confirmation lists when it acts on every matching user. */
const NAMES_SHOWN = 10;

interface BulkActionsBarProps {
  orgId: string;
  /** The users picked on this page. */
  selected: UserView[];
  /** Every user the list's filter matches, on every page: the count and the filter the server resolves. */
  allMatching: { total: number; filter: Extract<BulkTarget, { filter: unknown }>['filter']; selected: boolean } | null;
  onSelectAllMatching: () => void;
  onDone: () => void;
}

/**
 * Issue 14 item 10: what the list does with the selected users — one confirmation naming everybody (or, for all users
 * matching the filter, their count and the first names), then the server's answer per user (each through the single
 * action's rules; those it did not apply to are listed with the reason).
 */
export function BulkActionsBar({ orgId, selected, allMatching, onSelectAllMatching, onDone }: BulkActionsBarProps) {
  const { t } = useTranslation(['users', 'common']);
  const { number } = useFormatters();
  const optionalText = useOptionalText();
  const notifyProblem = useNotifyProblem();
  const run = useBulkUserAction(orgId);
  const [pending, setPending] = useState<(typeof ACTIONS)[number] | null>(null);
  const [result, setResult] = useState<{ result: BulkResult; names: Map<string, string> } | null>(null);
  const everyMatching = allMatching?.selected ? allMatching : null;
  const count = everyMatching ? everyMatching.total : selected.length;
  const shown = everyMatching ? selected.slice(0, NAMES_SHOWN) : selected;
  // The whole page is picked and more match: offer them all (up to what one request may change).
  const offerAll = allMatching && !allMatching.selected && allMatching.total > selected.length ? allMatching : null;

  const confirm = () => {
    if (!pending) return;
    const names = new Map(selected.map((u) => [u.id, nameOf(u)]));
    run.mutate(
      { action: pending.action, target: everyMatching ? { filter: everyMatching.filter } : { ids: selected.map((u) => u.id) } },
      {
        onSuccess: (r) => {
          setPending(null);
          onDone();
          if (r.failed === 0) notifySuccess(t('bulk.allDone', { count: r.done }));
          else setResult({ result: r, names });
        },
        onError: (error) => {
          setPending(null);
          notifyProblem(error, t(`actions.${pending.key}.failed`, { name: '' }));
        },
      },
    );
  };

  return (
    <>
      <Paper withBorder p="xs" data-testid="bulk-bar">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Group gap="xs" wrap="wrap">
            <Text size="sm" fw={500} role="status" data-testid="bulk-count">
              {everyMatching
                ? t('bulk.allMatchingSelected', { count, formatted: number(count) })
                : t('bulk.selected', { count: selected.length, formatted: number(selected.length) })}
            </Text>
            {offerAll &&
              (offerAll.total <= BULK_FILTER_MAX ? (
                <Button size="xs" variant="subtle" onClick={onSelectAllMatching} data-testid="bulk-select-all-matching">
                  {t('bulk.selectAllMatching', { count: offerAll.total, formatted: number(offerAll.total) })}
                </Button>
              ) : (
                <Text size="sm" c="dimmed">
                  {t('bulk.tooManyMatching', { count: offerAll.total, formatted: number(offerAll.total), max: number(BULK_FILTER_MAX) })}
                </Text>
              ))}
          </Group>
          <Group gap="xs" wrap="wrap">
            {ACTIONS.map((a) => (
              <Button key={a.action} size="xs" variant="light" color={a.color} onClick={() => setPending(a)} data-testid={`bulk-${a.action}`}>
                {t(`bulk.${a.key}.label`)}
              </Button>
            ))}
            <Button size="xs" variant="subtle" color="gray" onClick={onDone}>
              {t('bulk.clear')}
            </Button>
          </Group>
        </Group>
      </Paper>
      <ConfirmModal
        opened={pending !== null}
        title={pending ? t(`bulk.${pending.key}.title`) : ''}
        confirmLabel={pending ? t(`bulk.${pending.key}.label`) : ''}
        color={pending?.color === 'red' ? 'red' : undefined}
        loading={run.isPending}
        onConfirm={confirm}
        onClose={() => !run.isPending && setPending(null)}
      >
        {pending && <Text size="sm">{t(`bulk.${pending.key}.text`)}</Text>}
        <Text size="sm" fw={500} data-testid="bulk-who-count">
          {everyMatching ? t('bulk.whoMatching', { count, formatted: number(count) }) : t('bulk.who')}
        </Text>
        <List size="sm" data-testid="bulk-who" style={{ maxHeight: 240, overflowY: 'auto' }}>
          {shown.map((u) => (
            <List.Item key={u.id}>
              {nameOf(u)}
              {u.email ? ` (${u.email})` : ''}
            </List.Item>
          ))}
        </List>
        {count > shown.length && (
          <Text size="sm" data-testid="bulk-who-more">
            {t('bulk.andMore', { count: count - shown.length, formatted: number(count - shown.length) })}
          </Text>
        )}
      </ConfirmModal>
      <Modal
        opened={result !== null}
        onClose={() => setResult(null)}
        title={result ? t('bulk.result', { done: result.result.done, failed: result.result.failed }) : ''}
        centered
      >
        {result && (
          <Stack data-testid="bulk-result">
            <Text size="sm" fw={500}>
              {t('bulk.failedTitle')}
            </Text>
            <List size="sm">
              {result.result.results
                .filter((r) => r.outcome === 'failed')
                .map((r) => (
                  <List.Item key={r.id}>
                    {result.names.get(r.id) ?? r.name ?? r.id}: {r.code ? optionalText(`errors:${r.code}`, r.detail ?? r.code) : r.detail}
                  </List.Item>
                ))}
            </List>
            <Group justify="flex-end">
              <Button onClick={() => setResult(null)} data-autofocus>
                {t('bulk.close')}
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </>
  );
}
