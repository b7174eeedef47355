import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Me } from '../auth/api';
import type { Org } from '../orgs/api';
import { isApiError } from '../shared/api-error';
import { fetchLicenses, fetchSeats, licenseKeys, placeLicenseOrder, type SeatProblemModule } from './api';

export function useLicenses(orgId: string) {
  return useQuery({ queryKey: licenseKeys.org(orgId), queryFn: ({ signal }) => fetchLicenses(orgId, signal) });
}

/** Free seats per module now (issue 14: the seat impact of a change before it is sent); fresh each time it is shown. */
export function useSeats(orgId: string, enabled = true) {
  return useQuery({ queryKey: licenseKeys.seats(orgId), queryFn: ({ signal }) => fetchSeats(orgId, signal), enabled, staleTime: 0, refetchOnMount: 'always' });
}

export function usePlaceLicenseOrder(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (seats: Record<string, number>) => placeLicenseOrder(orgId, seats),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: licenseKeys.org(orgId) }),
  });
}

/** R-B5: administrators, operators and the contract owner (even without being a member) manage licenses. */
export function canManageLicenses(me: Me | null | undefined, org: Org): boolean {
  if (!me) return false;
  if (me.operator || org.contractOwnerAccountId === me.account.id || org.myAccess?.admin) return true;
  return me.organisations.some((o) => o.id === org.id && o.admin);
}

/** The modules a license_limit_reached / license_in_use problem names, or an empty list. */
export function seatProblemModules(error: unknown): SeatProblemModule[] {
  if (!isApiError(error) || (error.code !== 'license_limit_reached' && error.code !== 'license_in_use')) return [];
  const modules = error.body.modules;
  if (!Array.isArray(modules)) return [];
  return modules.filter((m): m is SeatProblemModule => Boolean(m) && typeof m === 'object' && typeof (m as SeatProblemModule).module === 'string');
}
