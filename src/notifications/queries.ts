import type { Queryable } from '../kernel/db.js';
import type { NotificationKind, NotificationSubjectType } from '../kernel/db-types.js';
import { countRows, keysetQuery, type Keyset, type Position } from '../kernel/pagination.js';

/** Newest first (index (account_id, created_at DESC, id DESC)). */
export const NOTIFICATION_KEYSET: Keyset = { column: 'created_at', kind: 'time', order: 'desc' };

export interface NotificationRow {
  id: string;
  accountId: string;
  kind: NotificationKind;
  orgId: string | null;
  subjectType: NotificationSubjectType;
  subjectId: string;
  summary: Record<string, unknown>;
  createdAt: Date;
}

export async function insertNotification(db: Queryable, n: NotificationRow) {
  await db
    .insertInto('notifications')
    .values({
      account_id: n.accountId,
      id: n.id,
      kind: n.kind,
      org_id: n.orgId,
      subject_type: n.subjectType,
      subject_id: n.subjectId,
      summary: JSON.stringify(n.summary),
      created_at: n.createdAt,
    })
    .execute();
}

function recipients(db: Queryable, accountId: string, unreadOnly: boolean) {
  return db
    .selectFrom('notifications')
    .where('account_id', '=', accountId)
    .$if(unreadOnly, (qb) => qb.where('read_at', 'is', null));
}

export function listNotificationRows(db: Queryable, accountId: string, unreadOnly: boolean, limit: number, after: Position | null) {
  return keysetQuery(recipients(db, accountId, unreadOnly).selectAll(), NOTIFICATION_KEYSET, after)
    .limit(limit + 1)
    .execute();
}

export const countNotifications = (db: Queryable, accountId: string, unreadOnly: boolean) => countRows(recipients(db, accountId, unreadOnly));

/** Marks one of the account's notifications read (once: the first reading time stays). Undefined when not theirs. */
export function markNotificationRead(db: Queryable, accountId: string, id: string, at: Date) {
  return db
    .updateTable('notifications')
    .set((eb) => ({ read_at: eb.fn.coalesce('read_at', eb.val(at)) }))
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function markAllNotificationsRead(db: Queryable, accountId: string, at: Date) {
  const r = await db.updateTable('notifications').set({ read_at: at }).where('account_id', '=', accountId).where('read_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}
