import { z } from 'zod';
import { NOTIFICATION_KINDS, NOTIFICATION_SUBJECTS } from '../kernel/enums.js';
import { CursorQuery, LimitQuery, pageOf } from '../kernel/pagination.js';

/**
 * SPEC §4 Notification. `summary` holds the facts the console words in the reader's language (a job's counts per
 * outcome, a conversion's numbers of users), never a sentence in one language; `orgId` is the organisation the
 * subject belongs to, for the link to it.
 */
export const NotificationView = z.object({
  id: z.uuid(),
  kind: z.enum(NOTIFICATION_KINDS),
  read: z.boolean(),
  createdAt: z.string(),
  orgId: z.uuid().nullable(),
  subject: z.object({ type: z.enum(NOTIFICATION_SUBJECTS), id: z.uuid() }),
  summary: z.record(z.string(), z.unknown()),
});
export type NotificationView = z.infer<typeof NotificationView>;

export const NotificationPage = pageOf(NotificationView).extend({ unread: z.number().int() });
export const NotificationQuery = z.strictObject({
  limit: LimitQuery,
  cursor: CursorQuery,
  unread: z.enum(['true', 'false']).optional(),
});
export type NotificationQuery = z.infer<typeof NotificationQuery>;
export const NotificationParams = z.object({ id: z.uuid() });
