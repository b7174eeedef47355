import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { fetchOutbox, mailKeys, retryMail } from './api';

/** The first page refreshes itself, so new mail shows up while one waits for it. */
export function useOutbox(cursor: string | null, limit: number, enabled: boolean) {
  return useQuery({
    queryKey: mailKeys.outbox(cursor, limit),
    queryFn: ({ signal }) => fetchOutbox({ cursor, limit }, signal),
    placeholderData: keepPreviousData,
    refetchInterval: cursor === null ? 5000 : false,
    enabled,
  });
}

export function useRetryMail() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (mailId: string) => retryMail(mailId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: mailKeys.all }),
  });
}
