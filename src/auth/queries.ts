import { sql, type SelectQueryBuilder } from 'kysely';
import { membershipAccessSql } from '../access/effective.js';
import { bulkInsert } from '../kernel/bulk.js';
import type { Queryable } from '../kernel/db.js';
import { countRows, keysetQuery, type Keyset, type Position } from '../kernel/pagination.js';

export const ACCOUNT_COLUMNS = [
  'id',
  'email',
  'first_name',
  'last_name',
  'phone',
  'language',
  'home_org_id',
  'active',
  'login_valid_until',
  'operator',
] as const;

export function findAccountByEmail(db: Queryable, email: string) {
  return db
    .selectFrom('accounts')
    .select([...ACCOUNT_COLUMNS, 'password_hash'])
    .where('email_lower', '=', email.toLowerCase())
    .executeTakeFirst();
}

export function findAccountById(db: Queryable, id: string) {
  return db
    .selectFrom('accounts')
    .select([...ACCOUNT_COLUMNS])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertSession(db: Queryable, row: { tokenHash: string; accountId: string; csrfToken: string; expiresAt: Date; mfaAt?: Date | null }) {
  await db
    .insertInto('sessions')
    .values({ token_hash: row.tokenHash, account_id: row.accountId, csrf_token: row.csrfToken, expires_at: row.expiresAt, mfa_at: row.mfaAt ?? null })
    .execute();
}

/** The session passed a second factor now (enrolment in a signed-in session counts). */
export async function markSessionMfa(db: Queryable, tokenHash: string, now: Date) {
  await db.updateTable('sessions').set({ mfa_at: now }).where('token_hash', '=', tokenHash).execute();
}

/** What a request needs of its caller's account (the actor and the access rule's account part). */
const CALLER_COLUMNS = ['a.id', 'a.email', 'a.first_name', 'a.last_name', 'a.language', 'a.operator', 'a.active', 'a.login_valid_until'] as const;

export function findSessionAccount(db: Queryable, tokenHash: string, now: Date) {
  return db
    .selectFrom('sessions as s')
    .innerJoin('accounts as a', 'a.id', 's.account_id')
    .select(['s.csrf_token', 's.mfa_at', ...CALLER_COLUMNS])
    .where('s.token_hash', '=', tokenHash)
    .where('s.expires_at', '>', now)
    .executeTakeFirst();
}

export async function deleteSession(db: Queryable, tokenHash: string) {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}

export async function deleteSessionsOf(db: Queryable, accountId: string) {
  await db.deleteFrom('sessions').where('account_id', '=', accountId).execute();
}

export function findApiTokenAccount(db: Queryable, tokenHash: string) {
  return db
    .selectFrom('api_tokens as t')
    .innerJoin('accounts as a', 'a.id', 't.account_id')
    .select(['t.id as token_id', 't.mfa', ...CALLER_COLUMNS])
    .where('t.token_hash', '=', tokenHash)
    .where('t.revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function touchApiToken(db: Queryable, id: string, now: Date) {
  await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
}

export function insertApiToken(db: Queryable, row: { id: string; accountId: string; name: string; tokenHash: string; mfa: boolean }) {
  return db
    .insertInto('api_tokens')
    .values({ id: row.id, account_id: row.accountId, name: row.name, token_hash: row.tokenHash, mfa: row.mfa })
    .returning(['id', 'name', 'created_at', 'last_used_at'])
    .executeTakeFirstOrThrow();
}

export function listApiTokens(db: Queryable, accountId: string) {
  return db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'created_at', 'last_used_at'])
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .orderBy('created_at', 'desc')
    .execute();
}

export function revokeApiToken(db: Queryable, accountId: string, id: string, now: Date) {
  return db
    .updateTable('api_tokens')
    .set({ revoked_at: now })
    .where('id', '=', id)
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function insertAuthToken(db: Queryable, row: { tokenHash: string; accountId: string; purpose: 'invitation' | 'reset'; expiresAt: Date }) {
  await db
    .insertInto('auth_tokens')
    .values({ token_hash: row.tokenHash, account_id: row.accountId, purpose: row.purpose, expires_at: row.expiresAt })
    .execute();
}

/** Many link tokens in one set-based statement (new accounts have no earlier links to expire). */
export async function insertAuthTokens(db: Queryable, rows: { tokenHash: string; accountId: string; purpose: 'invitation' | 'reset'; expiresAt: Date }[]) {
  await bulkInsert(
    db,
    'auth_tokens',
    [
      { column: 'token_hash', type: 'text', value: (r) => r.tokenHash },
      { column: 'account_id', type: 'uuid', value: (r) => r.accountId },
      { column: 'purpose', type: 'text', value: (r) => r.purpose },
      { column: 'expires_at', type: 'timestamptz', value: (r) => r.expiresAt.toISOString() },
    ],
    rows,
  );
}

/** Many new accounts in one set-based statement (the conversion); no password yet, e-mails unique (the caller checks). */
export async function insertAccounts(
  db: Queryable,
  rows: {
    id: string;
    email: string;
    firstName: string;
    lastName: string;
    language: 'en' | 'sv' | 'fi' | 'nb';
    homeOrgId: string | null;
    phone: string | null;
  }[],
) {
  await bulkInsert(
    db,
    'accounts',
    [
      { column: 'id', type: 'uuid', value: (r) => r.id },
      { column: 'email', type: 'text', value: (r) => r.email },
      { column: 'first_name', type: 'text', value: (r) => r.firstName },
      { column: 'last_name', type: 'text', value: (r) => r.lastName },
      { column: 'language', type: 'text', value: (r) => r.language },
      { column: 'home_org_id', type: 'uuid', value: (r) => r.homeOrgId },
      { column: 'phone', type: 'text', value: (r) => r.phone },
    ],
    rows,
  );
}

/** Accounts by e-mail (case-insensitive), many at once. */
export function findAccountsByEmails(db: Queryable, emails: string[]) {
  if (!emails.length) return Promise.resolve([]);
  return db
    .selectFrom('accounts')
    .select([...ACCOUNT_COLUMNS, 'password_hash', 'email_lower'])
    .where(
      'email_lower',
      'in',
      emails.map((e) => e.toLowerCase()),
    )
    .execute();
}

/** Links still usable now: not used, not withdrawn, not expired (consume, supersede and withdraw act on these). */
function openLinks(db: Queryable, now: Date) {
  return db.updateTable('auth_tokens').where('used_at', 'is', null).where('withdrawn_at', 'is', null).where('expires_at', '>', now);
}

/** Earlier unused links of the same purpose stop working when a new one is sent (R-C12). */
export async function expireOpenAuthTokens(db: Queryable, accountId: string, purpose: 'invitation' | 'reset', now: Date) {
  await openLinks(db, now).set({ expires_at: now }).where('account_id', '=', accountId).where('purpose', '=', purpose).execute();
}

/** Consumes a single-use token with one atomic UPDATE: of parallel uses exactly one gets the row. */
export function consumeAuthToken(db: Queryable, tokenHash: string, purpose: 'invitation' | 'reset', now: Date) {
  return openLinks(db, now)
    .set({ used_at: now })
    .where('token_hash', '=', tokenHash)
    .where('purpose', '=', purpose)
    .returning(['account_id'])
    .executeTakeFirst();
}

/** Withdraws every open link of the account (R-C11): the access it would lead to has ended. */
export async function withdrawOpenAuthTokens(db: Queryable, accountId: string, now: Date) {
  const r = await openLinks(db, now).set({ withdrawn_at: now }).where('account_id', '=', accountId).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** A link's token with its account's e-mail, whatever its state (for the page the link opens). */
export function findAuthToken(db: Queryable, tokenHash: string, purpose: 'invitation' | 'reset') {
  return db
    .selectFrom('auth_tokens as t')
    .innerJoin('accounts as a', 'a.id', 't.account_id')
    .select(['t.used_at', 't.withdrawn_at', 't.expires_at', 'a.email'])
    .where('t.token_hash', '=', tokenHash)
    .where('t.purpose', '=', purpose)
    .executeTakeFirst();
}

/**
 * Whether the account can still reach anything (R-G2), strictly: a membership under the access rule (invited
 * counts), a contract it owns, or platform operator. Unlike sign-in's rule, an account left with no memberships at all
 * counts as having nothing.
 */
export async function hasAccessLeft(db: Queryable, accountId: string, today: string): Promise<boolean> {
  const row = await db
    .selectFrom('accounts as a')
    .select((eb) => [
      'a.operator',
      eb
        .exists(
          eb
            .selectFrom('memberships as m')
            .select('m.id')
            .where('m.account_id', '=', accountId)
            .where((e) => membershipAccessSql(e as never, 'm', today, { invited: true })),
        )
        .as('member'),
      eb.exists(eb.selectFrom('orgs').select('id').where('contract_owner_account_id', '=', accountId)).as('owner'),
    ])
    .where('a.id', '=', accountId)
    .executeTakeFirst();
  return !!row && (row.operator || !!row.member || !!row.owner);
}

export async function setPasswordHash(db: Queryable, accountId: string, passwordHash: string) {
  await db.updateTable('accounts').set({ password_hash: passwordHash }).where('id', '=', accountId).execute();
}

/** Accepting an invitation makes the account's invited memberships active. */
export function activateInvitedMemberships(db: Queryable, accountId: string) {
  return db
    .updateTable('memberships')
    .set({ status: 'active' })
    .where('account_id', '=', accountId)
    .where('status', '=', 'invited')
    .returning(['org_id', 'id'])
    .execute();
}

/** A keyset page (by name) of the organisations in `visible` (the policy's subquery), with their total. */
export const MY_ORGS_KEYSET: Keyset = { column: 'name_lower', kind: 'text', order: 'asc' };

export async function listAccountOrganisations(db: Queryable, visible: SelectQueryBuilder<any, any, { id: string }>, after: Position | null, limit: number) {
  // The first page takes its total in the same statement (the visible set is found once); later pages count apart.
  const rows = await keysetQuery(
    db
      .selectFrom('orgs')
      .select(['id', 'name', 'kind', 'name_lower'])
      .$if(after === null, (qb) => qb.select(sql<number>`count(*) over ()`.as('total')))
      .where('id', 'in', visible),
    MY_ORGS_KEYSET,
    after,
  )
    .limit(limit + 1)
    .execute();
  const total =
    after === null ? Number((rows[0] as { total?: number } | undefined)?.total ?? 0) : await countRows(db.selectFrom('orgs').where('id', 'in', visible));
  return { rows, total };
}

/** The account with its e-mail settings (GET /me): one read. */
export function findAccountWithSettings(db: Queryable, accountId: string) {
  return db
    .selectFrom('accounts')
    .select([...ACCOUNT_COLUMNS, 'email_settings'])
    .where('id', '=', accountId)
    .executeTakeFirst();
}

export async function updateAccountProfile(
  db: Queryable,
  accountId: string,
  patch: { language?: 'en' | 'sv' | 'fi' | 'nb'; first_name?: string; last_name?: string; phone?: string | null; email_settings?: string },
) {
  if (!Object.keys(patch).length)
    return db
      .selectFrom('accounts')
      .select([...ACCOUNT_COLUMNS, 'email_settings'])
      .where('id', '=', accountId)
      .executeTakeFirstOrThrow();
  return db
    .updateTable('accounts')
    .set(patch)
    .where('id', '=', accountId)
    .returning([...ACCOUNT_COLUMNS, 'email_settings'])
    .executeTakeFirstOrThrow();
}

/**
 * R-G2 at membership level: whether the account may still reach something — a membership under the access rule
 * (invited counts: a password may have been set through a reset link), a contract it owns, or no memberships at all
 * (a fresh account). Only inactive, expired or not yet valid memberships: refused.
 */
export async function hasUsableAccess(db: Queryable, accountId: string, today: string): Promise<boolean> {
  const usable = await db
    .selectFrom('memberships as m')
    .select('m.id')
    .where('m.account_id', '=', accountId)
    .where((eb) => membershipAccessSql(eb, 'm', today, { invited: true }))
    .limit(1)
    .executeTakeFirst();
  if (usable) return true;
  const any = await db.selectFrom('memberships').select('id').where('account_id', '=', accountId).limit(1).executeTakeFirst();
  if (!any) return true;
  const owned = await db.selectFrom('orgs').select('id').where('contract_owner_account_id', '=', accountId).limit(1).executeTakeFirst();
  return owned !== undefined;
}

export async function operatorExists(db: Queryable) {
  return (await db.selectFrom('accounts').select('id').where('operator', '=', true).limit(1).executeTakeFirst()) !== undefined;
}

export function insertAccount(
  db: Queryable,
  row: {
    id: string;
    email: string;
    firstName: string;
    lastName: string;
    language: 'en' | 'sv' | 'fi' | 'nb';
    homeOrgId: string | null;
    passwordHash?: string | null;
    operator?: boolean;
    phone?: string | null;
  },
) {
  return db
    .insertInto('accounts')
    .values({
      id: row.id,
      email: row.email,
      first_name: row.firstName,
      last_name: row.lastName,
      language: row.language,
      home_org_id: row.homeOrgId,
      password_hash: row.passwordHash ?? null,
      operator: row.operator ?? false,
      phone: row.phone ?? null,
    })
    .returning([...ACCOUNT_COLUMNS])
    .executeTakeFirstOrThrow();
}

// Throttling (SPEC §5): failures per key in a window; checked before any hashing.
export function findThrottles(db: Queryable, keys: string[]) {
  return db.selectFrom('auth_throttle').selectAll().where('key', 'in', keys).execute();
}

export async function recordThrottleFailure(db: Queryable, key: string, now: Date, windowMs: number, limit: number, lockMs: number) {
  const windowStart = new Date(now.getTime() - windowMs);
  await db
    .insertInto('auth_throttle')
    .values({ key, failures: 1, window_started_at: now, locked_until: null })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures: sql`case when auth_throttle.window_started_at < ${windowStart} then 1 else auth_throttle.failures + 1 end`,
        window_started_at: sql`case when auth_throttle.window_started_at < ${windowStart} then ${now}::timestamptz else auth_throttle.window_started_at end`,
        locked_until: sql`case when auth_throttle.window_started_at >= ${windowStart} and auth_throttle.failures + 1 >= ${limit} then ${new Date(now.getTime() + lockMs)}::timestamptz else auth_throttle.locked_until end`,
      }),
    )
    .execute();
}

export async function clearThrottle(db: Queryable, key: string) {
  await db.deleteFrom('auth_throttle').where('key', '=', key).execute();
}

/**
 * A failure under a doubling backoff: from the `after`-th failure in the window each one locks the key for
 * baseMs · 2^(failures − after), at most capMs.
 */
export async function recordBackoffFailure(db: Queryable, key: string, now: Date, windowMs: number, b: { after: number; baseMs: number; capMs: number }) {
  const windowStart = new Date(now.getTime() - windowMs);
  const failures = sql<number>`case when auth_throttle.window_started_at < ${windowStart} then 1 else auth_throttle.failures + 1 end`;
  await db
    .insertInto('auth_throttle')
    .values({ key, failures: 1, window_started_at: now, locked_until: null })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        failures,
        window_started_at: sql`case when auth_throttle.window_started_at < ${windowStart} then ${now}::timestamptz else auth_throttle.window_started_at end`,
        locked_until: sql`case when ${failures} >= ${b.after}
          then ${now}::timestamptz + least(${b.baseMs}::float8 * power(2, ${failures} - ${b.after}), ${b.capMs}::float8) * interval '1 millisecond'
          else auth_throttle.locked_until end`,
      }),
    )
    .execute();
}

/** Ends every personal API token of the account (a password reset); the number ended. */
export async function revokeApiTokensOf(db: Queryable, accountId: string, now: Date): Promise<number> {
  const r = await db.updateTable('api_tokens').set({ revoked_at: now }).where('account_id', '=', accountId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/**
 * Issue 14 item 4: an account's name, with every copy of it — the memberships (the user lists read them) and their
 * person records — in the caller's transaction, so a member's name never differs between organisations.
 */
export async function renameAccount(db: Queryable, accountId: string, names: { first_name: string; last_name: string }) {
  await db.updateTable('accounts').set(names).where('id', '=', accountId).execute();
  await db
    .updateTable('memberships')
    .set({ ...names, updated_at: sql`now()` })
    .where('account_id', '=', accountId)
    .execute();
  await sql`update persons p set first_name = ${names.first_name}, last_name = ${names.last_name}
    from memberships m where m.account_id = ${accountId} and p.org_id = m.org_id and p.id = m.person_id`.execute(db);
}
