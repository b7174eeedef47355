import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { orgKeys } from '../orgs/api';
import {
  abandonConversion,
  applyConversion,
  conversionKeys,
  editPlanUser,
  fetchConflicts,
  fetchConversion,
  fetchDeactivations,
  fetchPlanUsers,
  importLegacy,
  openConversion,
  resolveConflict,
  setStep,
  type Conversion,
  type Decision,
  type Grant,
  type LegacyImport,
  type PlanUserType,
  type WizardStep,
} from './api';

/** The conversion of an organisation; a 404 (none opened yet) is an answer, not a retry. */
export function useConversion(orgId: string) {
  return useQuery({
    queryKey: conversionKeys.detail(orgId),
    queryFn: ({ signal }) => fetchConversion(orgId, signal),
    retry: false,
  });
}

export function useConflicts(orgId: string, cursor: string | null, version: number) {
  return useQuery({
    queryKey: [...conversionKeys.conflicts(orgId, cursor), version],
    queryFn: ({ signal }) => fetchConflicts(orgId, cursor, signal),
    placeholderData: keepPreviousData,
  });
}

export function usePlanUsers(orgId: string, q: string, cursor: string | null, version: number) {
  return useQuery({
    queryKey: [...conversionKeys.users(orgId, q, cursor), version],
    queryFn: ({ signal }) => fetchPlanUsers(orgId, q, cursor, signal),
    placeholderData: keepPreviousData,
  });
}

export function useDeactivations(orgId: string, cursor: string | null) {
  return useQuery({
    queryKey: conversionKeys.deactivations(orgId, cursor),
    queryFn: ({ signal }) => fetchDeactivations(orgId, cursor, signal),
    placeholderData: keepPreviousData,
  });
}

/** Every change answers the whole conversion: it replaces the cached one. */
function useConversionMutation<T>(orgId: string, fn: (input: T) => Promise<Conversion>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (conversion) => queryClient.setQueryData(conversionKeys.detail(orgId), conversion),
  });
}

export const useOpenConversion = (orgId: string) => useConversionMutation(orgId, () => openConversion(orgId));
export const useSetStep = (orgId: string) => useConversionMutation(orgId, (step: WizardStep) => setStep(orgId, step));
export const useResolveConflict = (orgId: string) =>
  useConversionMutation(orgId, (input: { conflictId: string; decisions: Decision[] }) => resolveConflict(orgId, input.conflictId, input.decisions));
export const useEditPlanUser = (orgId: string) =>
  useConversionMutation(orgId, (input: { key: string; type?: PlanUserType; packages?: string[]; modules?: Grant[] }) => {
    const { key, ...body } = input;
    return editPlanUser(orgId, key, body);
  });

export function useAbandonConversion(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => abandonConversion(orgId),
    onSuccess: () => queryClient.removeQueries({ queryKey: conversionKeys.detail(orgId) }),
  });
}

export function useApplyConversion(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { version: number; orderMissingSeats: boolean }) => applyConversion(orgId, input.version, input.orderMissingSeats),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: conversionKeys.detail(orgId) });
      await queryClient.invalidateQueries({ queryKey: orgKeys.all });
    },
  });
}

export function useImportLegacy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LegacyImport) => importLegacy(body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: orgKeys.lists() }),
  });
}
