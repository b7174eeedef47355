import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { licenseKeys } from '../licenses/api';
import {
  createUser,
  fetchEligibleResellers,
  fetchUser,
  fetchUsers,
  lookupAccount,
  runUserAction,
  runBulkAction,
  fetchDeletedUsers,
  restoreDeletedUser,
  type BulkTarget,
  type BulkUserAction,
  updateUser,
  userKeys,
  type CreateUserBody,
  type UpdateUserBody,
  type UserAction,
  type UserListParams,
  type UserView,
} from './api';

export function useUsers(orgId: string, params: UserListParams, enabled = true) {
  return useQuery({
    queryKey: userKeys.list(orgId, params),
    queryFn: ({ signal }) => fetchUsers(orgId, params, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** R-C3: the agency employees who can be added here as reseller users, searched on the server. */
export function useEligibleResellers(orgId: string, q: string, enabled: boolean) {
  return useQuery({
    queryKey: userKeys.eligibleResellers(orgId, q),
    queryFn: ({ signal }) => fetchEligibleResellers(orgId, q, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useUser(orgId: string, id: string) {
  return useQuery({
    queryKey: userKeys.detail(orgId, id),
    queryFn: ({ signal }) => fetchUser(orgId, id, signal),
  });
}

/** R-C1: names of an existing account by e-mail; empty input asks nothing. */
export function useAccountLookup(email: string | null) {
  return useQuery({
    queryKey: userKeys.lookup(email ?? ''),
    queryFn: ({ signal }) => lookupAccount(email ?? '', signal),
    enabled: Boolean(email),
    staleTime: 60_000,
  });
}

/** After any change to users: lists, the changed user and the seats in use are stale. */
function useAfterUserChange(orgId: string) {
  const queryClient = useQueryClient();
  return async (user: UserView | null, id?: string) => {
    if (user) queryClient.setQueryData(userKeys.detail(orgId, user.id), user);
    else if (id) queryClient.removeQueries({ queryKey: userKeys.detail(orgId, id) });
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: userKeys.lists(orgId) }),
      queryClient.invalidateQueries({ queryKey: userKeys.deleted(orgId) }),
      queryClient.invalidateQueries({ queryKey: licenseKeys.org(orgId) }),
    ]);
  };
}

export function useCreateUser(orgId: string) {
  const after = useAfterUserChange(orgId);
  return useMutation({
    mutationFn: (body: CreateUserBody) => createUser(orgId, body),
    onSuccess: (user) => after(user),
  });
}

export function useUpdateUser(orgId: string, id: string) {
  const after = useAfterUserChange(orgId);
  return useMutation({
    mutationFn: (body: UpdateUserBody) => updateUser(orgId, id, body),
    onSuccess: (user) => after(user),
  });
}

export function useUserAction(orgId: string) {
  const after = useAfterUserChange(orgId);
  return useMutation({
    mutationFn: ({ id, action, message }: { id: string; action: UserAction; message?: string }) => runUserAction(orgId, id, action, message),
    onSuccess: (user, { id, action }) => after(user, action === 'delete' ? id : undefined),
  });
}

/** Issue 14 item 10: one action on the selected users; every changed user's cached page is stale afterwards. */
export function useBulkUserAction(orgId: string) {
  const queryClient = useQueryClient();
  const after = useAfterUserChange(orgId);
  return useMutation({
    mutationFn: ({ action, target }: { action: BulkUserAction; target: BulkTarget }) => runBulkAction(orgId, action, target),
    onSuccess: async (result) => {
      for (const { id } of result.results) queryClient.removeQueries({ queryKey: userKeys.detail(orgId, id) });
      await after(null);
    },
  });
}

export function useDeletedUsers(orgId: string, enabled: boolean) {
  return useQuery({ queryKey: userKeys.deleted(orgId), queryFn: ({ signal }) => fetchDeletedUsers(orgId, signal), enabled });
}

export function useRestoreDeletedUser(orgId: string) {
  const after = useAfterUserChange(orgId);
  return useMutation({ mutationFn: (id: string) => restoreDeletedUser(orgId, id), onSuccess: (user) => after(user) });
}

/** Whether to offer user administration here: operators and the organisation's system administrators (GET /me). */
export { isOrgAdmin } from '../auth/rights';
