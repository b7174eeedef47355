import { sql } from 'kysely';
import type { Queryable } from '../kernel/db.js';

/** Types that hold module access at all (SPEC §2 user types; R-C5: no_access and person hold none). */
export const ACCESS_TYPES = ['employee', 'external', 'reseller'] as const;

/**
 * The caller's active, currently valid membership in an organisation with its effective modules
 * (direct grants ∪ package modules) and the modules it administers. Null when there is none.
 */
export async function findActiveMembershipRights(db: Queryable, orgId: string, accountId: string, today: string) {
  const m = await db.selectFrom('memberships').select(['id', 'type', 'status'])
    .where('org_id', '=', orgId).where('account_id', '=', accountId)
    .where('status', '=', 'active')
    .where((eb) => eb.or([eb('valid_from', 'is', null), eb('valid_from', '<=', today)]))
    .where((eb) => eb.or([eb('valid_until', 'is', null), eb('valid_until', '>=', today)]))
    .executeTakeFirst();
  if (!m) return null;
  if (!(ACCESS_TYPES as readonly string[]).includes(m.type)) return { ...m, modules: [] as string[], adminOf: [] as string[] };
  const rows = await db.selectFrom('membership_modules').select(['module_key', 'admin'])
    .where('org_id', '=', orgId).where('membership_id', '=', m.id)
    .union(
      db.selectFrom('membership_packages as mp').innerJoin('package_modules as pm', 'pm.package_key', 'mp.package_key')
        .select(['pm.module_key', sql<boolean>`false`.as('admin')])
        .where('mp.org_id', '=', orgId).where('mp.membership_id', '=', m.id),
    )
    .execute();
  return {
    ...m,
    modules: [...new Set(rows.map((r) => r.module_key))],
    adminOf: rows.filter((r) => r.admin).map((r) => r.module_key),
  };
}

/** Organisations where the account is system administrator (holds user-admin, directly or by package). */
export function adminOrgIds(db: Queryable, accountId: string, today: string) {
  return db.selectFrom('memberships as m')
    .select('m.org_id')
    .where('m.account_id', '=', accountId).where('m.status', '=', 'active')
    .where('m.type', 'in', ACCESS_TYPES)
    .where((eb) => eb.or([eb('m.valid_until', 'is', null), eb('m.valid_until', '>=', today)]))
    .where((eb) => eb.or([
      eb.exists(eb.selectFrom('membership_modules as mm').select(sql`1`.as('x'))
        .whereRef('mm.org_id', '=', 'm.org_id').whereRef('mm.membership_id', '=', 'm.id').where('mm.module_key', '=', 'user-admin')),
      eb.exists(eb.selectFrom('membership_packages as mp').innerJoin('package_modules as pm', 'pm.package_key', 'mp.package_key')
        .select(sql`1`.as('x'))
        .whereRef('mp.org_id', '=', 'm.org_id').whereRef('mp.membership_id', '=', 'm.id').where('pm.module_key', '=', 'user-admin')),
    ]));
}

/** Organisations the account can open: active membership, contract ownership, or clients of an agency it administers. */
export function visibleOrgIds(db: Queryable, accountId: string, today: string) {
  return db.selectFrom('orgs').select('id')
    .where((eb) => eb.or([
      eb('id', 'in', eb.selectFrom('memberships').select('org_id')
        .where('account_id', '=', accountId).where('status', '=', 'active')
        .where((e) => e.or([e('valid_until', 'is', null), e('valid_until', '>=', today)]))),
      eb('contract_owner_account_id', '=', accountId),
      eb('agency_id', 'in', adminOrgIds(db, accountId, today)),
    ]));
}

export async function findOrgAgency(db: Queryable, orgId: string) {
  return db.selectFrom('orgs').select(['id', 'kind', 'agency_id', 'contract_owner_account_id']).where('id', '=', orgId).executeTakeFirst();
}
