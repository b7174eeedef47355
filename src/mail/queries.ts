import { sql } from 'kysely';
import type { Queryable } from '../kernel/db.js';

export function listOutbox(db: Queryable, limit: number, after: [string, string] | null) {
  return db.selectFrom('mail_outbox').selectAll()
    .$if(after !== null, (qb) => qb.where(sql<boolean>`(created_at, id) < (${new Date(after![0])}, ${after![1]})`))
    .orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
}

export async function countOutbox(db: Queryable) {
  return Number((await db.selectFrom('mail_outbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
}

export function requeueFailedMail(db: Queryable, id: string) {
  return db.updateTable('mail_outbox').set({ status: 'pending', next_attempt_at: sql`now()`, last_error: null })
    .where('id', '=', id).where('status', '=', 'failed').returning(['id', 'org_id', 'to_address']).executeTakeFirst();
}
