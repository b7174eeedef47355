import { sql, type SelectQueryBuilder } from 'kysely';
import type { DB, Queryable } from '../kernel/db.js';
import { countRows, keysetQuery, likeContains, likePrefix, type Keyset, type Position } from '../kernel/pagination.js';
import type { ListOrgsQuery } from './schema.js';

export const ORG_COLUMNS = [
  'id',
  'name',
  'kind',
  'country',
  'business_id',
  'default_language',
  'agency_id',
  'permission_model',
  'contract_owner_account_id',
  'created_at',
] as const;
/**
 * Issue 14 item 8: the names behind an organisation's references — its agency and its contract owner — read with it,
 * so everybody who sees the organisation sees names (not ids of organisations they may not open).
 */
const ORG_REFERENCES = [
  sql<string | null>`(select a.name from orgs a where a.id = orgs.agency_id)`.as('agency_name'),
  sql<string | null>`(select c.first_name || ' ' || c.last_name from accounts c where c.id = orgs.contract_owner_account_id)`.as('contract_owner_name'),
  sql<string | null>`(select c.email from accounts c where c.id = orgs.contract_owner_account_id)`.as('contract_owner_email'),
];
export type OrgRow = Awaited<ReturnType<typeof findOrgById>> & object;

export function findOrgById(db: Queryable, id: string) {
  return db
    .selectFrom('orgs')
    .select([...ORG_COLUMNS, ...ORG_REFERENCES])
    .where('id', '=', id)
    .executeTakeFirst();
}

export function findOrgByBusinessId(db: Queryable, country: string, businessId: string) {
  return db
    .selectFrom('orgs')
    .select([...ORG_COLUMNS])
    .where('country', '=', country as never)
    .where('business_id', '=', businessId)
    .executeTakeFirst();
}

/** Whether the client has reseller users (its agency's consultants): a client changing agency is told how many stay. */
export async function countResellers(db: Queryable, orgId: string) {
  const r = await db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('org_id', '=', orgId)
    .where('type', '=', 'reseller')
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export function insertOrg(
  db: Queryable,
  row: {
    id: string;
    name: string;
    kind: 'agency' | 'client';
    country: 'FI' | 'SE' | 'NO';
    businessId: string;
    defaultLanguage: 'en' | 'sv' | 'fi' | 'nb';
    agencyId: string | null;
    contractOwnerAccountId: string | null;
    permissionModel?: 'legacy' | 'current';
  },
) {
  return db
    .insertInto('orgs')
    .values({
      id: row.id,
      name: row.name,
      kind: row.kind,
      country: row.country,
      business_id: row.businessId,
      default_language: row.defaultLanguage,
      agency_id: row.agencyId,
      contract_owner_account_id: row.contractOwnerAccountId,
      permission_model: row.permissionModel ?? 'current',
    })
    .returning([...ORG_COLUMNS, ...ORG_REFERENCES])
    .executeTakeFirstOrThrow();
}

export function updateOrg(
  db: Queryable,
  id: string,
  patch: { name?: string; default_language?: 'en' | 'sv' | 'fi' | 'nb'; agency_id?: string | null; contract_owner_account_id?: string | null },
) {
  return db
    .updateTable('orgs')
    .set(patch)
    .where('id', '=', id)
    .returning([...ORG_COLUMNS, ...ORG_REFERENCES])
    .executeTakeFirstOrThrow();
}

/**
 * R-D2: the user lists sort and filter by the home organisation's name, kept on each membership; a renamed organisation
 * renames that copy wherever its people are members (own and partner alike), in the rename's transaction.
 */
export async function renameHomeOrgCopies(db: Queryable, orgId: string, name: string) {
  await db.updateTable('memberships').set({ home_org_name: name }).where('home_org_id', '=', orgId).where('home_org_name', '!=', name).execute();
}

export async function setContractOwner(db: Queryable, orgId: string, accountId: string) {
  await db.updateTable('orgs').set({ contract_owner_account_id: accountId }).where('id', '=', orgId).execute();
}

/** Every licensed module gets a pool (0 seats unless ordered), so the seat check always has a row to lock. */
export async function insertLicensePools(db: Queryable, orgId: string, licensed: string[], seats: Record<string, number>) {
  const rows = licensed.map((module_key) => ({ org_id: orgId, module_key, seats: seats[module_key] ?? 0 }));
  if (rows.length) await db.insertInto('license_pools').values(rows).execute();
}

export async function findLicensedModuleKeys(db: Queryable): Promise<string[]> {
  return (await db.selectFrom('modules').select('key').where('licensed', '=', true).execute()).map((r) => r.key);
}

const SORT_COLUMNS = { name: 'name_lower', country: 'country', businessId: 'business_id', kind: 'kind', createdAt: 'created_at' } as const;

/** The organisation list's order: the sort column, then id. */
export function orgsKeyset(query: Pick<ListOrgsQuery, 'sort' | 'order'>): Keyset {
  return { column: SORT_COLUMNS[query.sort], kind: query.sort === 'createdAt' ? 'time' : 'text', order: query.order };
}

/** Filters of the organisation list (R-A3); `visible` limits non-operators to what they can open. */
function filtered(db: Queryable, query: ListOrgsQuery, visible: SelectQueryBuilder<DB, 'orgs', { id: string }> | null) {
  return db
    .selectFrom('orgs')
    .$if(visible !== null, (qb) => qb.where('id', 'in', visible!))
    .$if(!!query.q, (qb) =>
      qb.where((eb) => eb.or([eb('name_lower', 'like', likeContains(query.q!.toLowerCase())), eb('business_id', 'like', likePrefix(query.q!))])),
    )
    .$if(!!query.kind, (qb) => qb.where('kind', '=', query.kind!))
    .$if(!!query.agencyId, (qb) => qb.where('agency_id', '=', query.agencyId!))
    .$if(query.mustConvert === 'true', (qb) => qb.where('permission_model', '=', 'legacy'))
    .$if(query.mustConvert === 'false', (qb) => qb.where('permission_model', '=', 'current'));
}

/** Keyset page: (sort column, id) after the cursor, plus the filtered total. */
export async function listOrgs(db: Queryable, query: ListOrgsQuery, visible: SelectQueryBuilder<DB, 'orgs', { id: string }> | null, after: Position | null) {
  // A caller's first page takes its total in the same statement: its visible set is found once, not twice. (An
  // operator's pages walk the sort index and stop at the limit, so its total stays a count of its own.)
  const withTotal = visible !== null && after === null;
  const page = filtered(db, query, visible)
    .select([...ORG_COLUMNS, ...ORG_REFERENCES, 'name_lower'])
    .$if(withTotal, (qb) => qb.select(sql<number>`count(*) over ()`.as('total')));
  const rows = await keysetQuery(page, orgsKeyset(query), after)
    .limit(query.limit + 1)
    .execute();
  const total = withTotal ? Number((rows[0] as { total?: number } | undefined)?.total ?? 0) : await countRows(filtered(db, query, visible));
  return { rows, total };
}
