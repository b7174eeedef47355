import { api } from '../shared/http';
import type { MailStatus } from '../shared/enums';
import type { Page } from '../shared/page';

export type { MailStatus };

export interface Mail {
  id: string;
  orgId: string | null;
  to: string;
  subject: string;
  text: string;
  html: string;
  status: MailStatus;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  sentAt: string | null;
}

export const mailKeys = {
  all: ['mail'] as const,
  outbox: (cursor: string | null, limit: number) => [...mailKeys.all, 'outbox', { cursor, limit }] as const,
};

/** The outbox, newest first (R-K3); with the dev mailbox on, where unsent mail is read. */
export function fetchOutbox(params: { cursor: string | null; limit: number }, signal?: AbortSignal): Promise<Page<Mail>> {
  return api('/mail/outbox', { query: params, signal });
}

export function retryMail(mailId: string): Promise<void> {
  return api(`/mail/outbox/${encodeURIComponent(mailId)}/retry`, { method: 'POST' });
}
