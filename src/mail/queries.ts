import { sql } from 'kysely';
import type { Queryable } from '../kernel/db.js';
import { countRows, keysetQuery, type Keyset, type Position } from '../kernel/pagination.js';

/** Newest first. */
export const OUTBOX_KEYSET: Keyset = { column: 'created_at', kind: 'time', order: 'desc' };

export function listOutbox(db: Queryable, limit: number, after: Position | null) {
  return keysetQuery(db.selectFrom('mail_outbox').selectAll(), OUTBOX_KEYSET, after)
    .limit(limit + 1)
    .execute();
}

export function countOutbox(db: Queryable) {
  return countRows(db.selectFrom('mail_outbox'));
}

export function requeueFailedMail(db: Queryable, id: string) {
  return db
    .updateTable('mail_outbox')
    .set({ status: 'pending', next_attempt_at: sql`now()`, last_error: null })
    .where('id', '=', id)
    .where('status', '=', 'failed')
    .returning(['id', 'org_id', 'to_address'])
    .executeTakeFirst();
}
