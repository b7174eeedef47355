import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { orgKeys, type Country } from '../orgs/api';
import { addPartnerUser, createOrgFromRegistry, fetchPartnerOrgs, lookupAccount, lookupRegistry, partnerKeys, type AddPartnerUserBody } from './api';

/** A mutation, not a query: the admin presses "Search" and sees the answer of that press, never a cached one. */
export function useAccountLookup() {
  return useMutation({ mutationFn: ({ email, orgId }: { email: string; orgId?: string }) => lookupAccount(email, undefined, orgId) });
}

export function usePartnerOrgs(orgId: string, enabled = true) {
  return useQuery({
    queryKey: partnerKeys.partnerOrgs(orgId),
    queryFn: ({ signal }) => fetchPartnerOrgs(orgId, signal),
    enabled: enabled && Boolean(orgId),
  });
}

export function useRegistryLookup() {
  return useMutation({ mutationFn: ({ country, businessId }: { country: Country; businessId: string }) => lookupRegistry(country, businessId) });
}

export function useCreateOrgFromRegistry() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ country, businessId }: { country: Country; businessId: string }) => createOrgFromRegistry(country, businessId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgKeys.lists() }),
  });
}

export function useAddPartnerUser(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AddPartnerUserBody) => addPartnerUser(orgId, body),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ['users', orgId] }),
        queryClient.invalidateQueries({ queryKey: partnerKeys.partnerOrgs(orgId) }),
        // A user with licensed packages takes seats (R-B1).
        queryClient.invalidateQueries({ queryKey: ['licenses', orgId] }),
      ]),
  });
}
