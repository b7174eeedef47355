import { Badge, Button, Group, Loader, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../auth/hooks';
import { PagedList } from '../../shared/components/cursor-pager';
import { DataTable } from '../../shared/components/data-table';
import { useFormatters } from '../../shared/format';
import { notifyError, notifySuccess } from '../../shared/notify';
import { useProblemText } from '../../shared/problem-text';
import { useCursorPages } from '../../shared/use-cursor-pages';
import type { Target, TargetKind } from '../api';
import { useIsOrgAdmin } from '../../auth/rights';
import { useCreateTarget, useTargets, useUpdateTarget } from '../hooks';
import { TargetNameModal } from './target-name-modal';

const PAGE_SIZE = 25;

/** Projects or sites of one organisation: search, keyset pages, archived toggle, create, rename, archive. */
export function TargetsList({ kind, orgId }: { kind: TargetKind; orgId: string }) {
  const { t } = useTranslation(['roles', 'common']);
  const format = useFormatters();
  const problemText = useProblemText();
  const me = useMe().data;
  const admin = useIsOrgAdmin(me, orgId);
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const [showArchived, setShowArchived] = useState(false);
  const pages = useCursorPages(JSON.stringify([q, showArchived]));
  const list = useTargets(kind, orgId, { q: q || undefined, archived: showArchived ? 'all' : 'false', limit: PAGE_SIZE, cursor: pages.cursor });
  const create = useCreateTarget(kind, orgId);
  const update = useUpdateTarget(kind, orgId);
  const [creating, setCreating] = useState(false);
  const [renaming, setRenaming] = useState<Target | null>(null);

  const archive = (target: Target, archived: boolean) =>
    update.mutate(
      { id: target.id, body: { archived } },
      {
        onSuccess: () => notifySuccess(t(archived ? `${kind}.archived` : `${kind}.unarchived`, { name: target.name })),
        onError: (error) => notifyError(problemText(error)),
      },
    );

  return (
    <Stack gap="md" data-testid={`${kind}-page`}>
      <Group justify="space-between">
        <Group gap="sm">
          <Title order={3}>{t(`${kind}.title`)}</Title>
          {list.isFetching && !list.isPending && <Loader role="status" size="xs" aria-label={t('common:loading')} />}
        </Group>
        {admin && (
          <Button
            onClick={() => {
              create.reset();
              setCreating(true);
            }}
          >
            {t(`${kind}.new`)}
          </Button>
        )}
      </Group>
      <Group gap="md" align="end">
        <TextInput
          type="search"
          label={t('targets.search')}
          placeholder={t(`${kind}.searchPlaceholder`)}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={{ base: '100%', sm: 320 }}
        />
        <Switch label={t('targets.showArchived')} checked={showArchived} onChange={(e) => setShowArchived(e.currentTarget.checked)} mb={8} />
      </Group>
      <PagedList query={list} pages={pages} totalLabel={(count, formatted) => t(`${kind}.total`, { count, formatted })}>
        {(items) => (
          <DataTable
            minWidth={560}
            data-testid={`${kind}-table`}
            columns={[{ label: t('targets.name') }, { label: t('targets.createdAt') }, admin && { th: { w: 1, 'aria-label': t('targets.actions') } }]}
            rows={items}
            empty={q ? t('targets.noMatches') : t(`${kind}.empty`)}
          >
            {(target) => (
              <Table.Tr key={target.id} data-testid="target-row">
                <Table.Td>
                  <Group gap="xs">
                    <Text fw={500} c={target.archived ? 'dimmed' : undefined}>
                      {target.name}
                    </Text>
                    {target.archived && (
                      <Badge color="gray" variant="light">
                        {t('targets.archivedBadge')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>{format.date(target.createdAt)}</Table.Td>
                {admin && (
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Button
                        size="xs"
                        variant="default"
                        aria-label={t('targets.renameOf', { name: target.name })}
                        onClick={() => {
                          update.reset();
                          setRenaming(target);
                        }}
                      >
                        {t('targets.rename')}
                      </Button>
                      <Button
                        size="xs"
                        variant="light"
                        color={target.archived ? 'teal' : 'gray'}
                        aria-label={t(target.archived ? 'targets.unarchiveOf' : 'targets.archiveOf', { name: target.name })}
                        loading={update.isPending && update.variables?.id === target.id && update.variables.body.archived !== undefined}
                        onClick={() => archive(target, !target.archived)}
                      >
                        {t(target.archived ? 'targets.unarchive' : 'targets.archive')}
                      </Button>
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            )}
          </DataTable>
        )}
      </PagedList>
      <TargetNameModal
        opened={creating}
        title={t(`${kind}.new`)}
        submitLabel={t('targets.create')}
        initialName=""
        pending={create.isPending}
        error={create.error}
        onClose={() => setCreating(false)}
        onSubmit={(name) =>
          create.mutate(name, {
            onSuccess: (target) => {
              notifySuccess(t(`${kind}.created`, { name: target.name }));
              setCreating(false);
            },
          })
        }
      />
      <TargetNameModal
        opened={renaming !== null}
        title={t('targets.renameTitle', { name: renaming?.name ?? '' })}
        submitLabel={t('common:actions.save')}
        initialName={renaming?.name ?? ''}
        pending={update.isPending}
        error={update.variables?.body.name !== undefined ? update.error : null}
        onClose={() => setRenaming(null)}
        onSubmit={(name) =>
          renaming &&
          update.mutate(
            { id: renaming.id, body: { name } },
            {
              onSuccess: (target) => {
                notifySuccess(t('targets.renamed', { name: target.name }));
                setRenaming(null);
              },
            },
          )
        }
      />
    </Stack>
  );
}
