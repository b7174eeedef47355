import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { userKeys } from '../users/api';
import { addOffice, fetchOffices, officeKeys, removeOffice, updateOffice, type OfficeBody } from './api';

/** The organisation's own offices. */
export function useOffices(orgId: string) {
  return useQuery({ queryKey: officeKeys.of(orgId), queryFn: ({ signal }) => fetchOffices(orgId, null, signal) });
}

/**
 * R-C16: the offices a user can be placed at — those of their home organisation. `accountId` null: a new account
 * (or a person) at home here. `enabled` false: nothing is asked.
 */
export function usePlaceableOffices(orgId: string, accountId: string | null, enabled = true) {
  return useQuery({
    queryKey: accountId ? officeKeys.forAccount(orgId, accountId) : officeKeys.of(orgId),
    queryFn: ({ signal }) => fetchOffices(orgId, accountId, signal),
    enabled,
  });
}

/** Issue 14 item 16: the offices of the home organisation a new partner user is added with (this one's own when it is home). */
export function useHomeOffices(orgId: string, homeOrgId: string) {
  return useQuery({
    queryKey: homeOrgId === orgId ? officeKeys.of(orgId) : officeKeys.forHome(orgId, homeOrgId),
    queryFn: ({ signal }) => fetchOffices(orgId, null, signal, homeOrgId === orgId ? undefined : homeOrgId),
  });
}

function useOfficeMutation<V>(fn: (v: V) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: officeKeys.all });
      // Users show the office's name: a rename or a cleared placement changes them.
      await queryClient.invalidateQueries({ queryKey: userKeys.all });
    },
  });
}

export const useAddOffice = (orgId: string) => useOfficeMutation((body: OfficeBody) => addOffice(orgId, body));
export const useUpdateOffice = (orgId: string) => useOfficeMutation(({ id, body }: { id: string; body: OfficeBody }) => updateOffice(orgId, id, body));
export const useRemoveOffice = (orgId: string) =>
  useOfficeMutation(({ id, clearPlacements }: { id: string; clearPlacements: boolean }) => removeOffice(orgId, id, clearPlacements));
