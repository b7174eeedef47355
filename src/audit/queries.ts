import { sql } from 'kysely';
import type { Queryable } from '../kernel/db.js';

/** Newest first, keyset on (at, id). */
export function listAuditEvents(db: Queryable, orgId: string, limit: number, after: [string, string] | null, action?: string) {
  return db.selectFrom('audit_events').selectAll()
    .where('org_id', '=', orgId)
    .$if(!!action, (qb) => qb.where('action', 'like', `${action!.replace(/[\\%_]/g, (c) => `\\${c}`)}%`))
    .$if(after !== null, (qb) => qb.where(sql<boolean>`(at, id) < (${new Date(after![0])}, ${after![1]})`))
    .orderBy('at', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
}

export async function countAuditEvents(db: Queryable, orgId: string, action?: string) {
  const r = await db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('org_id', '=', orgId)
    .$if(!!action, (qb) => qb.where('action', 'like', `${action!.replace(/[\\%_]/g, (c) => `\\${c}`)}%`))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
