import { Checkbox, Loader, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryState } from '../../shared/components/query-state';
import { notifyError, notifySuccess } from '../../shared/notify';
import { useProblemText } from '../../shared/problem-text';
import type { RoleTabsUser } from '../api';
import { useAssignRoles, useRemoveRoleAssignments, useRoleName, useRoles } from '../hooks';

/** R-E1: organisation-level roles of one member, each a checkbox that adds or removes it at once. */
export function OrgRolesPanel({ orgId, user, editable }: { orgId: string; user: RoleTabsUser; editable: boolean }) {
  const { t } = useTranslation('roles');
  const problemText = useProblemText();
  const roleName = useRoleName();
  const roles = useRoles();
  const assign = useAssignRoles(orgId, user.id);
  const remove = useRemoveRoleAssignments(orgId, user.id);
  const held = new Set(user.roles.filter((r) => r.scope === 'org').map((r) => r.role));
  // The box shows the wanted state at once; the member's refreshed roles take over when the change is done.
  const [wanted, setWanted] = useState<Record<string, boolean>>({});
  const orgRoles = (roles.data?.items ?? []).filter((r) => r.scope === 'org');
  const busy = assign.isPending || remove.isPending;
  const pendingRole = assign.isPending ? assign.variables?.roles[0] : remove.isPending ? remove.variables?.roles?.[0] : undefined;

  const toggle = (key: string, on: boolean) => {
    const name = roleName(orgRoles.find((r) => r.key === key) ?? key);
    setWanted((w) => ({ ...w, [key]: on }));
    const handlers = {
      onSuccess: () => notifySuccess(t(on ? 'org.added' : 'org.removed', { role: name })),
      onError: (error: unknown) => notifyError(problemText(error)),
      onSettled: () => setWanted(({ [key]: _, ...rest }) => rest),
    };
    if (on) assign.mutate({ scope: 'org', roles: [key] }, handlers);
    else remove.mutate({ scope: 'org', roles: [key] }, handlers);
  };

  return (
    <QueryState isPending={roles.isPending} error={roles.error} onRetry={() => void roles.refetch()}>
      <Stack gap="sm" data-testid="org-roles">
        <Text size="sm" c="dimmed">
          {t('org.hint')}
        </Text>
        {orgRoles.map((role) => (
          <Checkbox
            key={role.key}
            label={roleName(role)}
            checked={wanted[role.key] ?? held.has(role.key)}
            disabled={!editable || busy}
            icon={pendingRole === role.key ? () => <Loader size={10} color="white" /> : undefined}
            onChange={(e) => toggle(role.key, e.currentTarget.checked)}
          />
        ))}
      </Stack>
    </QueryState>
  );
}
