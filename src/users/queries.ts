import { CompiledQuery, sql, type ExpressionBuilder, type Insertable, type SelectQueryBuilder, type Updateable } from 'kysely';
import { bulkInsert } from '../kernel/bulk.js';
import type { DB, Queryable } from '../kernel/db.js';
import { countRows, keysetQuery, likeContains, likePrefix, type Keyset, type Position } from '../kernel/pagination.js';
import type { DeletedMembershipsTable, MembershipsTable, UserStatus, UserType } from '../kernel/db-types.js';
import { USER_STATUSES } from '../kernel/enums.js';
import { membershipAccessSql } from '../access/effective.js';
import type { ExportUsersQuery } from './schema.js';

export const MEMBERSHIP_COLUMNS = [
  'org_id',
  'id',
  'person_id',
  'account_id',
  'type',
  'status',
  'reseller_role',
  'valid_from',
  'valid_until',
  'created_at',
  'first_name',
  'last_name',
  'email',
  'home',
  'home_org_id',
  'home_org_name',
  'status_before_deactivation',
  'deactivated_at',
  'office_id',
  'office_name',
] as const;
export type MembershipRow = NonNullable<Awaited<ReturnType<typeof findMembership>>>;

export function findMembership(db: Queryable, orgId: string, id: string, lock = false) {
  return db
    .selectFrom('memberships')
    .select([...MEMBERSHIP_COLUMNS])
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .$if(lock, (qb) => qb.forUpdate())
    .executeTakeFirst();
}

export function findMemberships(db: Queryable, orgId: string, ids: string[]) {
  if (!ids.length) return Promise.resolve([]);
  return db
    .selectFrom('memberships')
    .select([...MEMBERSHIP_COLUMNS])
    .where('org_id', '=', orgId)
    .where('id', 'in', ids)
    .orderBy('last_name_lower')
    .orderBy('first_name_lower')
    .orderBy('id')
    .execute();
}

export function findMembershipOfAccount(db: Queryable, orgId: string, accountId: string) {
  return db
    .selectFrom('memberships')
    .select([...MEMBERSHIP_COLUMNS])
    .where('org_id', '=', orgId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
}

export async function insertPerson(
  db: Queryable,
  row: { orgId: string; id: string; firstName: string; lastName: string; email: string | null; phone: string | null; jobTitle: string | null },
) {
  await db
    .insertInto('persons')
    .values({ org_id: row.orgId, id: row.id, first_name: row.firstName, last_name: row.lastName, email: row.email, phone: row.phone, job_title: row.jobTitle })
    .execute();
}

export async function updatePerson(
  db: Queryable,
  orgId: string,
  id: string,
  patch: { first_name?: string; last_name?: string; phone?: string | null; job_title?: string | null },
) {
  if (Object.keys(patch).length) await db.updateTable('persons').set(patch).where('org_id', '=', orgId).where('id', '=', id).execute();
}

export async function insertMembership(
  db: Queryable,
  row: {
    orgId: string;
    id: string;
    personId: string;
    accountId: string | null;
    type: UserType;
    status: UserStatus;
    resellerRole: 'accountant' | 'auditor' | null;
    validFrom: string | null;
    validUntil: string | null;
    firstName: string;
    lastName: string;
    email: string | null;
    home: 'own' | 'partner';
    homeOrgId: string | null;
    homeOrgName: string;
    /** R-C16: the office of the home organisation the member is placed at. */
    office?: { id: string; name: string } | null;
  },
) {
  await db
    .insertInto('memberships')
    .values({
      org_id: row.orgId,
      id: row.id,
      person_id: row.personId,
      account_id: row.accountId,
      type: row.type,
      status: row.status,
      reseller_role: row.resellerRole,
      valid_from: row.validFrom,
      valid_until: row.validUntil,
      first_name: row.firstName,
      last_name: row.lastName,
      email: row.email,
      home: row.home,
      home_org_id: row.homeOrgId,
      home_org_name: row.homeOrgName,
      office_id: row.office?.id ?? null,
      office_name: row.office?.name ?? '',
    })
    .execute();
}

type NewPersonRow = Parameters<typeof insertPerson>[1];
type NewMembershipRow = Parameters<typeof insertMembership>[1];

/** Many persons, memberships and grants in one set-based statement per table (the conversion, R-I6). */
export async function insertMembersBulk(
  db: Queryable,
  persons: NewPersonRow[],
  memberships: NewMembershipRow[],
  packages: { orgId: string; membershipId: string; key: string }[],
  modules: { orgId: string; membershipId: string; key: string; admin: boolean }[],
) {
  await bulkInsert<NewPersonRow>(
    db,
    'persons',
    [
      { column: 'org_id', type: 'uuid', value: (r) => r.orgId },
      { column: 'id', type: 'uuid', value: (r) => r.id },
      { column: 'first_name', type: 'text', value: (r) => r.firstName },
      { column: 'last_name', type: 'text', value: (r) => r.lastName },
      { column: 'email', type: 'text', value: (r) => r.email },
      { column: 'phone', type: 'text', value: (r) => r.phone },
      { column: 'job_title', type: 'text', value: (r) => r.jobTitle },
    ],
    persons,
  );
  await bulkInsert<NewMembershipRow>(
    db,
    'memberships',
    [
      { column: 'org_id', type: 'uuid', value: (r) => r.orgId },
      { column: 'id', type: 'uuid', value: (r) => r.id },
      { column: 'person_id', type: 'uuid', value: (r) => r.personId },
      { column: 'account_id', type: 'uuid', value: (r) => r.accountId },
      { column: 'type', type: 'text', value: (r) => r.type },
      { column: 'status', type: 'text', value: (r) => r.status },
      { column: 'reseller_role', type: 'text', value: (r) => r.resellerRole },
      { column: 'valid_from', type: 'date', value: (r) => r.validFrom },
      { column: 'valid_until', type: 'date', value: (r) => r.validUntil },
      { column: 'first_name', type: 'text', value: (r) => r.firstName },
      { column: 'last_name', type: 'text', value: (r) => r.lastName },
      { column: 'email', type: 'text', value: (r) => r.email },
      { column: 'home', type: 'text', value: (r) => r.home },
      { column: 'home_org_id', type: 'uuid', value: (r) => r.homeOrgId },
      { column: 'home_org_name', type: 'text', value: (r) => r.homeOrgName },
    ],
    memberships,
  );
  await bulkInsert(
    db,
    'membership_packages',
    [
      { column: 'org_id', type: 'uuid', value: (r) => r.orgId },
      { column: 'membership_id', type: 'uuid', value: (r) => r.membershipId },
      { column: 'package_key', type: 'text', value: (r) => r.key },
    ],
    packages,
  );
  await bulkInsert(
    db,
    'membership_modules',
    [
      { column: 'org_id', type: 'uuid', value: (r) => r.orgId },
      { column: 'membership_id', type: 'uuid', value: (r) => r.membershipId },
      { column: 'module_key', type: 'text', value: (r) => r.key },
      { column: 'admin', type: 'boolean', value: (r) => r.admin },
    ],
    modules,
  );
}

/** Memberships of any of these accounts in the organisation (already members). */
export function findMembershipsOfAccounts(db: Queryable, orgId: string, accountIds: string[]) {
  if (!accountIds.length) return Promise.resolve([]);
  return db.selectFrom('memberships').select(['id', 'account_id', 'email']).where('org_id', '=', orgId).where('account_id', 'in', accountIds).execute();
}

export async function updateMembership(db: Queryable, orgId: string, id: string, patch: Updateable<MembershipsTable>) {
  await db
    .updateTable('memberships')
    .set({ ...patch, updated_at: sql`now()` })
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .execute();
}

export async function replaceGrants(db: Queryable, orgId: string, membershipId: string, packages: string[], modules: { key: string; admin: boolean }[]) {
  await deleteGrants(db, orgId, membershipId);
  if (packages.length)
    await db
      .insertInto('membership_packages')
      .values(packages.map((p) => ({ org_id: orgId, membership_id: membershipId, package_key: p })))
      .execute();
  if (modules.length)
    await db
      .insertInto('membership_modules')
      .values(modules.map((m) => ({ org_id: orgId, membership_id: membershipId, module_key: m.key, admin: m.admin })))
      .execute();
}

export async function deleteGrants(db: Queryable, orgId: string, membershipId: string) {
  await db.deleteFrom('membership_packages').where('org_id', '=', orgId).where('membership_id', '=', membershipId).execute();
  await db.deleteFrom('membership_modules').where('org_id', '=', orgId).where('membership_id', '=', membershipId).execute();
}

export async function deleteRoles(db: Queryable, orgId: string, membershipId: string) {
  await db.deleteFrom('membership_roles').where('org_id', '=', orgId).where('membership_id', '=', membershipId).execute();
}

export async function deleteMembership(db: Queryable, orgId: string, membershipId: string) {
  await db.deleteFrom('memberships').where('org_id', '=', orgId).where('id', '=', membershipId).execute();
}

export async function loadGrants(db: Queryable, orgId: string, ids: string[]) {
  if (!ids.length) return { packages: [], modules: [] };
  const [packages, modules] = await Promise.all([
    db.selectFrom('membership_packages').select(['membership_id', 'package_key']).where('org_id', '=', orgId).where('membership_id', 'in', ids).execute(),
    db
      .selectFrom('membership_modules')
      .select(['membership_id', 'module_key', 'admin'])
      .where('org_id', '=', orgId)
      .where('membership_id', 'in', ids)
      .execute(),
  ]);
  return { packages, modules };
}

export function loadRoles(db: Queryable, orgId: string, ids: string[]) {
  if (!ids.length) return Promise.resolve([]);
  return db
    .selectFrom('membership_roles')
    .select(['membership_id', 'scope', 'target_id', 'role', 'title'])
    .where('org_id', '=', orgId)
    .where('membership_id', 'in', ids)
    .orderBy('scope')
    .orderBy('target_id')
    .orderBy('role')
    .execute();
}

export function loadPersonsAndAccounts(db: Queryable, orgId: string, rows: { person_id: string; account_id: string | null }[]) {
  const personIds = rows.map((r) => r.person_id);
  const accountIds = rows.map((r) => r.account_id).filter((x): x is string => !!x);
  return Promise.all([
    personIds.length ? db.selectFrom('persons').select(['id', 'phone', 'job_title']).where('org_id', '=', orgId).where('id', 'in', personIds).execute() : [],
    accountIds.length ? db.selectFrom('accounts').select(['id', 'language', 'login_valid_until']).where('id', 'in', accountIds).execute() : [],
  ]);
}

/**
 * R-C3: eligible resellers are active employees of the client's agency — the one predicate the check and the list
 * share; `q`: every word somewhere in the name or e-mail (the trigram-indexed search text).
 */
function agencyEmployees(db: Queryable, agencyId: string, today: string, q: string | null = null) {
  const words = (q ?? '').split(/\s+/).filter(Boolean);
  return db
    .selectFrom('memberships as m')
    .where('m.org_id', '=', agencyId)
    .where('m.account_id', 'is not', null)
    .where('m.type', '=', 'employee')
    .where((eb) => membershipAccessSql(eb, 'm', today))
    .$if(words.length > 0, (qb) => qb.where((eb) => eb.and(words.map((w) => eb('m.search_text', 'like', likeContains(w.toLowerCase()))))));
}

export async function isActiveAgencyEmployee(db: Queryable, agencyId: string, accountId: string, today: string) {
  const r = await agencyEmployees(db, agencyId, today).select('m.id').where('m.account_id', '=', accountId).executeTakeFirst();
  return r !== undefined;
}

/** A page of eligible resellers (R-C3) by last name: the agency's (org_id, last_name_lower, id) index. */
export function findAgencyEmployeesPage(db: Queryable, agencyId: string, today: string, q: string | null, limit: number, after: Position | null) {
  return keysetQuery(
    agencyEmployees(db, agencyId, today, q).select([
      'm.id',
      'm.account_id',
      'm.email',
      'm.first_name',
      'm.last_name',
      'm.last_name_lower',
      'm.office_id',
      'm.office_name',
    ]),
    { column: 'last_name_lower', kind: 'text', order: 'asc' },
    after,
  )
    .limit(limit)
    .execute();
}

export function countAgencyEmployees(db: Queryable, agencyId: string, today: string, q: string | null) {
  return countRows(agencyEmployees(db, agencyId, today, q));
}

export async function setAccountLoginValidUntil(db: Queryable, accountId: string, date: string | null) {
  await db.updateTable('accounts').set({ login_valid_until: date }).where('id', '=', accountId).execute();
}

export async function setAccountActive(db: Queryable, accountId: string, active: boolean) {
  await db.updateTable('accounts').set({ active }).where('id', '=', accountId).execute();
}

export function findOrgName(db: Queryable, orgId: string) {
  return db.selectFrom('orgs').select(['id', 'name', 'agency_id', 'default_language']).where('id', '=', orgId).executeTakeFirst();
}

const SORT = {
  firstName: 'first_name_lower',
  lastName: 'last_name_lower',
  email: 'email_lower',
  organization: 'home_org_name_lower',
  type: 'type',
  status: 'status',
  office: 'office_name_lower',
  createdAt: 'created_at',
} as const;
const sortColumn = (sort: ExportUsersQuery['sort']) => SORT[sort];

/** The user list's order: the sort column (an index (org_id, column, id) each), then id. */
export function usersKeyset(query: Pick<ExportUsersQuery, 'sort' | 'order'>): Keyset {
  return { column: sortColumn(query.sort), kind: query.sort === 'createdAt' ? 'time' : 'text', order: query.order };
}

/**
 * Every status but inactive (the CHECK constraint's other three): as a list, not `<> 'inactive'`, so an index led by
 * (org_id, status) answers it as three ranges.
 */
const LISTED = USER_STATUSES.filter((s) => s !== 'inactive');

/** R-D1/R-D2: the view, type/status filters, per-column prefix searches and the free-text search. */
function filtered(db: Queryable, orgId: string, query: ExportUsersQuery, freeText = true): SelectQueryBuilder<DB, 'memberships', object> {
  return db
    .selectFrom('memberships')
    .where('org_id', '=', orgId)
    .$call((qb) => {
      switch (query.view) {
        case 'own':
          return qb.where('home', '=', 'own').where('status', 'in', LISTED);
        case 'partner':
          return qb.where('home', '=', 'partner').where('status', 'in', LISTED);
        case 'inactive':
          return qb.where('status', '=', 'inactive');
        default:
          return qb.where('status', 'in', LISTED);
      }
    })
    .$if(!!query.type, (qb) => qb.where('type', '=', query.type!))
    .$if(!!query.status, (qb) => qb.where('status', '=', query.status!))
    .$if(!!query.firstName, (qb) => qb.where('first_name_lower', 'like', likePrefix(query.firstName!.toLowerCase())))
    .$if(!!query.lastName, (qb) => qb.where('last_name_lower', 'like', likePrefix(query.lastName!.toLowerCase())))
    .$if(!!query.email, (qb) => qb.where('email_lower', 'like', likePrefix(query.email!.toLowerCase())))
    .$if(!!query.organization, (qb) => qb.where('home_org_name_lower', 'like', likePrefix(query.organization!.toLowerCase())))
    .$if(!!query.office, (qb) => qb.where('office_name_lower', 'like', likePrefix(query.office!.toLowerCase())))
    .$if(freeText && !!query.q, (qb) => qb.where((eb) => freeTextMatch(eb, query.q!)));
}

const words = (q: string) => q.toLowerCase().split(/\s+/).filter(Boolean);

/** Every word of the free text somewhere in the search text (name, e-mail, home organisation). */
function freeTextMatch(eb: ExpressionBuilder<DB, 'memberships'>, q: string) {
  return eb.and(words(q).map((w) => eb('search_text', 'like', likeContains(w))));
}

/**
 * The ORDER BY of a page. With free text the sort column is wrapped in a no-op expression: the planner then finds
 * the (few) matches with the trigram index and sorts them, instead of walking the sort index and testing each row.
 */
function orderKey(col: ReturnType<typeof sortColumn>, freeText: boolean) {
  if (!freeText) return sql.ref(col);
  return col === 'created_at' ? sql`${sql.ref(col)} + interval '0 seconds'` : sql`${sql.ref(col)} || ''`;
}

/** Rows after (sort value, id) in the requested order; see orderKey for the free-text plan. */
function keysetPage<T extends SelectQueryBuilder<DB, 'memberships', any>>(qb: T, query: ExportUsersQuery, after: Position | null): T {
  return keysetQuery(qb, usersKeyset(query), after, orderKey(sortColumn(query.sort), !!query.q));
}

/**
 * One keyset page; the service asks limit + 1 rows to know whether more follow. The plan per shape:
 * - no free text: ORDER BY the indexed sort column and id with the keyset as a row comparison — one range scan of
 *   (org_id, column, id) that stops at the limit; for a rare view/type/status combination the planner instead
 *   takes its few rows from memberships_list_filters and sorts them (its estimates: migration 0016);
 * - free text with a word of three letters or more: first a capped count of the matches after the position
 *   (trigram index, at most window / 5 + 1 = 501 rows). Few: those matches are the page, sorted (the sort expression is
 *   wrapped so that the planner cannot walk the sort index for them);
 * - otherwise (a broad term, or one- and two-letter words, which trigrams cannot find): the window — the next
 *   `window` rows of the sort index (config.userListWindow, 2,500; the other filters applied) tested against the
 *   words. It fills a page of 51 when ~2 % of its rows match; when it does not (the term is rare here), the matches
 *   are taken from the trigram index and sorted — unless the planner estimates that they are ≥ 20 % of the list (a
 *   broad term clustered further along the order): then, as without a trigram, its plain walk runs to the limit.
 */
export async function listUsersPage(db: Queryable, orgId: string, query: ExportUsersQuery, limit: number, after: Position | null, window = 2_500) {
  const col = sortColumn(query.sort);
  const key = usersKeyset(query);
  const select = [...new Set([...MEMBERSHIP_COLUMNS, col])] as (typeof MEMBERSHIP_COLUMNS)[number][];
  const plain = () =>
    keysetQuery(filtered(db, orgId, query).select([...select]), key, after)
      .limit(limit)
      .execute();
  if (!query.q) return plain();
  const matchesSorted = () =>
    keysetQuery(filtered(db, orgId, query).select([...select]), key, after, orderKey(col, true), true)
      .limit(limit)
      .execute();
  const trigrams = words(query.q).some((w) => w.length >= 3);
  const fewMatches = Math.max(1, Math.floor(window / 5));
  if (trigrams) {
    const few = await db
      .selectFrom(
        keysetQuery(filtered(db, orgId, query).select(sql<number>`1`.as('one')), key, after, orderKey(col, true), true)
          .clearOrderBy()
          .limit(fewMatches + 1)
          .as('m'),
      )
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(few.n) <= fewMatches) return matchesSorted();
  }
  const walk = keysetQuery(filtered(db, orgId, query, false).select([...select, 'search_text']), key, after).limit(window);
  const walked = await db
    .selectFrom(walk.as('w'))
    .selectAll()
    .where((eb) => eb.and(words(query.q!).map((w) => eb('w.search_text', 'like', likeContains(w)))))
    .orderBy(sql`${sql.ref(`w.${col}`)} ${sql.raw(key.order)}`)
    .orderBy(sql`w.id ${sql.raw(key.order)}`)
    .limit(limit)
    .execute();
  // A full page inside the window, or the window was the rest of the list (fewer rows than it holds): that is all.
  if (walked.length >= limit || (await windowWasTheRest(db, orgId, query, after, window))) return walked.map(({ search_text: _, ...r }) => r);
  if (!trigrams) return plain();
  // Many matches, but not here: a broad term clustered further along the order (the organisation's own name
  // sorted by organisation) is walked to (the planner's plain plan); a term matching a few per cent is sorted.
  const [withText, withoutText] = await Promise.all([estimateRows(db, filtered(db, orgId, query)), estimateRows(db, filtered(db, orgId, query, false))]);
  return withText >= 0.2 * withoutText ? plain() : matchesSorted();
}

/** The planner's estimate of a query's rows (EXPLAIN without ANALYZE: planning only, from the statistics). */
async function estimateRows(db: Queryable, qb: SelectQueryBuilder<DB, 'memberships', object>) {
  const c = qb.select(sql<number>`1`.as('one')).compile();
  const r = await db.executeQuery<{ 'QUERY PLAN': unknown }>(CompiledQuery.raw(`EXPLAIN (FORMAT JSON) ${c.sql}`, [...c.parameters]));
  const raw = r.rows[0]?.['QUERY PLAN'];
  const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan?: { 'Plan Rows'?: number } }[] | undefined;
  return Number(plan?.[0]?.Plan?.['Plan Rows'] ?? 0);
}

/** Whether the list (without the free text) ends inside the window after `after`: then the window saw every row. */
async function windowWasTheRest(db: Queryable, orgId: string, query: ExportUsersQuery, after: Position | null, window: number) {
  const r = await keysetQuery(filtered(db, orgId, query, false).select('id'), usersKeyset(query), after)
    .offset(window)
    .limit(1)
    .execute();
  return r.length === 0;
}

/** Rows of the .xlsx export: the list's columns plus packages and modules, aggregated in the same statement. */
export function exportRowsQuery(db: Queryable, orgId: string, query: ExportUsersQuery, after: Position | null) {
  const col = sortColumn(query.sort);
  return keysetPage(
    filtered(db, orgId, query).select([
      'id',
      'first_name',
      'last_name',
      'email',
      'home_org_name',
      'office_name',
      'home',
      'type',
      'status',
      'valid_from',
      'valid_until',
      col,
      // the "Added" date as text: no timestamp to parse per row
      sql<string>`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD')`.as('added'),
      sql<string>`(select string_agg(mp.package_key, ', ' order by mp.package_key) from membership_packages mp where mp.org_id = memberships.org_id and mp.membership_id = memberships.id)`.as(
        'packages',
      ),
      sql<string>`(select string_agg(case when mm.admin then mm.module_key || ' (admin)' else mm.module_key end, ', ' order by mm.module_key) from membership_modules mm where mm.org_id = memberships.org_id and mm.membership_id = memberships.id)`.as(
        'modules',
      ),
    ]),
    query,
    after,
  );
}

/**
 * The list's total, counted up to `cap`: `SELECT count(*) FROM (SELECT 1 … LIMIT cap + 1)` stops after cap + 1
 * matches, so a count costs at most cap + 1 rows found (or the few rows of a rare filter) — never the whole
 * organisation. More than `cap` matches answer `{ total: cap, atLeast: true }`.
 */
export async function countUsersCapped(db: Queryable, orgId: string, query: ExportUsersQuery, cap: number) {
  const r = await db
    .selectFrom(
      filtered(db, orgId, query)
        .select(sql<number>`1`.as('one'))
        .limit(cap + 1)
        .as('capped'),
    )
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const n = Number(r.n);
  return n > cap ? { total: cap, atLeast: true } : { total: n, atLeast: false };
}

/** The sort position of the list's row at `offset` (the bench's deep cursors). */
export function usersPositionAt(db: Queryable, orgId: string, query: ExportUsersQuery, offset: number) {
  const col = sortColumn(query.sort);
  return keysetQuery(filtered(db, orgId, query).select(['id', col]), usersKeyset(query), null)
    .offset(offset)
    .limit(1)
    .executeTakeFirst() as Promise<{ id: string } | undefined>;
}

/** The exact number of matching users (every row counted; the export and tests, not the list's pages). */
export function countUsers(db: Queryable, orgId: string, query: ExportUsersQuery) {
  return countRows(filtered(db, orgId, query));
}

/** External users whose validUntil has passed and who still hold access (R-C4). */
export function findExpiredExternals(db: Queryable, today: string, limit: number) {
  return db
    .selectFrom('memberships')
    .select(['org_id', 'id'])
    .where('type', '=', 'external')
    .where('status', 'in', ['invited', 'active'])
    .where('valid_until', '<', today)
    .limit(limit)
    .execute();
}

/** An account with its home organisation's name: the columns adding a user and lifecycle actions read. */
function accountWithHome(db: Queryable) {
  return db
    .selectFrom('accounts as a')
    .leftJoin('orgs as o', 'o.id', 'a.home_org_id')
    .select([
      'a.id',
      'a.email',
      'a.first_name',
      'a.last_name',
      'a.language',
      'a.password_hash',
      'a.home_org_id',
      'o.name as home_org_name',
      'a.active',
      'a.operator',
    ]);
}

export function findAccountWithHome(db: Queryable, email: string) {
  return accountWithHome(db).where('a.email_lower', '=', email.toLowerCase()).executeTakeFirst();
}

export function findAccountWithHomeById(db: Queryable, id: string) {
  return accountWithHome(db).where('a.id', '=', id).executeTakeFirst();
}

// Bulk forms (the agency bulk job): many rows in one statement each, the rows passed as one jsonb parameter.

/**
 * Memberships (with their grants) of `accountIds` in `orgIds`, locked for the change. Two statements on purpose: under
 * READ COMMITTED a statement that waited for a row lock re-reads the locked row but not its subqueries, which keep the
 * statement's snapshot — a membership's grants committed by the change it waited for would be missed and their seats
 * counted twice. The lock comes first; the read, a new statement with a new snapshot, sees what the waited-for change did.
 */
export async function lockMembershipsOfAccounts(db: Queryable, orgIds: string[], accountIds: string[]) {
  if (!orgIds.length || !accountIds.length) return [];
  await db
    .selectFrom('memberships as m')
    .select('m.id')
    .where('m.org_id', 'in', orgIds)
    .where('m.account_id', 'in', accountIds)
    .orderBy('m.org_id')
    .orderBy('m.id')
    .forUpdate()
    .execute();
  return membershipsOfAccounts(db, orgIds, accountIds);
}

/** The same, unlocked (previews). */
export function readMembershipsOfAccounts(db: Queryable, orgIds: string[], accountIds: string[]) {
  return membershipsOfAccounts(db, orgIds, accountIds);
}

function membershipsOfAccounts(db: Queryable, orgIds: string[], accountIds: string[]) {
  if (!orgIds.length || !accountIds.length) return Promise.resolve([]);
  return db
    .selectFrom('memberships as m')
    .select((eb) => [
      'm.org_id',
      'm.id',
      'm.account_id',
      'm.type',
      'm.status',
      eb
        .selectFrom('membership_packages as mp')
        .select(sql<string[]>`coalesce(array_agg(mp.package_key), '{}')`.as('p'))
        .whereRef('mp.org_id', '=', 'm.org_id')
        .whereRef('mp.membership_id', '=', 'm.id')
        .as('packages'),
      eb
        .selectFrom('membership_modules as mm')
        .select(sql<{ key: string; admin: boolean }[]>`coalesce(jsonb_agg(jsonb_build_object('key', mm.module_key, 'admin', mm.admin)), '[]')`.as('g'))
        .whereRef('mm.org_id', '=', 'm.org_id')
        .whereRef('mm.membership_id', '=', 'm.id')
        .as('modules'),
    ])
    .where('m.org_id', 'in', orgIds)
    .where('m.account_id', 'in', accountIds)
    .orderBy('m.org_id')
    .orderBy('m.id')
    .execute();
}

export interface BulkMemberRow {
  org_id: string;
  id: string;
  person_id: string;
  account_id: string;
  type: UserType;
  status: UserStatus;
  reseller_role: 'accountant' | 'auditor' | null;
  first_name: string;
  last_name: string;
  email: string | null;
  home: 'own' | 'partner';
  home_org_id: string | null;
  home_org_name: string;
}

export async function insertMembershipsBulk(db: Queryable, rows: BulkMemberRow[]) {
  if (!rows.length) return;
  const json = JSON.stringify(rows);
  await sql`insert into persons (org_id, id, first_name, last_name, email)
    select org_id, person_id, first_name, last_name, email
    from jsonb_to_recordset(${json}::jsonb) as v(org_id uuid, person_id uuid, first_name text, last_name text, email text)`.execute(db);
  await sql`insert into memberships (org_id, id, person_id, account_id, type, status, reseller_role, first_name, last_name, email, home, home_org_id, home_org_name)
    select org_id, id, person_id, account_id, type, status, reseller_role, first_name, last_name, email, home, home_org_id, home_org_name
    from jsonb_to_recordset(${json}::jsonb) as v(org_id uuid, id uuid, person_id uuid, account_id uuid, type text, status text,
      reseller_role text, first_name text, last_name text, email text, home text, home_org_id uuid, home_org_name text)`.execute(db);
}

export async function insertModuleGrantsBulk(db: Queryable, rows: { org_id: string; membership_id: string; module_key: string }[]) {
  if (!rows.length) return;
  await sql`insert into membership_modules (org_id, membership_id, module_key, admin)
    select org_id, membership_id, module_key, false
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(org_id uuid, membership_id uuid, module_key text)
    on conflict do nothing`.execute(db);
}

export async function deleteModuleGrantsBulk(db: Queryable, rows: { org_id: string; membership_id: string; module_key: string }[]) {
  if (!rows.length) return;
  await sql`delete from membership_modules g using jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(org_id uuid, membership_id uuid, module_key text)
    where g.org_id = v.org_id and g.membership_id = v.membership_id and g.module_key = v.module_key`.execute(db);
}

export async function deletePackageGrantsBulk(db: Queryable, rows: { org_id: string; membership_id: string; package_key: string }[]) {
  if (!rows.length) return;
  await sql`delete from membership_packages g using jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(org_id uuid, membership_id uuid, package_key text)
    where g.org_id = v.org_id and g.membership_id = v.membership_id and g.package_key = v.package_key`.execute(db);
}

export async function deleteMembershipsBulk(db: Queryable, rows: { org_id: string; id: string }[]) {
  if (!rows.length) return;
  await sql`delete from memberships m using jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(org_id uuid, id uuid)
    where m.org_id = v.org_id and m.id = v.id`.execute(db);
}

export async function touchMembershipsBulk(db: Queryable, rows: { org_id: string; id: string }[]) {
  if (!rows.length) return;
  await sql`update memberships m set updated_at = now() from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(org_id uuid, id uuid)
    where m.org_id = v.org_id and m.id = v.id`.execute(db);
}

/** Issue 14 item 10: how long a deleted user can be restored. */
export const RESTORE_DAYS = 30;
const restorable = (now: Date) => new Date(now.getTime() - RESTORE_DAYS * 86_400_000);

type DeletedRow = Insertable<DeletedMembershipsTable>;

/** Keeps what a membership was as it is deleted (R-C11 with restore). */
export async function insertDeletedMembership(db: Queryable, row: DeletedRow) {
  await db.insertInto('deleted_memberships').values(row).execute();
}

const DELETED_COLUMNS = [
  'org_id',
  'id',
  'person_id',
  'account_id',
  'first_name',
  'last_name',
  'email',
  'type',
  'status',
  'home',
  'home_org_name',
  'membership',
  'grants',
  'roles',
  'deleted_at',
  'deleted_by_account_id',
  'deleted_by_name',
] as const;

export const DELETED_KEYSET: Keyset = { column: 'deleted_at', kind: 'time', order: 'desc' };

/** Deleted users still restorable (deleted within RESTORE_DAYS), newest first. */
export async function listDeletedMemberships(db: Queryable, orgId: string, now: Date, limit: number, after: Position | null) {
  const base = db.selectFrom('deleted_memberships').where('org_id', '=', orgId).where('deleted_at', '>', restorable(now));
  const rows = await keysetQuery(base.select([...DELETED_COLUMNS]), DELETED_KEYSET, after)
    .limit(limit + 1)
    .execute();
  return { rows, total: await countRows(base) };
}

/** One restorable deleted user, locked for its restore. */
export function findDeletedMembership(db: Queryable, orgId: string, id: string, now: Date) {
  return db
    .selectFrom('deleted_memberships')
    .select([...DELETED_COLUMNS])
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .where('deleted_at', '>', restorable(now))
    .forUpdate()
    .executeTakeFirst();
}

export async function removeDeletedMembership(db: Queryable, orgId: string, id: string) {
  await db.deleteFrom('deleted_memberships').where('org_id', '=', orgId).where('id', '=', id).execute();
}

/** Records past the restore period go (the users' scheduled job). */
export async function purgeDeletedMemberships(db: Queryable, now: Date) {
  const r = await db.deleteFrom('deleted_memberships').where('deleted_at', '<=', restorable(now)).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Puts a deleted membership's row back under its old id (its grants and roles by replaceGrants and insertRoles). */
export async function reinsertMembership(db: Queryable, row: Insertable<MembershipsTable>) {
  await db.insertInto('memberships').values(row).execute();
}

export async function insertRoles(db: Queryable, orgId: string, membershipId: string, roles: DeletedMembershipsTable['roles']['__select__']) {
  if (roles.length)
    await db
      .insertInto('membership_roles')
      .values(roles.map((r) => ({ org_id: orgId, membership_id: membershipId, scope: r.scope, target_id: r.target_id, role: r.role, title: r.title })))
      .execute();
}
