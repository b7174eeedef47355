import { sql, type Kysely } from 'kysely';
import { hashPassword } from '../src/auth/passwords.js';
import { demoBusinessId } from '../src/demo/seed.js';
import { validateBusinessId, type Country } from '../src/orgs/business-id.js';
import type { DB } from '../src/kernel/db.js';
import { FIRST_NAMES, LAST_NAMES } from './seed.js';

export interface PlatformOptions {
  /** Organisations on the platform, agencies included. */
  orgs: number;
  /** Client memberships of the consultants, e.g. [2000, 5000]; the agency serves max(...) clients. */
  consultantClients: number[];
}

export interface BenchUser {
  key: string;
  label: string;
  email: string;
  accountId: string;
  /** Organisations this user can open (the truth /me and /orgs should show): counted in SQL after the load. */
  visible: number;
  /** The account's memberships (any status), counted in SQL after the load. */
  memberships: number;
}

export const BENCH_PASSWORD = 'bench-consultant-password-1';
const AGENCIES = 40;
const BUSINESS_WORDS = [
  'Bygg',
  'Rakennus',
  'Transport',
  'Logistiikka',
  'Konsult',
  'Eiendom',
  'Data',
  'Teknik',
  'Kiinteistö',
  'Marin',
  'Trä',
  'Sähkö',
  'Handel',
  'Kauppa',
  'Revisjon',
  'Fisk',
  'Maskin',
  'Invest',
  'Media',
  'Design',
];

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
const arr = (xs: readonly string[]) => `ARRAY[${xs.map(lit).join(',')}]::text[]`;

/** Unique, valid business ids (check digits as R-A2 validates them), FI / SE / NO in turn. */
function businessIds(n: number): { countries: Country[]; ids: string[] } {
  const countries: Country[] = [];
  const ids: string[] = [];
  const seen = new Set<string>();
  for (let g = 1; g <= n; g++) {
    const country = (['FI', 'SE', 'NO'] as const)[g % 3];
    const id = demoBusinessId(country, 20_000 + g);
    const check = validateBusinessId(country, id);
    if (!check.ok || seen.has(`${country}${id}`)) throw new Error(`business id ${country} ${id}: invalid or repeated`);
    seen.add(`${country}${id}`);
    countries.push(country);
    ids.push(id);
  }
  return { countries, ids };
}

/**
 * The platform of "a consultant in many client organisations" (issue 15), bulk-loaded in INSERT … SELECT
 * generate_series statements with the columns the orgs and users services write:
 *
 * - `orgs` organisations: org 1 is the agency "Tilitoimisto Nyckel Oy", orgs 2…40 other agencies; the next
 *   max(consultantClients) organisations are the agency's clients; the rest are clients of the other agencies (80 %)
 *   or on their own. Every licensed module has a pool; ~3 % are legacy ("must convert"); ~30 % of the clients have a
 *   contract owner (one of their own members).
 * - Background members: 1–8 employees per organisation (avg ~4.5), each with an account at home there, the first
 *   holding user-admin, most with a base package.
 * - The measured users: one consultant per entry of consultantClients — an employee of the agency with the agency
 *   package (a plain accountant there) and a reseller, role accountant, agency package, at home in the agency, in that
 *   many of its clients; an agency administrator (employee of the agency holding user-admin, no client memberships);
 *   and a user with one membership (an employee of a client of another agency).
 * - The seat counters, then VACUUM ANALYZE.
 */
export async function loadPlatform(db: Kysely<DB>, o: PlatformOptions): Promise<{ users: BenchUser[]; agencyClients: number; ms: Record<string, number> }> {
  const agencyClients = Math.max(...o.consultantClients);
  if (o.orgs < AGENCIES + agencyClients + 100) throw new Error(`--me-orgs ${o.orgs}: at least ${AGENCIES + agencyClients + 100} for ${agencyClients} clients`);
  const { countries, ids } = businessIds(o.orgs);
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const h = (k: number, v = 'g') => `(hashint4(${v} + ${k * 1_000_003})::bigint + 2147483648)`;
  const tr = (e: string) => `translate(lower(${e}), 'åäöøæé', 'aaooae')`;
  const firstOwnClient = AGENCIES + agencyClients + 1; // a client of another agency: the one-membership user's

  const users = [
    ...o.consultantClients.map((n, i) => ({
      key: `consultant-${n}`,
      label: `consultant, ${n.toLocaleString('en')} client memberships`,
      email: `consultant${i + 1}@nyckel-tilitoimisto.fi`,
      first: ['Erik', 'Liisa', 'Mikko', 'Sara'][i % 4],
      last: ['Berg', 'Korhonen', 'Virtanen', 'Eklund'][i % 4],
      clients: n,
      admin: false,
      single: false,
    })),
    {
      key: 'agency-admin',
      label: `agency administrator (user-admin at an agency of ${agencyClients.toLocaleString('en')} clients)`,
      email: 'admin@nyckel-tilitoimisto.fi',
      first: 'Anna',
      last: 'Andersson',
      clients: 0,
      admin: true,
      single: false,
    },
    {
      key: 'one-membership',
      label: 'one membership (employee of one client)',
      email: 'single@bench-client.fi',
      first: 'Ida',
      last: 'Lindqvist',
      clients: 0,
      admin: false,
      single: true,
    },
  ];
  const usersValues = users
    .map((u, i) => `(${i + 1}, ${lit(u.key)}, ${lit(u.email)}, ${lit(u.first)}, ${lit(u.last)}, ${u.clients}, ${u.admin}, ${u.single})`)
    .join(',\n  ');

  const steps: [string, ReturnType<typeof sql>][] = [
    ['drop staging', sql.raw('DROP TABLE IF EXISTS bench_me_orgs, bench_me_members, bench_me_users')],
    [
      'staging orgs',
      sql`
CREATE UNLOGGED TABLE bench_me_orgs AS
WITH base AS (
  SELECT g, ${sql.raw(h(0))} AS h0, ${sql.raw(h(1))} AS h1, ${sql.raw(h(2))} AS h2, ${sql.raw(h(3))} AS h3, country, business_id
  FROM generate_series(1, ${sql.lit(o.orgs)}) g
  JOIN unnest(${countries}::text[], ${ids}::text[]) WITH ORDINALITY AS b(country, business_id, n) ON b.n = g
)
SELECT g, gen_random_uuid() AS id, country, business_id, h0, h3,
  CASE WHEN g <= ${sql.lit(AGENCIES)} THEN 'agency' ELSE 'client' END AS kind,
  CASE WHEN g = 1 THEN 'Tilitoimisto Nyckel Oy'
       WHEN g <= ${sql.lit(AGENCIES)} THEN (${sql.raw(arr(LAST_NAMES))})[1 + (h1 % ${sql.lit(LAST_NAMES.length)})::int] || ' Redovisning ' || g
       ELSE (${sql.raw(arr(LAST_NAMES))})[1 + (h1 % ${sql.lit(LAST_NAMES.length)})::int] || ' ' || (${sql.raw(arr(BUSINESS_WORDS))})[1 + (h2 % ${sql.lit(BUSINESS_WORDS.length)})::int] END
    || CASE country WHEN 'FI' THEN ' Oy' WHEN 'SE' THEN ' AB' ELSE ' AS' END AS name,
  CASE WHEN g <= ${sql.lit(AGENCIES)} THEN NULL
       WHEN g <= ${sql.lit(AGENCIES + agencyClients)} THEN 1
       WHEN h0 % 100 < 80 THEN 2 + (h1 % ${sql.lit(AGENCIES - 1)})::int END AS agency_g,
  g > ${sql.lit(AGENCIES)} AND h2 / 100 % 100 < 3 AS legacy,
  now() - make_interval(secs => (h3 % (6 * 365 * 86400))::double precision) AS created_at
FROM base`,
    ],
    [
      'orgs',
      sql.raw(`
INSERT INTO orgs (id, name, kind, country, business_id, default_language, agency_id, permission_model, created_at)
SELECT o.id, o.name, o.kind, o.country, o.business_id, CASE o.country WHEN 'FI' THEN 'fi' WHEN 'SE' THEN 'sv' ELSE 'nb' END,
  a.id, CASE WHEN o.legacy THEN 'legacy' ELSE 'current' END, o.created_at
FROM bench_me_orgs o LEFT JOIN bench_me_orgs a ON a.g = o.agency_g`),
    ],
    [
      'license_pools',
      sql.raw(`
INSERT INTO license_pools (org_id, module_key, seats)
SELECT o.id, m.key, CASE WHEN o.kind = 'agency' THEN 50 ELSE 20 END FROM bench_me_orgs o CROSS JOIN modules m WHERE m.licensed`),
    ],
    [
      'staging members',
      sql.raw(`
CREATE UNLOGGED TABLE bench_me_members AS
SELECT o.id AS org_id, o.name AS org_name, o.g, n,
  gen_random_uuid() AS account_id, gen_random_uuid() AS person_id, gen_random_uuid() AS membership_id,
  (${arr(FIRST_NAMES)})[1 + (${h(4, 'o.g * 8 + n')} % ${FIRST_NAMES.length})::int] AS first_name,
  (${arr(LAST_NAMES)})[1 + (${h(5, 'o.g * 8 + n')} % ${LAST_NAMES.length})::int] AS last_name,
  CASE o.country WHEN 'FI' THEN 'fi' WHEN 'SE' THEN 'sv' ELSE 'nb' END AS language,
  ${h(6, 'o.g * 8 + n')} % 100 AS hp,
  now() - make_interval(secs => (${h(7, 'o.g * 8 + n')} % (5 * 365 * 86400))::double precision) AS created_at
FROM bench_me_orgs o, generate_series(1, 1 + (o.h0 / 100 % 8)::int) n`),
    ],
    ['member emails', sql.raw(`ALTER TABLE bench_me_members ADD COLUMN email text`)],
    [
      'member emails ',
      sql.raw(`UPDATE bench_me_members SET email = ${tr('first_name')} || '.' || ${tr('last_name')} || '.' || g || '.' || n || '@org' || g || '.example'`),
    ],
    [
      'staging users',
      sql`
CREATE UNLOGGED TABLE bench_me_users AS
SELECT u.*, gen_random_uuid() AS account_id, a.id AS agency_id, a.name AS agency_name
FROM (VALUES
  ${sql.raw(usersValues)}
) AS u(i, key, email, first_name, last_name, clients, admin, single)
CROSS JOIN bench_me_orgs a WHERE a.g = 1`,
    ],
    [
      'accounts',
      sql`
INSERT INTO accounts (id, email, first_name, last_name, language, home_org_id, password_hash, active, created_at)
SELECT account_id, email, first_name, last_name, language, org_id, 'bench-account-without-password', true, created_at FROM bench_me_members
UNION ALL
SELECT u.account_id, u.email, u.first_name, u.last_name, 'fi',
  CASE WHEN u.single THEN (SELECT id FROM bench_me_orgs WHERE g = ${sql.lit(firstOwnClient)}) ELSE u.agency_id END, ${passwordHash}, true, now()
FROM bench_me_users u`,
    ],
    // Every membership of the measured users, one row each: the shape the users service writes (insertMember).
    [
      'staging user memberships',
      sql.raw(`
CREATE UNLOGGED TABLE bench_me_user_memberships AS
SELECT u.account_id, u.email, u.first_name, u.last_name, u.agency_id AS home_org_id, u.agency_name AS home_org_name,
  u.agency_id AS org_id, 'employee' AS type, NULL::text AS reseller_role, NULL::text AS job_title,
  ARRAY['agency']::text[] AS packages, CASE WHEN u.admin THEN ARRAY['user-admin'] ELSE ARRAY[]::text[] END AS modules
FROM bench_me_users u WHERE NOT u.single
UNION ALL
SELECT u.account_id, u.email, u.first_name, u.last_name, u.agency_id, u.agency_name,
  c.id, 'reseller', 'accountant', 'Accountant', ARRAY['agency']::text[], ARRAY[]::text[]
FROM bench_me_users u JOIN bench_me_orgs c ON c.g > ${AGENCIES} AND c.g <= ${AGENCIES} + u.clients
UNION ALL
SELECT u.account_id, u.email, u.first_name, u.last_name, c.id, c.name,
  c.id, 'employee', NULL, NULL, ARRAY['base-accounting']::text[], ARRAY[]::text[]
FROM bench_me_users u JOIN bench_me_orgs c ON c.g = ${firstOwnClient} WHERE u.single`),
    ],
    [
      'user memberships ids',
      sql.raw(
        `ALTER TABLE bench_me_user_memberships ADD COLUMN person_id uuid DEFAULT gen_random_uuid(), ADD COLUMN membership_id uuid DEFAULT gen_random_uuid()`,
      ),
    ],
    [
      'persons',
      sql.raw(`
INSERT INTO persons (org_id, id, first_name, last_name, email, phone, job_title, created_at)
SELECT org_id, person_id, first_name, last_name, email, NULL, NULL, created_at FROM bench_me_members
UNION ALL
SELECT org_id, person_id, first_name, last_name, email, NULL, job_title, now() FROM bench_me_user_memberships`),
    ],
    [
      'memberships',
      sql.raw(`
INSERT INTO memberships (org_id, id, person_id, account_id, type, status, reseller_role, valid_from, valid_until, created_at,
  first_name, last_name, email, home, home_org_id, home_org_name, updated_at)
SELECT org_id, membership_id, person_id, account_id, 'employee', CASE WHEN hp < 92 THEN 'active' ELSE 'invited' END, NULL, NULL::date, NULL::date, created_at,
  first_name, last_name, email, 'own', org_id, org_name, created_at
FROM bench_me_members
UNION ALL
SELECT org_id, membership_id, person_id, account_id, type, 'active', reseller_role, NULL::date, NULL::date, now(),
  first_name, last_name, email, CASE WHEN home_org_id = org_id THEN 'own' ELSE 'partner' END, home_org_id, home_org_name, now()
FROM bench_me_user_memberships`),
    ],
    [
      'membership_packages',
      sql.raw(`
INSERT INTO membership_packages (org_id, membership_id, package_key)
SELECT org_id, membership_id, CASE WHEN hp % 10 < 7 THEN 'base-accounting' ELSE 'base-payroll' END FROM bench_me_members WHERE hp % 100 < 85
UNION ALL
SELECT org_id, membership_id, p FROM bench_me_user_memberships, unnest(packages) p`),
    ],
    [
      'membership_modules',
      sql.raw(`
INSERT INTO membership_modules (org_id, membership_id, module_key, admin)
SELECT org_id, membership_id, 'user-admin', false FROM bench_me_members WHERE n = 1
UNION ALL
SELECT org_id, membership_id, m, false FROM bench_me_user_memberships, unnest(modules) m`),
    ],
    [
      'contract owners',
      sql.raw(`
UPDATE orgs o SET contract_owner_account_id = m.account_id
FROM bench_me_members m JOIN bench_me_orgs s ON s.g = m.g
WHERE m.org_id = o.id AND m.n = 1 AND s.kind = 'client' AND s.h3 / 100 % 100 < 30`),
    ],
    [
      'seat counters',
      sql.raw(`
UPDATE license_pools lp SET in_use = sub.n FROM (
  SELECT e.org_id, e.module_key, count(DISTINCT e.membership_id) AS n FROM (
    SELECT mm.org_id, mm.membership_id, mm.module_key FROM membership_modules mm
    UNION
    SELECT mp.org_id, mp.membership_id, pm.module_key FROM membership_packages mp JOIN package_modules pm ON pm.package_key = mp.package_key
  ) e
  JOIN memberships m ON m.org_id = e.org_id AND m.id = e.membership_id
  WHERE m.type IN ('employee', 'external', 'reseller') AND m.status IN ('invited', 'active')
  GROUP BY e.org_id, e.module_key
) sub WHERE lp.org_id = sub.org_id AND lp.module_key = sub.module_key`),
    ],
  ];
  const ms: Record<string, number> = {};
  for (const [name, statement] of steps) {
    const t0 = performance.now();
    await statement.execute(db);
    ms[name.trim()] = (ms[name.trim()] ?? 0) + Math.round(performance.now() - t0);
  }
  const staged = await sql<{ key: string; account_id: string }>`SELECT key, account_id FROM bench_me_users ORDER BY i`.execute(db);
  await sql.raw('DROP TABLE bench_me_orgs, bench_me_members, bench_me_users, bench_me_user_memberships').execute(db);
  const t0 = performance.now();
  for (const table of ['orgs', 'accounts', 'license_pools', 'persons', 'memberships', 'membership_packages', 'membership_modules']) {
    await sql.raw(`VACUUM ANALYZE ${table}`).execute(db);
  }
  ms['vacuum analyze'] = Math.round(performance.now() - t0);

  // The truth to compare /me and /orgs with, counted independently of the code under test: active memberships,
  // contracts owned, and the clients of agencies where the account holds user-admin (SPEC §1).
  const out: BenchUser[] = [];
  for (const u of users) {
    const accountId = staged.rows.find((r) => r.key === u.key)!.account_id;
    const {
      rows: [c],
    } = await sql<{ visible: string; memberships: string }>`
      SELECT
        (SELECT count(*) FROM orgs o WHERE o.contract_owner_account_id = ${accountId}
           OR EXISTS (SELECT 1 FROM memberships m WHERE m.org_id = o.id AND m.account_id = ${accountId} AND m.status = 'active')
           OR o.agency_id IN (SELECT m.org_id FROM memberships m JOIN membership_modules mm ON mm.org_id = m.org_id AND mm.membership_id = m.id
                              WHERE m.account_id = ${accountId} AND m.status = 'active' AND mm.module_key = 'user-admin')) AS visible,
        (SELECT count(*) FROM memberships WHERE account_id = ${accountId}) AS memberships`.execute(db);
    out.push({ key: u.key, label: u.label, email: u.email, accountId, visible: Number(c.visible), memberships: Number(c.memberships) });
  }
  return { users: out, agencyClients, ms };
}
