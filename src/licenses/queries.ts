import { sql } from 'kysely';
import type { Queryable } from '../kernel/db.js';

/** Locks the pools of the given modules in a fixed order (no deadlocks between concurrent changes). */
export function lockPools(db: Queryable, orgId: string, modules: string[]) {
  return db
    .selectFrom('license_pools')
    .select(['module_key', 'seats', 'in_use'])
    .where('org_id', '=', orgId)
    .where('module_key', 'in', modules)
    .orderBy('module_key')
    .forUpdate()
    .execute();
}

export async function ensurePools(db: Queryable, orgId: string, modules: string[]) {
  if (!modules.length) return;
  await db
    .insertInto('license_pools')
    .values(modules.map((m) => ({ org_id: orgId, module_key: m, seats: 0 })))
    .onConflict((oc) => oc.columns(['org_id', 'module_key']).doNothing())
    .execute();
}

export async function addInUse(db: Queryable, orgId: string, module: string, delta: number) {
  await db
    .updateTable('license_pools')
    .set({ in_use: sql`in_use + ${delta}` })
    .where('org_id', '=', orgId)
    .where('module_key', '=', module)
    .execute();
}

export async function setSeats(db: Queryable, orgId: string, module: string, seats: number) {
  await db.updateTable('license_pools').set({ seats }).where('org_id', '=', orgId).where('module_key', '=', module).execute();
}

export function listPools(db: Queryable, orgId: string) {
  return db
    .selectFrom('license_pools as lp')
    .innerJoin('modules as m', 'm.key', 'lp.module_key')
    .select(['lp.module_key', 'lp.seats', 'lp.in_use'])
    .where('lp.org_id', '=', orgId)
    .where('m.licensed', '=', true)
    .orderBy('m.sort_order')
    .execute();
}

export async function insertOrder(
  db: Queryable,
  row: { orgId: string; id: string; byAccountId: string; byName: string; changes: Record<string, { from: number; to: number }> },
) {
  return db
    .insertInto('license_orders')
    .values({ org_id: row.orgId, id: row.id, by_account_id: row.byAccountId, by_name: row.byName, changes: JSON.stringify(row.changes) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function listOrders(db: Queryable, orgId: string) {
  return db.selectFrom('license_orders').selectAll().where('org_id', '=', orgId).orderBy('at', 'desc').limit(500).execute();
}

/** Seats in use recomputed from the memberships (R-B1), for verification; the pools keep the running count. */
export async function countSeatsFromScratch(db: Queryable, orgId: string): Promise<Record<string, number>> {
  const rows = await sql<{ module_key: string; n: number }>`
    SELECT e.module_key, count(DISTINCT e.membership_id)::int AS n FROM (
      SELECT mm.membership_id, mm.module_key FROM membership_modules mm WHERE mm.org_id = ${orgId}
      UNION
      SELECT mp.membership_id, pm.module_key FROM membership_packages mp JOIN package_modules pm ON pm.package_key = mp.package_key WHERE mp.org_id = ${orgId}
    ) e
    JOIN memberships m ON m.org_id = ${orgId} AND m.id = e.membership_id
    JOIN modules mo ON mo.key = e.module_key AND mo.licensed
    WHERE m.type IN ('employee', 'external', 'reseller') AND m.status IN ('invited', 'active')
    GROUP BY e.module_key`.execute(db);
  return Object.fromEntries(rows.rows.map((r) => [r.module_key, Number(r.n)]));
}

/** The pools of `modules` in many organisations, created when missing, locked in (org, module) order. */
export async function lockPoolsBulk(db: Queryable, orgIds: string[], modules: string[]) {
  if (!orgIds.length || !modules.length) return [];
  await sql`insert into license_pools (org_id, module_key, seats)
    select o, m, 0 from unnest(${orgIds}::uuid[]) o cross join unnest(${modules}::text[]) m
    on conflict do nothing`.execute(db);
  return db
    .selectFrom('license_pools')
    .select(['org_id', 'module_key', 'seats', 'in_use'])
    .where('org_id', 'in', orgIds)
    .where('module_key', 'in', modules)
    .orderBy('org_id')
    .orderBy('module_key')
    .forUpdate()
    .execute();
}

/** Pools of many organisations, unlocked (previews). */
export function readPoolsBulk(db: Queryable, orgIds: string[], modules: string[]) {
  if (!orgIds.length || !modules.length) return Promise.resolve([]);
  return db
    .selectFrom('license_pools')
    .select(['org_id', 'module_key', 'seats', 'in_use'])
    .where('org_id', 'in', orgIds)
    .where('module_key', 'in', modules)
    .execute();
}

export async function addInUseBulk(db: Queryable, rows: { org_id: string; module_key: string; delta: number }[]) {
  if (!rows.length) return;
  await sql`update license_pools p set in_use = p.in_use + v.delta
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(org_id uuid, module_key text, delta int)
    where p.org_id = v.org_id and p.module_key = v.module_key`.execute(db);
}
