import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Me } from '../auth/api';
import { createOrg, fetchOrg, fetchOrgs, orgKeys, updateOrg, type CreateOrgBody, type Org, type OrgListParams, type UpdateOrgBody } from './api';

export function useOrgs(params: OrgListParams) {
  return useQuery({
    queryKey: orgKeys.list(params),
    queryFn: ({ signal }) => fetchOrgs(params, signal),
    placeholderData: keepPreviousData,
  });
}

/** Agencies a client can be attached to. */
export function useAgencies(enabled: boolean) {
  return useQuery({
    queryKey: orgKeys.list({ kind: 'agency', sort: 'name', order: 'asc', limit: 500 }),
    queryFn: ({ signal }) => fetchOrgs({ kind: 'agency', sort: 'name', order: 'asc', limit: 500 }, signal),
    enabled,
  });
}

export function useOrg(orgId: string | null | undefined) {
  return useQuery({
    queryKey: orgKeys.detail(orgId ?? ''),
    queryFn: ({ signal }) => fetchOrg(orgId ?? '', signal),
    enabled: Boolean(orgId),
  });
}

export function useCreateOrg() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateOrgBody) => createOrg(body),
    onSuccess: (org) => {
      queryClient.setQueryData(orgKeys.detail(org.id), org);
      return queryClient.invalidateQueries({ queryKey: orgKeys.lists() });
    },
  });
}

export function useUpdateOrg(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdateOrgBody) => updateOrg(orgId, body),
    onSuccess: (org) => {
      queryClient.setQueryData(orgKeys.detail(org.id), org);
      return queryClient.invalidateQueries({ queryKey: orgKeys.lists() });
    },
  });
}

/**
 * Whether to offer editing an organisation: operators, its administrators and its agency's
 * administrators. The server decides; this only hides a button that would be refused.
 */
export function canEditOrg(me: Me | null | undefined, org: Org): boolean {
  if (!me) return false;
  if (me.operator) return true;
  if (org.myAccess?.admin) return true;
  return me.organisations.some((m) => m.admin && (m.id === org.id || m.id === org.agencyId));
}
