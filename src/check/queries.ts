import { sql } from 'kysely';
import type { Queryable } from '../kernel/db.js';

/** What the check needs of one membership of an account: the access-rule fields, the account's, and its grants. */
export interface AccessRow {
  org_id: string;
  account_id: string;
  type: string;
  status: string;
  valid_from: string | null;
  valid_until: string | null;
  active: boolean;
  login_valid_until: string | null;
  packages: string[] | null;
  modules: string[] | null;
}

const packagesJson = sql<string[] | null>`(select json_agg(mp.package_key) from membership_packages mp where mp.org_id = m.org_id and mp.membership_id = m.id)`;
const modulesJson = sql<string[] | null>`(select json_agg(mm.module_key) from membership_modules mm where mm.org_id = m.org_id and mm.membership_id = m.id)`;

function accessRows(db: Queryable) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('accounts as a', 'a.id', 'm.account_id')
    .select([
      'm.org_id',
      'm.account_id',
      'm.type',
      'm.status',
      'm.valid_from',
      'm.valid_until',
      'a.active',
      'a.login_valid_until',
      packagesJson.as('packages'),
      modulesJson.as('modules'),
    ]);
}

/** The memberships of the (orgId, accountId) pairs, at most one each (absent: no membership). */
export async function findAccessRows(db: Queryable, pairs: readonly { orgId: string; accountId: string }[]): Promise<AccessRow[]> {
  if (!pairs.length) return [];
  const orgIds = pairs.map((p) => p.orgId);
  const accountIds = pairs.map((p) => p.accountId);
  const rows = await accessRows(db)
    .where(sql<boolean>`(m.account_id, m.org_id) in (select * from unnest(${sql.val(accountIds)}::uuid[], ${sql.val(orgIds)}::uuid[]))`)
    .execute();
  return rows as AccessRow[];
}

/** Every membership of an account in keyset batches (after the last org id), for warming the cache. */
export async function accessRowsPage(db: Queryable, after: { orgId: string; accountId: string } | null, limit: number): Promise<AccessRow[]> {
  let q = accessRows(db).where('m.account_id', 'is not', null);
  if (after) q = q.where(sql<boolean>`(m.org_id, m.account_id) > (${after.orgId}::uuid, ${after.accountId}::uuid)`);
  return (await q.orderBy('m.org_id').orderBy('m.account_id').limit(limit).execute()) as AccessRow[];
}

/** One page of an account's memberships for GET /accounts/{id}/access, ordered by organisation name then id. */
export function accountMembershipsPage(db: Queryable, accountId: string, after: [string, string] | null, limit: number | null) {
  let q = db
    .selectFrom('memberships as m')
    .innerJoin('orgs as o', 'o.id', 'm.org_id')
    .innerJoin('accounts as a', 'a.id', 'm.account_id')
    .select([
      'm.org_id',
      'm.id',
      'o.name as org_name',
      'm.type',
      'm.status',
      'm.valid_from',
      'm.valid_until',
      'a.active',
      'a.login_valid_until',
      packagesJson.as('packages'),
      modulesJson.as('modules'),
      sql<{ scope: 'org' | 'project' | 'site'; targetId: string; role: string }[] | null>`(
        select json_agg(json_build_object('scope', r.scope, 'targetId', r.target_id, 'role', r.role) order by r.scope, r.target_id, r.role)
        from membership_roles r where r.org_id = m.org_id and r.membership_id = m.id)`.as('roles'),
    ])
    .where('m.account_id', '=', accountId);
  if (after) q = q.where(sql<boolean>`(o.name, o.id) > (${after[0]}, ${after[1]}::uuid)`);
  q = q.orderBy('o.name').orderBy('o.id');
  return (limit === null ? q : q.limit(limit + 1)).execute();
}

/** Counts an account's memberships (the access list's total). */
export async function countAccountMemberships(db: Queryable, accountId: string): Promise<number> {
  const r = await db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function accountExists(db: Queryable, accountId: string): Promise<boolean> {
  return !!(await db.selectFrom('accounts').select('id').where('id', '=', accountId).executeTakeFirst());
}
