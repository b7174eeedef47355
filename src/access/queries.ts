import { sql, type Expression, type ExpressionBuilder, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { DB, Queryable } from '../kernel/db.js';
import { accountAccessSql, membershipAccessSql } from './effective.js';

type M = ExpressionBuilder<DB & { m: DB['memberships'] }, 'm'>;

/** The membership `m` holds the module `key`, directly or through a package. */
function holdsModuleSql(eb: M, key: string): Expression<SqlBool> {
  return eb.or([
    eb.exists(
      eb
        .selectFrom('membership_modules as mm')
        .select(sql`1`.as('x'))
        .whereRef('mm.org_id', '=', 'm.org_id')
        .whereRef('mm.membership_id', '=', 'm.id')
        .where('mm.module_key', '=', key),
    ),
    eb.exists(
      eb
        .selectFrom('membership_packages as mp')
        .innerJoin('package_modules as pm', 'pm.package_key', 'mp.package_key')
        .select(sql`1`.as('x'))
        .whereRef('mp.org_id', '=', 'm.org_id')
        .whereRef('mp.membership_id', '=', 'm.id')
        .where('pm.module_key', '=', key),
    ),
  ]);
}

/** Organisations where the account is system administrator now (holds user-admin under the access rule). */
export function adminOrgIdsOf(db: Queryable, accountId: string, today: string) {
  return db
    .selectFrom('memberships as m')
    .select('m.org_id')
    .where('m.account_id', '=', accountId)
    .where((eb) => membershipAccessSql(eb, 'm', today, { modules: true }))
    .where((eb) => holdsModuleSql(eb, 'user-admin'));
}

/**
 * Agencies the account administers now. Its memberships in agencies are found first (a materialised step: PostgreSQL
 * may not push the grant lookups below it), and only those are asked about user-admin — a consultant in thousands of
 * client organisations costs index entries, never a scan of the platform's user-admin grants.
 */
export function administeredAgencyIdsOf(db: Queryable, accountId: string, today: string) {
  return db
    .with(
      (w) => w('agency_memberships').materialized(),
      (d) =>
        d
          .selectFrom('memberships as m')
          .innerJoin('orgs as a', 'a.id', 'm.org_id')
          .select(['m.org_id', 'm.id'])
          .where('a.kind', '=', 'agency')
          .where('m.account_id', '=', accountId)
          .where((eb) => membershipAccessSql(eb as never, 'm', today, { modules: true })),
    )
    .selectFrom('agency_memberships as m')
    .select('m.org_id')
    .where((eb) => holdsModuleSql(eb as never, 'user-admin'));
}

/**
 * Organisations the account can open (R-J1): its memberships under the access rule, contracts it owns, and the clients
 * of agencies it administers. A union of three index lookups, so it costs in proportion to the account's own
 * memberships, not to the platform's organisations.
 */
export function visibleOrgIdsOf(db: Queryable, accountId: string, today: string): SelectQueryBuilder<DB, 'orgs' | 'memberships', { id: string }> {
  return db
    .selectFrom('memberships as m')
    .select('m.org_id as id')
    .where('m.account_id', '=', accountId)
    .where((eb) => membershipAccessSql(eb, 'm', today))
    .union(db.selectFrom('orgs').select('id').where('contract_owner_account_id', '=', accountId))
    .union(
      db
        .selectFrom('orgs as c')
        .select('c.id')
        .where('c.agency_id', 'in', administeredAgencyIdsOf(db, accountId, today) as never),
    ) as never;
}

/** Module grants of the membership `m` as JSON [{key, admin}] (direct grants and package modules). */
const grantsJson = sql<{ key: string; admin: boolean }[] | null>`(
  select json_agg(json_build_object('key', g.module_key, 'admin', g.admin))
  from (
    select mm.module_key, mm.admin from membership_modules mm where mm.org_id = m.org_id and mm.membership_id = m.id
    union
    select pm.module_key, false from membership_packages mp join package_modules pm on pm.package_key = mp.package_key
    where mp.org_id = m.org_id and mp.membership_id = m.id
  ) g)`;

/**
 * One statement for the caller's standing in each of `orgIds`: the organisation, the caller's membership there under
 * the access rule with its module grants, and whether it administers the organisation's agency. Organisations that do
 * not exist are absent.
 */
export function findStandingRows(db: Queryable, accountId: string, orgIds: string[], today: string) {
  return db
    .selectFrom('orgs as o')
    .leftJoin('memberships as m', (j) =>
      j
        .onRef('m.org_id', '=', 'o.id')
        .on('m.account_id', '=', accountId)
        .on((eb) => membershipAccessSql(eb as never, 'm', today)),
    )
    .select((eb) => [
      'o.id',
      'o.name',
      'o.kind',
      'o.agency_id',
      'o.contract_owner_account_id',
      'o.require_mfa',
      'm.id as membership_id',
      'm.type as membership_type',
      grantsJson.as('grants'),
      eb
        .exists(
          eb
            .selectFrom('memberships as m')
            .select(sql`1`.as('x'))
            .whereRef('m.org_id', '=', 'o.agency_id')
            .where('m.account_id', '=', accountId)
            .where((e) => membershipAccessSql(e as never, 'm', today, { modules: true }))
            .where((e) => holdsModuleSql(e as never, 'user-admin')),
        )
        .as('agency_admin'),
    ])
    .where('o.id', 'in', orgIds)
    .execute();
}

/**
 * Active system administrators of the organisation now: memberships under the access rule (account part included)
 * that hold user-admin; `among` limits them to some memberships. At most `limit` ids.
 */
export async function administratorIds(db: Queryable, orgId: string, today: string, among: string[] | null, limit: number): Promise<string[]> {
  if (among && !among.length) return [];
  const rows = await db
    .selectFrom('memberships as m')
    .innerJoin('accounts as a', 'a.id', 'm.account_id')
    .select('m.id')
    .where('m.org_id', '=', orgId)
    .$if(among !== null, (qb) => qb.where('m.id', 'in', among!))
    .where((eb) => membershipAccessSql(eb as never, 'm', today, { modules: true }))
    .where((eb) => accountAccessSql(eb as never, 'a', today))
    .where((eb) => holdsModuleSql(eb as never, 'user-admin'))
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** The batch form of administratorIds: every active system administrator of each organisation (org, membership). */
export function administratorsIn(db: Queryable, orgIds: string[], today: string) {
  if (!orgIds.length) return Promise.resolve([] as { org_id: string; id: string }[]);
  return db
    .selectFrom('memberships as m')
    .innerJoin('accounts as a', 'a.id', 'm.account_id')
    .select(['m.org_id', 'm.id'])
    .where('m.org_id', 'in', orgIds)
    .where((eb) => membershipAccessSql(eb as never, 'm', today, { modules: true }))
    .where((eb) => accountAccessSql(eb as never, 'a', today))
    .where((eb) => holdsModuleSql(eb as never, 'user-admin'))
    .execute();
}

/** lockOrgAdministrators for many organisations, in id order (locks always taken in one order). */
export async function lockOrgsAdministrators(db: Queryable, orgIds: string[]) {
  if (!orgIds.length) return;
  await db
    .selectFrom('orgs')
    .select('id')
    .where('id', 'in', [...orgIds].sort())
    .orderBy('id')
    .forNoKeyUpdate()
    .execute();
}

/** Serialises changes that may remove an administrator of one organisation (KEY SHARE from inserts still passes). */
export async function lockOrgAdministrators(db: Queryable, orgId: string) {
  await db.selectFrom('orgs').select('id').where('id', '=', orgId).forNoKeyUpdate().execute();
}

/** The account's memberships that make it a system administrator now (organisation, membership). */
export function administratorMembershipsOf(db: Queryable, accountId: string, today: string) {
  return db
    .selectFrom('memberships as m')
    .select(['m.org_id', 'm.id'])
    .where('m.account_id', '=', accountId)
    .where((eb) => membershipAccessSql(eb, 'm', today, { modules: true }))
    .where((eb) => holdsModuleSql(eb, 'user-admin'))
    .execute();
}

/**
 * Who may order licenses of an organisation besides operators (policy `orderLicenses`: its system administrators and
 * its contract owner), by name: the administrators under the same predicates as administratorsIn, then the owner.
 */
export async function licenseAdministratorsOf(db: Queryable, orgId: string, today: string, limit: number) {
  const [admins, owner] = await Promise.all([
    db
      .selectFrom('memberships as m')
      .innerJoin('accounts as a', 'a.id', 'm.account_id')
      .select(['a.id', 'a.first_name', 'a.last_name', 'a.email'])
      .where('m.org_id', '=', orgId)
      .where((eb) => membershipAccessSql(eb as never, 'm', today, { modules: true }))
      .where((eb) => accountAccessSql(eb as never, 'a', today))
      .where((eb) => holdsModuleSql(eb as never, 'user-admin'))
      .orderBy('m.last_name_lower')
      .orderBy('m.first_name_lower')
      .orderBy('m.id')
      .limit(limit)
      .execute(),
    db
      .selectFrom('orgs as o')
      .innerJoin('accounts as a', 'a.id', 'o.contract_owner_account_id')
      .select(['a.id', 'a.first_name', 'a.last_name', 'a.email'])
      .where('o.id', '=', orgId)
      .where('a.active', '=', true)
      .executeTakeFirst(),
  ]);
  return { admins, owner: owner ?? null };
}
