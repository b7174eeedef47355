import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useOptionalText } from '../shared/use-optional-text';
import {
  assignRoles,
  createTarget,
  fetchEveryTarget,
  fetchRoles,
  fetchTargets,
  memberKeys,
  removeRoleAssignments,
  roleKeys,
  setProjectTitle,
  targetKeys,
  updateTarget,
  type AssignRolesBody,
  type RemoveRolesBody,
  type Role,
  type TargetKind,
  type TargetListParams,
  type UpdateTargetBody,
} from './api';

export function useTargets(kind: TargetKind, orgId: string, params: TargetListParams) {
  return useQuery({
    queryKey: targetKeys.list(kind, orgId, params),
    queryFn: ({ signal }) => fetchTargets(kind, orgId, params, signal),
    placeholderData: keepPreviousData,
    enabled: Boolean(orgId),
  });
}

/** Every project or site (archived too), for names in the role tabs and for the "Add" picker. */
export function useEveryTarget(kind: TargetKind, orgId: string) {
  return useQuery({
    queryKey: targetKeys.every(kind, orgId),
    queryFn: ({ signal }) => fetchEveryTarget(kind, orgId, signal),
    enabled: Boolean(orgId),
  });
}

export function useCreateTarget(kind: TargetKind, orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => createTarget(kind, orgId, name),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: targetKeys.all(kind, orgId) }),
  });
}

export function useUpdateTarget(kind: TargetKind, orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: UpdateTargetBody }) => updateTarget(kind, orgId, id, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: targetKeys.all(kind, orgId) }),
  });
}

export function useRoles() {
  return useQuery({ queryKey: roleKeys.all, queryFn: ({ signal }) => fetchRoles(signal), staleTime: 10 * 60_000 });
}

/** A role's name in the UI language; roles outside the default catalogue keep the server's name. */
export function useRoleName(): (role: Pick<Role, 'key' | 'name'> | string) => string {
  const optionalText = useOptionalText();
  return useCallback(
    (role) => (typeof role === 'string' ? optionalText(`roles:names.${role}`, role) : optionalText(`roles:names.${role.key}`, role.name)),
    [optionalText],
  );
}

function useMemberChange<V>(orgId: string, membershipId: string, mutationFn: (vars: V) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    // The member's page and the user list both show roles: refresh everything of this organisation's users.
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: memberKeys.detail(orgId, membershipId) }),
        queryClient.invalidateQueries({ queryKey: memberKeys.org(orgId) }),
      ]),
  });
}

export function useAssignRoles(orgId: string, membershipId: string) {
  return useMemberChange(orgId, membershipId, (body: AssignRolesBody) => assignRoles(orgId, membershipId, body));
}

export function useRemoveRoleAssignments(orgId: string, membershipId: string) {
  return useMemberChange(orgId, membershipId, (body: RemoveRolesBody) => removeRoleAssignments(orgId, membershipId, body));
}

export function useSetProjectTitle(orgId: string, membershipId: string) {
  return useMemberChange(orgId, membershipId, ({ targetId, title }: { targetId: string; title: string | null }) =>
    setProjectTitle(orgId, membershipId, targetId, title),
  );
}
