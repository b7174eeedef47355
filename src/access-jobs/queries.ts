import { sql } from 'kysely';
import type { Queryable } from '../kernel/db.js';
import type { AccessJobOutcome } from '../kernel/db-types.js';
import { membershipAccessSql } from '../access/effective.js';

/** Clients of the agency among `ids` (id, name); a missing id is not a client of this agency. */
export function findClientsOfAgency(db: Queryable, agencyId: string, ids: string[]) {
  if (!ids.length) return Promise.resolve([]);
  return db.selectFrom('orgs').select(['id', 'name']).where('agency_id', '=', agencyId).where('kind', '=', 'client').where('id', 'in', ids).execute();
}

/** Every client of the agency, by name. */
export function listClientsOfAgency(db: Queryable, agencyId: string) {
  return db
    .selectFrom('orgs')
    .select(['id', 'name'])
    .where('agency_id', '=', agencyId)
    .where('kind', '=', 'client')
    .orderBy('name_lower')
    .orderBy('id')
    .execute();
}

/** R-H6: the agency's clients where any of the accounts is a member (offboarding: "also remove from all clients"). */
export function clientsWithMembersOf(db: Queryable, agencyId: string, accountIds: string[]) {
  return db
    .selectFrom('orgs as o')
    .select(['o.id', 'o.name'])
    .where('o.agency_id', '=', agencyId)
    .where('o.kind', '=', 'client')
    .where(({ exists, selectFrom }) =>
      exists(selectFrom('memberships as m').select(sql`1`.as('x')).whereRef('m.org_id', '=', 'o.id').where('m.account_id', 'in', accountIds)),
    )
    .orderBy('o.name_lower')
    .orderBy('o.id')
    .execute();
}

/** What a membership at a client copies from a consultant's account (a = accounts, h = its home organisation). */
const consultantColumns = [
  'a.id',
  'a.email',
  'a.first_name',
  'a.last_name',
  'a.home_org_id',
  'h.name as home_org_name',
  sql<boolean>`a.password_hash is not null`.as('has_password'),
] as const;

/**
 * R-C3: the consultants among `accountIds` — active employees of the agency (the access rule on their membership
 * there) — with what a membership at a client copies from the account.
 */
export function findConsultants(db: Queryable, agencyId: string, accountIds: string[], today: string) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('accounts as a', 'a.id', 'm.account_id')
    .leftJoin('orgs as h', 'h.id', 'a.home_org_id')
    .select(consultantColumns)
    .where('m.org_id', '=', agencyId)
    .where('m.account_id', 'in', accountIds)
    .where('m.type', '=', 'employee')
    .where((eb) => membershipAccessSql(eb as never, 'm', today))
    .execute();
}

/**
 * R-H6: the accounts among `accountIds` that are or were the agency's people — a membership there of any status, or
 * the agency as home organisation (a deleted employee's account stays at home there) — whose access to clients may
 * still be removed after they were deactivated or deleted at the agency.
 */
export function findFormerOrCurrentConsultants(db: Queryable, agencyId: string, accountIds: string[]) {
  return db
    .selectFrom('accounts as a')
    .leftJoin('orgs as h', 'h.id', 'a.home_org_id')
    .select(consultantColumns)
    .where('a.id', 'in', accountIds)
    .where(({ or, eb, exists, selectFrom }) =>
      or([
        eb('a.home_org_id', '=', agencyId),
        exists(selectFrom('memberships as m').select(sql`1`.as('x')).where('m.org_id', '=', agencyId).whereRef('m.account_id', '=', 'a.id')),
      ]),
    )
    .execute();
}

export interface ResultRow {
  org_id: string;
  job_id: string;
  seq: number;
  n: number;
  client_id: string;
  consultant_account_id: string;
  module: string | null;
  outcome: AccessJobOutcome;
  reason: string | null;
}

export async function insertResults(db: Queryable, rows: ResultRow[]) {
  if (!rows.length) return;
  await sql`insert into access_job_results (org_id, job_id, seq, n, client_id, consultant_account_id, module, outcome, reason)
    select org_id, job_id, seq, n, client_id, consultant_account_id, module, outcome, reason
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(org_id uuid, job_id uuid, seq int, n int, client_id uuid,
      consultant_account_id uuid, module text, outcome text, reason text)`.execute(db);
}

/** The job run of an access job by its id alone (GET /access-jobs/{id}); the caller's rights are checked on its agency. */
export function findJobRun(db: Queryable, kind: string, id: string) {
  return db.selectFrom('job_runs').select('org_id').where('id', '=', id).where('kind', '=', kind).executeTakeFirst();
}

/** A page of a job's results in item order, after (seq, n), with the client's and consultant's names. */
export function listResultRows(
  db: Queryable,
  agencyId: string,
  jobId: string,
  outcome: AccessJobOutcome | undefined,
  after: [number, number] | null,
  limit: number,
) {
  return db
    .selectFrom('access_job_results as r')
    .leftJoin('orgs as o', 'o.id', 'r.client_id')
    .leftJoin('accounts as a', 'a.id', 'r.consultant_account_id')
    .select([
      'r.seq',
      'r.n',
      'r.client_id',
      'r.consultant_account_id',
      'r.module',
      'r.outcome',
      'r.reason',
      'o.name as client_name',
      sql<string>`coalesce(a.first_name || ' ' || a.last_name, '')`.as('consultant_name'),
    ])
    .where('r.org_id', '=', agencyId)
    .where('r.job_id', '=', jobId)
    .$if(outcome !== undefined, (qb) => qb.where('r.outcome', '=', outcome!))
    .$if(after !== null, (qb) => qb.where(sql<boolean>`(r.seq, r.n) > (${after![0]}, ${after![1]})`))
    .orderBy('r.seq')
    .orderBy('r.n')
    .limit(limit)
    .execute();
}

export async function countResults(db: Queryable, agencyId: string, jobId: string, outcome: AccessJobOutcome | undefined) {
  const r = await db
    .selectFrom('access_job_results')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('org_id', '=', agencyId)
    .where('job_id', '=', jobId)
    .$if(outcome !== undefined, (qb) => qb.where('outcome', '=', outcome!))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
