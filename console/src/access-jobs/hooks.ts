import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  accessJobKeys,
  fetchAccessJob,
  fetchAccessJobs,
  fetchClients,
  fetchConsultants,
  fetchJobResults,
  previewAccessJob,
  startAccessJob,
  type AccessJobBody,
  type AccessJobOutcome,
} from './api';

/** Progress is asked for every second while the job runs (the "at least once a second"). */
const PROGRESS_MS = 1_000;

export function useAccessJob(id: string) {
  return useQuery({
    queryKey: accessJobKeys.detail(id),
    queryFn: ({ signal }) => fetchAccessJob(id, signal),
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status === 'done' || status === 'failed' ? false : PROGRESS_MS;
    },
  });
}

export function useAccessJobs(agencyId: string, cursor: string | null) {
  return useQuery({
    queryKey: accessJobKeys.list(agencyId, cursor),
    queryFn: ({ signal }) => fetchAccessJobs(agencyId, cursor, signal),
    placeholderData: keepPreviousData,
    refetchInterval: (query) => (query.state.data?.items.some((j) => j.status === 'queued' || j.status === 'running') ? PROGRESS_MS * 2 : false),
  });
}

export function useJobResults(id: string, outcome: AccessJobOutcome | null, cursor: string | null, enabled: boolean) {
  return useQuery({
    queryKey: accessJobKeys.results(id, outcome, cursor),
    queryFn: ({ signal }) => fetchJobResults(id, outcome, cursor, signal),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useClients(agencyId: string, q: string, cursor: string | null) {
  return useQuery({
    queryKey: accessJobKeys.clients(agencyId, q, cursor),
    queryFn: ({ signal }) => fetchClients(agencyId, q, cursor, 25, signal),
    placeholderData: keepPreviousData,
  });
}

export function useConsultants(agencyId: string, enabled = true) {
  return useQuery({ queryKey: accessJobKeys.consultants(agencyId), queryFn: ({ signal }) => fetchConsultants(agencyId, signal), enabled });
}

export function usePreviewAccessJob(agencyId: string) {
  return useMutation({ mutationFn: (body: AccessJobBody) => previewAccessJob(agencyId, body) });
}

export function useStartAccessJob(agencyId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AccessJobBody) => startAccessJob(agencyId, body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: accessJobKeys.all }),
  });
}
