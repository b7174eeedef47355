import { Badge, Button, Checkbox, Group, Stack, Table, Text } from '@mantine/core';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable } from '../../shared/components/data-table';
import { QueryState } from '../../shared/components/query-state';
import { notifyError, notifySuccess } from '../../shared/notify';
import { useProblemText } from '../../shared/problem-text';
import { SCOPE_OF_KIND, type RoleTabsUser, type TargetKind } from '../api';
import { useEveryTarget, useRemoveRoleAssignments, useRoleName } from '../hooks';
import { AttachTargetsModal } from './attach-targets-modal';
import { ProjectTitleCell } from './project-title-cell';

interface Row {
  targetId: string;
  name: string | null;
  archived: boolean;
  roles: string[];
  title: string | null;
}

/** R-E2: the member's projects (or sites) with their roles; attach to more, or remove the selected ones. */
export function TargetRolesPanel({ kind, orgId, user, editable }: { kind: TargetKind; orgId: string; user: RoleTabsUser; editable: boolean }) {
  const { t } = useTranslation('roles');
  const problemText = useProblemText();
  const roleName = useRoleName();
  const scope = SCOPE_OF_KIND[kind];
  const targets = useEveryTarget(kind, orgId);
  const remove = useRemoveRoleAssignments(orgId, user.id);
  const [selected, setSelected] = useState<string[]>([]);
  const [attaching, setAttaching] = useState(false);

  const rows = useMemo(() => {
    const byId = new Map((targets.data ?? []).map((target) => [target.id, target]));
    const grouped = new Map<string, Row>();
    for (const r of user.roles) {
      if (r.scope !== scope) continue;
      const target = byId.get(r.targetId);
      const row = grouped.get(r.targetId) ?? {
        targetId: r.targetId,
        name: target?.name ?? null,
        archived: target?.archived ?? false,
        roles: [],
        title: r.title,
      };
      row.roles.push(r.role);
      row.title ??= r.title;
      grouped.set(r.targetId, row);
    }
    return [...grouped.values()].sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''));
  }, [targets.data, user.roles, scope]);

  // Forget selections of rows that went away (removed here or elsewhere).
  useEffect(() => {
    setSelected((s) => s.filter((id) => rows.some((row) => row.targetId === id)));
  }, [rows]);

  const allSelected = rows.length > 0 && selected.length === rows.length;
  const removeSelected = () =>
    remove.mutate(
      { scope, targetIds: selected },
      {
        onSuccess: () => {
          notifySuccess(t(`${kind}.removed`, { count: selected.length }));
          setSelected([]);
        },
        onError: (error) => notifyError(problemText(error)),
      },
    );

  return (
    <QueryState isPending={targets.isPending} error={targets.error} onRetry={() => void targets.refetch()}>
      <Stack gap="sm" data-testid={`${kind}-roles`}>
        {editable && (
          <Group gap="sm">
            <Button onClick={() => setAttaching(true)} disabled={user.status === 'inactive'}>
              {t(`${kind}.attach`)}
            </Button>
            <Button color="red" variant="light" disabled={selected.length === 0} loading={remove.isPending} onClick={removeSelected}>
              {selected.length ? t('remove.selectedCount', { count: selected.length }) : t('remove.selected')}
            </Button>
          </Group>
        )}
        {editable && user.status === 'inactive' && (
          <Text size="sm" c="dimmed">
            {t('inactiveHint')}
          </Text>
        )}
        <DataTable
          minWidth={560}
          data-testid={`${kind}-assignments`}
          columns={[
            editable && {
              th: { w: 40 },
              label: (
                <Checkbox
                  aria-label={t('remove.selectAll')}
                  checked={allSelected}
                  indeterminate={selected.length > 0 && !allSelected}
                  disabled={rows.length === 0}
                  onChange={() => setSelected(allSelected ? [] : rows.map((row) => row.targetId))}
                />
              ),
            },
            { label: t(`${kind}.column`) },
            { label: t('attach.roles') },
            scope === 'project' && { label: t('projects.titleField') },
          ]}
          rows={rows}
          empty={t(`${kind}.noAssignments`)}
          emptyText={{ py: 'md' }}
        >
          {(row) => {
            const name = row.name ?? t('unknownTarget');
            return (
              <Table.Tr key={row.targetId} data-testid="assignment-row">
                {editable && (
                  <Table.Td>
                    <Checkbox
                      aria-label={t('remove.select', { name })}
                      checked={selected.includes(row.targetId)}
                      onChange={(e) => {
                        const on = e.currentTarget.checked;
                        setSelected((s) => (on ? [...s, row.targetId] : s.filter((id) => id !== row.targetId)));
                      }}
                    />
                  </Table.Td>
                )}
                <Table.Td>
                  <Group gap="xs">
                    <Text fw={500}>{name}</Text>
                    {row.archived && (
                      <Badge color="gray" variant="light">
                        {t('targets.archivedBadge')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {row.roles.map((role) => (
                      <Badge key={role} variant="light">
                        {roleName(role)}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
                {scope === 'project' && (
                  <Table.Td>
                    <ProjectTitleCell orgId={orgId} membershipId={user.id} projectId={row.targetId} projectName={name} title={row.title} editable={editable} />
                  </Table.Td>
                )}
              </Table.Tr>
            );
          }}
        </DataTable>
        {editable && <AttachTargetsModal kind={kind} orgId={orgId} user={user} opened={attaching} onClose={() => setAttaching(false)} />}
      </Stack>
    </QueryState>
  );
}
