import type { Selectable } from 'kysely';
import type { Ctx } from '../kernel/auth-context.js';
import { requireActor } from '../kernel/auth-context.js';
import { newId } from '../kernel/crypto.js';
import type { Queryable } from '../kernel/db.js';
import type { NotificationsTable } from '../kernel/db-types.js';
import type { NotificationKind } from '../kernel/enums.js';
import { AppError } from '../kernel/errors.js';
import { decodePosition, keysetPage } from '../kernel/pagination.js';
import * as q from './queries.js';
import type { NotificationQuery, NotificationView } from './schema.js';

/** What a capability tells an account when its background work ends (R-K2). */
export interface NewNotification {
  accountId: string;
  kind: NotificationKind;
  /** The organisation the subject belongs to: the agency of a job, the converted organisation. */
  orgId: string | null;
  subject: { type: 'access_job' | 'org'; id: string };
  /** Facts for the console to word in the reader's language (counts per outcome, numbers of users …). */
  summary: Record<string, string | number | boolean | null | Record<string, number>>;
}

/**
 * Writes a notification inside the caller's transaction, so it exists exactly when the work it reports committed
 * (a job's last item, a conversion's apply). Returns its id.
 */
export async function notify(db: Queryable, n: NewNotification, at: Date): Promise<string> {
  const id = newId();
  await q.insertNotification(db, {
    id,
    accountId: n.accountId,
    kind: n.kind,
    orgId: n.orgId,
    subjectType: n.subject.type,
    subjectId: n.subject.id,
    summary: n.summary,
    createdAt: at,
  });
  return id;
}

type Row = Selectable<NotificationsTable>;

function view(r: Row): NotificationView {
  return {
    id: r.id,
    kind: r.kind,
    read: r.read_at !== null,
    createdAt: r.created_at.toISOString(),
    orgId: r.org_id,
    subject: { type: r.subject_type, id: r.subject_id },
    summary: r.summary,
  };
}

/**
 * GET /notifications: the caller's own notifications, newest first, with the unread count the console's bell shows.
 * A notification belongs to one account: nobody, an operator included, reads another's.
 */
export async function listNotifications(ctx: Ctx, query: NotificationQuery) {
  const actor = requireActor(ctx);
  const unreadOnly = query.unread === 'true';
  const after = decodePosition(query.cursor, q.NOTIFICATION_KEYSET)?.after ?? null;
  const rows = await q.listNotificationRows(ctx.db, actor.accountId, unreadOnly, query.limit, after);
  const [total, unread] = await Promise.all([
    q.countNotifications(ctx.db, actor.accountId, unreadOnly),
    unreadOnly ? null : q.countNotifications(ctx.db, actor.accountId, true),
  ]);
  const page = await keysetPage(rows, { limit: query.limit, key: q.NOTIFICATION_KEYSET, total, items: (p) => p.map(view) });
  return { ...page, unread: unread ?? total };
}

/** POST /notifications/{id}/read. Another account's notification is not found (R-J1). */
export async function readNotification(ctx: Ctx, id: string): Promise<NotificationView> {
  const actor = requireActor(ctx);
  const row = await q.markNotificationRead(ctx.db, actor.accountId, id, ctx.clock.now());
  if (!row) throw new AppError('not_found');
  return view(row);
}

/** POST /notifications/read-all: every unread notification of the caller; answers how many were marked. */
export async function readAllNotifications(ctx: Ctx) {
  const actor = requireActor(ctx);
  return { marked: await q.markAllNotificationsRead(ctx.db, actor.accountId, ctx.clock.now()) };
}
