import { api } from '../shared/http';
import type { Page } from '../shared/page';

/** SPEC §4 Notification; `summary` holds facts worded in the reader's language by NotificationText. */
export interface Notification {
  id: string;
  kind: 'access_job_finished' | 'conversion_applied';
  read: boolean;
  createdAt: string;
  orgId: string | null;
  subject: { type: 'access_job' | 'org'; id: string };
  summary: {
    operation?: 'grant' | 'revoke_clients' | 'revoke_programs';
    status?: 'done' | 'failed';
    total?: number;
    counts?: Record<string, number>;
    orgName?: string;
    users?: number;
    persons?: number;
    deactivated?: number;
  };
}

export type NotificationPage = Page<Notification> & { unread: number };

export const notificationKeys = {
  all: ['notifications'] as const,
  list: (cursor: string | null, limit: number) => [...notificationKeys.all, 'list', { cursor, limit }] as const,
};

export function fetchNotifications(params: { cursor: string | null; limit: number }, signal?: AbortSignal): Promise<NotificationPage> {
  return api('/notifications', { query: params, signal });
}

export function markRead(id: string): Promise<Notification> {
  return api(`/notifications/${encodeURIComponent(id)}/read`, { method: 'POST' });
}

export function markAllRead(): Promise<{ marked: number }> {
  return api('/notifications/read-all', { method: 'POST' });
}

/** Where opening a notification leads: the job's result, or the converted organisation. */
export function notificationTarget(n: Notification): string {
  if (n.subject.type === 'access_job' && n.orgId) return `/orgs/${n.orgId}/access-jobs/${n.subject.id}`;
  if (n.subject.type === 'org') return `/orgs/${n.subject.id}`;
  return '/notifications';
}
