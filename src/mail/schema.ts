import { z } from 'zod';
import { MAIL_STATUSES } from '../kernel/enums.js';
import { CursorQuery, LimitQuery, pageOf } from '../kernel/pagination.js';

export const MailView = z.object({
  id: z.string(),
  orgId: z.string().nullable(),
  to: z.string(),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  status: z.enum(MAIL_STATUSES),
  attempts: z.number(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export const MailPage = pageOf(MailView);
export const OutboxQuery = z.strictObject({ limit: LimitQuery, cursor: CursorQuery });
export type OutboxQuery = z.infer<typeof OutboxQuery>;
export const MailParams = z.object({ id: z.uuid() });
