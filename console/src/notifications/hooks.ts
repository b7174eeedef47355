import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { fetchNotifications, markAllRead, markRead, notificationKeys } from './api';

/** How often the bell asks for news: a finished job shows up within this time without a reload. */
const POLL_MS = 10_000;

/** A page of the caller's notifications; the first page refreshes itself, so the bell's count stays current. */
export function useNotifications(cursor: string | null, limit: number, enabled = true) {
  return useQuery({
    queryKey: notificationKeys.list(cursor, limit),
    queryFn: ({ signal }) => fetchNotifications({ cursor, limit }, signal),
    placeholderData: keepPreviousData,
    refetchInterval: cursor === null ? POLL_MS : false,
    enabled,
  });
}

export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => markRead(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

export function useMarkAllRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => markAllRead(),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}
