import type { Queryable } from '../kernel/db.js';
import { countRows, keysetQuery, likePrefix, type Keyset, type Position } from '../kernel/pagination.js';

/** Newest first (index (org_id, at DESC, id DESC)). */
export const AUDIT_KEYSET: Keyset = { column: 'at', kind: 'time', order: 'desc' };

/** An organisation's events, those whose action starts with `action` when given. */
function filtered(db: Queryable, orgId: string, action: string | undefined) {
  return db
    .selectFrom('audit_events')
    .where('org_id', '=', orgId)
    .$if(!!action, (qb) => qb.where('action', 'like', likePrefix(action!)));
}

export function listAuditEvents(db: Queryable, orgId: string, limit: number, after: Position | null, action?: string) {
  return keysetQuery(filtered(db, orgId, action).selectAll(), AUDIT_KEYSET, after)
    .limit(limit + 1)
    .execute();
}

export function countAuditEvents(db: Queryable, orgId: string, action?: string) {
  return countRows(filtered(db, orgId, action));
}
