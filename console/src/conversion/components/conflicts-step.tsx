import { Badge, Button, Group, Modal, Radio, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../shared/api-error';
import { CursorPager } from '../../shared/components/cursor-pager';
import { QueryState } from '../../shared/components/query-state';
import { useFieldErrors } from '../../shared/form-errors';
import { useProblemText } from '../../shared/problem-text';
import { useCursorPages } from '../../shared/use-cursor-pages';
import type { Conflict, Conversion, Decision } from '../api';
import { useConflicts, useResolveConflict } from '../hooks';

/** R-I3: the conflicts, each resolved on its own in a dialog. */
export function ConflictsStep({ conversion }: { conversion: Conversion }) {
  const { t } = useTranslation('conversion');
  const pages = useCursorPages();
  const conflicts = useConflicts(conversion.orgId, pages.cursor, conversion.version);
  const [open, setOpen] = useState<Conflict | null>(null);
  return (
    <Stack gap="sm">
      <Text>{t('conflicts.intro')}</Text>
      <Text fw={600} data-testid="open-conflicts">
        {conversion.counts.openConflicts ? t('conflicts.open', { count: conversion.counts.openConflicts }) : t('conflicts.allResolved')}
      </Text>
      <QueryState isPending={conflicts.isPending} error={conflicts.error}>
        <Table withTableBorder striped data-testid="conflict-list">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('conflicts.kindColumn')}</Table.Th>
              <Table.Th>{t('conflicts.what')}</Table.Th>
              <Table.Th>{t('conflicts.status')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(conflicts.data?.items ?? []).map((c) => (
              <Table.Tr key={c.id} data-testid={`conflict-${c.id}`}>
                <Table.Td>{t(`conflicts.kind.${c.kind}`)}</Table.Td>
                <Table.Td>
                  <ConflictText conflict={c} />
                  <Text size="xs" c="dimmed">
                    {c.persons.map((p) => `${p.firstName} ${p.lastName}`).join(', ')}
                  </Text>
                </Table.Td>
                <Table.Td>
                  {c.resolution ? <Badge color="teal">{t('conflicts.resolved')}</Badge> : <Badge color="orange">{t('conflicts.unresolved')}</Badge>}
                </Table.Td>
                <Table.Td>
                  <Button size="xs" variant={c.resolution ? 'default' : 'filled'} onClick={() => setOpen(c)}>
                    {c.resolution ? t('conflicts.change') : t('conflicts.resolve')}
                  </Button>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <CursorPager pages={pages} page={conflicts.data} />
      </QueryState>
      {open && <ResolveDialog orgId={conversion.orgId} conflict={open} onClose={() => setOpen(null)} />}
    </Stack>
  );
}

function ConflictText({ conflict: c }: { conflict: Conflict }) {
  const { t } = useTranslation('conversion');
  const logins = c.logins.map((l) => l.username).join(', ');
  const text =
    c.kind === 'shared_login'
      ? t('conflicts.describe.shared_login', { login: logins, count: c.personKeys.length })
      : c.kind === 'missing_email'
        ? t('conflicts.describe.missing_email', { login: logins })
        : t('conflicts.describe.duplicate_email', { logins, email: c.logins[0]?.email ?? '' });
  return <Text size="sm">{text}</Text>;
}

/** One decision per person: an own user (with an e-mail) or a person without user. */
function ResolveDialog({ orgId, conflict, onClose }: { orgId: string; conflict: Conflict; onClose: () => void }) {
  const { t } = useTranslation(['conversion', 'common']);
  const problemText = useProblemText();
  const fieldErrorsFrom = useFieldErrors();
  const resolve = useResolveConflict(orgId);
  const initial = (key: string): Decision => {
    const given = conflict.resolution?.find((d) => d.personKey === key);
    if (given) return { ...given, email: given.email ?? '' };
    const person = conflict.persons.find((p) => p.key === key);
    const loginEmail = conflict.kind === 'duplicate_email' ? (conflict.logins[0]?.email ?? '') : '';
    return { personKey: key, becomes: 'user', email: conflict.kind === 'missing_email' ? '' : (person?.email ?? loginEmail) };
  };
  const [decisions, setDecisions] = useState<Decision[]>(conflict.personKeys.map(initial));
  const fields = isApiError(resolve.error) ? fieldErrorsFrom(resolve.error) : {};
  const set = (i: number, patch: Partial<Decision>) => setDecisions((ds) => ds.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  const save = () =>
    resolve.mutate(
      {
        conflictId: conflict.id,
        decisions: decisions.map((d) => ({ personKey: d.personKey, becomes: d.becomes, ...(d.becomes === 'user' && d.email ? { email: d.email } : {}) })),
      },
      { onSuccess: onClose },
    );
  return (
    <Modal opened onClose={onClose} title={t(`conflicts.kind.${conflict.kind}`)} size="lg">
      <Stack>
        <Text size="sm">{t(`resolve.hint.${conflict.kind}`)}</Text>
        {decisions.map((d, i) => {
          const person = conflict.persons.find((p) => p.key === d.personKey);
          return (
            <Stack key={d.personKey} gap={6} data-testid={`decision-${d.personKey}`}>
              <Text fw={600}>
                {person?.firstName} {person?.lastName}
              </Text>
              <Radio.Group value={d.becomes} onChange={(v) => set(i, { becomes: v as Decision['becomes'] })}>
                <Group>
                  {/* The dialog opens on the first person's chosen answer (issue 14 item 15). */}
                  <Radio value="user" label={t('resolve.becomesUser')} data-autofocus={(i === 0 && d.becomes === 'user') || undefined} />
                  <Radio value="person" label={t('resolve.becomesPerson')} data-autofocus={(i === 0 && d.becomes === 'person') || undefined} />
                </Group>
              </Radio.Group>
              {d.becomes === 'user' && (
                <TextInput
                  label={t('resolve.email')}
                  type="email"
                  value={d.email ?? ''}
                  onChange={(e) => set(i, { email: e.currentTarget.value })}
                  error={fields[`decisions.${i}.email`]}
                />
              )}
            </Stack>
          );
        })}
        {resolve.error != null && !Object.keys(fields).some((k) => k.startsWith('decisions.')) && (
          <Text c="red" size="sm" role="alert">
            {fields.decisions ?? problemText(resolve.error)}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common:actions.cancel')}
          </Button>
          <Button onClick={save} loading={resolve.isPending}>
            {t('resolve.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
