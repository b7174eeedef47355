import { sql, type Kysely } from 'kysely';
import type { Catalogue } from '../src/catalogue/service.js';
import { newId } from '../src/kernel/crypto.js';
import { type DB, inTx } from '../src/kernel/db.js';
import { insertMember, normaliseGrants } from '../src/users/service.js';

/** Small name lists: Finnish, Swedish and Norwegian first and last names (every last name ~1 % of the rows). */
export const FIRST_NAMES = [
  'Aino',
  'Anna',
  'Anders',
  'Antti',
  'Astrid',
  'Birgitta',
  'Björn',
  'Eero',
  'Elin',
  'Emil',
  'Emma',
  'Erik',
  'Eva',
  'Freja',
  'Gustav',
  'Hanna',
  'Harald',
  'Heikki',
  'Helena',
  'Henrik',
  'Ida',
  'Ingrid',
  'Jari',
  'Johan',
  'Johanna',
  'Juha',
  'Jukka',
  'Kari',
  'Karin',
  'Kristian',
  'Kristiina',
  'Lars',
  'Leena',
  'Liisa',
  'Linnea',
  'Magnus',
  'Maja',
  'Marja',
  'Markku',
  'Matti',
  'Mikael',
  'Mikko',
  'Nils',
  'Noora',
  'Olav',
  'Oskar',
  'Paula',
  'Per',
  'Pekka',
  'Pirjo',
  'Ragnhild',
  'Riikka',
  'Sanna',
  'Sigrid',
  'Sofia',
  'Solveig',
  'Stefan',
  'Sven',
  'Tapio',
  'Tiina',
  'Timo',
  'Tove',
  'Ulla',
  'Ville',
  'Åsa',
  'Øystein',
];
export const LAST_NAMES = [
  'Aalto',
  'Ahonen',
  'Andersen',
  'Andersson',
  'Bakke',
  'Berg',
  'Berggren',
  'Bergström',
  'Dahl',
  'Ekström',
  'Eriksson',
  'Forsberg',
  'Gustafsson',
  'Haapala',
  'Hagen',
  'Halvorsen',
  'Hämäläinen',
  'Hansen',
  'Heikkinen',
  'Heinonen',
  'Hedlund',
  'Holm',
  'Holmberg',
  'Isaksson',
  'Jakobsen',
  'Johansson',
  'Jonsson',
  'Järvinen',
  'Johannessen',
  'Karlsson',
  'Kallio',
  'Koivisto',
  'Korhonen',
  'Koskinen',
  'Kristiansen',
  'Laaksonen',
  'Laine',
  'Larsen',
  'Larsson',
  'Lehtonen',
  'Lindberg',
  'Lindgren',
  'Lindholm',
  'Lindqvist',
  'Lindström',
  'Lund',
  'Lundberg',
  'Lundqvist',
  'Magnusson',
  'Mäkelä',
  'Mäkinen',
  'Mattsson',
  'Moen',
  'Niemi',
  'Nieminen',
  'Nilsen',
  'Nilsson',
  'Nordin',
  'Nyberg',
  'Olsen',
  'Olsson',
  'Pedersen',
  'Persson',
  'Pettersen',
  'Pettersson',
  'Rantanen',
  'Salminen',
  'Salo',
  'Sandberg',
  'Sjöberg',
  'Solberg',
  'Sørensen',
  'Strand',
  'Ström',
  'Svensson',
  'Tuominen',
  'Turunen',
  'Vikström',
  'Virtanen',
  'Wallin',
  'Wikström',
  'Åberg',
  'Öberg',
  'Engström',
  'Fredriksson',
  'Granqvist',
  'Hakala',
  'Hellström',
  'Jokinen',
  'Kinnunen',
  'Lahtinen',
  'Leinonen',
  'Mustonen',
  'Nyström',
  'Ojala',
  'Rasmussen',
  'Saarinen',
  'Sundberg',
  'Tanskanen',
  'Viklund',
];
const JOB_TITLES = ['Controller', 'Accountant', 'Project manager', 'Site supervisor', 'Sales manager', 'Payroll specialist', 'CFO', 'Consultant'];

export interface Partner {
  id: string;
  name: string;
  domain: string;
  language: 'sv' | 'fi' | 'nb';
}
export interface SeedOptions {
  orgId: string;
  orgName: string;
  ownDomain: string;
  partners: Partner[];
  /** Members in the default list view (everyone but the deactivated). */
  rows: number;
  /** Deactivated members on top (the "inactive" view). */
  inactive: number;
}

const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;
const arr = (xs: readonly string[]) => `ARRAY[${xs.map(lit).join(',')}]::text[]`;
const uuid = (s: string) => {
  if (!/^[0-9a-f-]{36}$/i.test(s)) throw new Error(`not a uuid: ${s}`);
  return `'${s}'::uuid`;
};

/**
 * Bulk-loads the members of one organisation in a few INSERT … SELECT statements over generate_series (no COPY):
 * a staging table with every row's attributes, derived from integer hashes of the row number (deterministic, the
 * same on PostgreSQL and PGlite, apart from the random UUIDs), then accounts, persons, memberships, packages,
 * modules, roles, the seat counters, and VACUUM ANALYZE. Returns the time of each step in ms.
 */
export async function bulkLoad(db: Kysely<DB>, o: SeedOptions): Promise<Record<string, number>> {
  const total = o.rows + o.inactive;
  if (total + 10 * 1_000_003 > 2_000_000_000) throw new Error('too many rows');
  const org = uuid(o.orgId);
  const h = (k: number) => `(hashint4(g + ${k * 1_000_003})::bigint + 2147483648)`;
  const tr = (e: string) => `translate(lower(${e}), 'åäöøæé', 'aaooae')`;
  const steps: [string, string][] = [
    ['drop staging', 'DROP TABLE IF EXISTS bench_seed'],
    [
      'staging rows',
      `
CREATE UNLOGGED TABLE bench_seed AS
WITH base AS (
  SELECT g, ${h(0)} AS h0, ${h(1)} AS h1, ${h(2)} AS h2, ${h(3)} AS h3, ${h(4)} AS h4, ${h(5)} AS h5,
         ${h(6)} AS h6, ${h(7)} AS h7, ${h(8)} AS h8, ${h(9)} AS h9
  FROM generate_series(1, ${total}) g
), typed AS (
  SELECT b.*,
    (h0 % 100) < 15 AS partner,
    (h1 % ${o.partners.length})::int + 1 AS pidx,
    CASE WHEN (h0 % 100) < 15 THEN (CASE WHEN h2 % 100 < 75 THEN 'employee' ELSE 'external' END)
         WHEN h2 % 100 < 78 THEN 'employee' WHEN h2 % 100 < 86 THEN 'external' WHEN h2 % 100 < 93 THEN 'no_access'
         ELSE 'person' END AS type,
    (${arr(FIRST_NAMES)})[1 + (h6 % ${FIRST_NAMES.length})::int] AS first_name,
    (${arr(LAST_NAMES)})[1 + (h7 % ${LAST_NAMES.length})::int] AS last_name
  FROM base b
), statused AS (
  SELECT t.*,
    CASE WHEN g > ${o.rows} THEN 'inactive'
         WHEN type = 'person' THEN 'active'
         WHEN type = 'no_access' THEN (CASE WHEN h3 % 100 < 85 THEN 'active' ELSE 'invited' END)
         WHEN type = 'employee' THEN (CASE WHEN h3 % 100 < 88 THEN 'active' ELSE 'invited' END)
         ELSE (CASE WHEN h3 % 100 < 78 THEN 'active' WHEN h3 % 100 < 90 THEN 'invited' ELSE 'expired' END)
    END AS status
  FROM typed t
)
SELECT s.g, s.type, s.status, s.partner, s.first_name, s.last_name,
  gen_random_uuid() AS person_id, gen_random_uuid() AS membership_id,
  CASE WHEN s.type <> 'person' THEN gen_random_uuid() END AS account_id,
  CASE WHEN s.partner THEN (${`ARRAY[${o.partners.map((p) => uuid(p.id)).join(',')}]`})[s.pidx] ELSE ${org} END AS home_org_id,
  CASE WHEN s.partner THEN (${arr(o.partners.map((p) => p.name))})[s.pidx] ELSE ${lit(o.orgName)} END AS home_org_name,
  CASE WHEN s.partner THEN (${arr(o.partners.map((p) => p.language))})[s.pidx] WHEN s.h4 % 10 < 7 THEN 'fi' ELSE 'sv' END AS language,
  CASE WHEN s.type = 'person' AND s.h8 % 100 >= 40 THEN NULL
       ELSE ${tr('s.first_name')} || '.' || ${tr('s.last_name')} || '.' || s.g || '@'
            || (CASE WHEN s.partner THEN (${arr(o.partners.map((p) => p.domain))})[s.pidx] ELSE ${lit(o.ownDomain)} END) END AS email,
  CASE WHEN s.h5 % 100 < 60 THEN '+358 40 ' || lpad((s.h5 % 10000000)::text, 7, '0') END AS phone,
  CASE WHEN s.h9 % 100 < 50 THEN (${arr(JOB_TITLES)})[1 + (s.h9 % ${JOB_TITLES.length})::int] END AS job_title,
  CASE WHEN s.type = 'external' THEN current_date - (s.h4 % 300)::int END AS valid_from,
  CASE WHEN s.type <> 'external' THEN NULL
       WHEN s.status = 'expired' THEN current_date - (1 + s.h4 % 200)::int
       ELSE current_date + (1 + s.h4 % 400)::int END AS valid_until,
  now() - make_interval(secs => (s.h5 % (5 * 365 * 86400))::double precision) AS created_at,
  CASE WHEN s.type IN ('employee', 'external') THEN array_remove(ARRAY[
      CASE WHEN s.h7 / 100 % 100 < 85 THEN 'base-accounting' END,
      CASE WHEN s.h8 % 100 < 30 THEN 'base-payroll' END,
      CASE WHEN s.h8 % 100 >= 90 THEN 'base-crm' END,
      CASE WHEN s.h9 / 100 % 100 < 5 THEN 'case-management' END], NULL)
    ELSE ARRAY[]::text[] END AS packages,
  CASE WHEN s.type IN ('employee', 'external') AND s.h9 / 100 % 100 BETWEEN 5 AND 11 THEN 'documents'
       WHEN s.type IN ('employee', 'external') AND s.h9 / 100 % 100 BETWEEN 12 AND 13 THEN 'accounting' END AS module,
  s.type = 'employee' AND s.h3 / 100 % 100 >= 97 AS viewer
FROM statused s`,
    ],
    [
      'accounts',
      `
INSERT INTO accounts (id, email, first_name, last_name, language, home_org_id, password_hash, active, created_at)
SELECT account_id, email, first_name, last_name, language, home_org_id,
  CASE WHEN status = 'invited' THEN NULL ELSE 'bench-account-without-password' END, true, created_at
FROM bench_seed WHERE account_id IS NOT NULL`,
    ],
    [
      'persons',
      `
INSERT INTO persons (org_id, id, first_name, last_name, email, phone, job_title, created_at)
SELECT ${org}, person_id, first_name, last_name, email, phone, job_title, created_at FROM bench_seed`,
    ],
    [
      'memberships',
      `
INSERT INTO memberships (org_id, id, person_id, account_id, type, status, valid_from, valid_until, created_at,
  first_name, last_name, email, home, home_org_id, home_org_name, status_before_deactivation, deactivated_at, updated_at)
SELECT ${org}, membership_id, person_id, account_id, type, status, valid_from, valid_until, created_at,
  first_name, last_name, email, CASE WHEN partner THEN 'partner' ELSE 'own' END, home_org_id, home_org_name,
  CASE WHEN status = 'inactive' THEN 'active' END, CASE WHEN status = 'inactive' THEN now() END, created_at
FROM bench_seed`,
    ],
    [
      'membership_packages',
      `
INSERT INTO membership_packages (org_id, membership_id, package_key)
SELECT ${org}, membership_id, p FROM bench_seed, unnest(packages) p`,
    ],
    [
      'membership_modules',
      `
INSERT INTO membership_modules (org_id, membership_id, module_key, admin)
SELECT ${org}, membership_id, module, module = 'accounting' FROM bench_seed WHERE module IS NOT NULL`,
    ],
    [
      'membership_roles',
      `
INSERT INTO membership_roles (org_id, membership_id, scope, target_id, role)
SELECT ${org}, membership_id, 'org', ${org}, 'org-viewer' FROM bench_seed WHERE viewer`,
    ],
    [
      'seat counters',
      `
UPDATE license_pools lp SET in_use = COALESCE(sub.n, 0) FROM (
  SELECT e.module_key, count(DISTINCT e.membership_id) AS n FROM (
    SELECT mm.membership_id, mm.module_key FROM membership_modules mm WHERE mm.org_id = ${org}
    UNION
    SELECT mp.membership_id, pm.module_key FROM membership_packages mp JOIN package_modules pm ON pm.package_key = mp.package_key WHERE mp.org_id = ${org}
  ) e
  JOIN memberships m ON m.org_id = ${org} AND m.id = e.membership_id
  WHERE m.type IN ('employee', 'external', 'reseller') AND m.status IN ('invited', 'active')
  GROUP BY e.module_key
) sub WHERE lp.org_id = ${org} AND lp.module_key = sub.module_key`,
    ],
    ['drop staging ', 'DROP TABLE bench_seed'],
  ];
  const times: Record<string, number> = {};
  // The memberships' secondary indexes (12 btrees and the trigram GIN) are dropped for the load and built again
  // after it: one sorted build each instead of a million index insertions (minutes at 1,000,000 rows).
  const indexes = (
    await sql<{ name: string; def: string }>`
      SELECT i.indexname AS name, i.indexdef AS def FROM pg_indexes i
      WHERE i.schemaname = current_schema() AND i.tablename = 'memberships'
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`.execute(db)
  ).rows;
  for (const [name, text] of steps) {
    const t0 = performance.now();
    if (name === 'memberships') for (const i of indexes) await sql.raw(`DROP INDEX ${i.name}`).execute(db);
    await sql.raw(text).execute(db);
    times[name.trim()] = Math.round(performance.now() - t0);
    if (name === 'memberships') {
      const t1 = performance.now();
      await sql.raw(`SET maintenance_work_mem = '128MB'`).execute(db);
      for (const i of indexes) await sql.raw(i.def).execute(db);
      await sql.raw('RESET maintenance_work_mem').execute(db);
      times['memberships indexes'] = Math.round(performance.now() - t1);
    }
  }
  // Autovacuum would do this on a live system; the visibility map makes the count an index-only scan.
  const t0 = performance.now();
  for (const table of ['accounts', 'persons', 'memberships', 'membership_packages', 'membership_modules', 'membership_roles', 'license_pools']) {
    await sql.raw(`VACUUM ANALYZE ${table}`).execute(db);
  }
  times['vacuum analyze'] = Math.round(performance.now() - t0);
  return times;
}

/** A client organisation of the current model with one license pool, inserted directly (bench fixtures). */
export async function insertBenchOrg(db: Kysely<DB>, o: { id: string; name: string; businessPrefix: string; module: string; seats: number }) {
  await db
    .insertInto('orgs')
    .values({
      id: o.id,
      name: o.name,
      kind: 'client',
      country: 'FI',
      business_id: `${o.businessPrefix}-${o.id.slice(0, 8)}`,
      default_language: 'fi',
      agency_id: null,
      contract_owner_account_id: null,
      permission_model: 'current',
    })
    .execute();
  await db
    .insertInto('license_pools')
    .values([{ org_id: o.id, module_key: o.module, seats: o.seats }])
    .execute();
}

/**
 * An account at home in a bench organisation and its active employee membership there with one module, inserted
 * through the users service's insertMember (bench fixtures). Returns the account's and the membership's ids.
 */
export async function insertBenchEmployee(
  db: Kysely<DB>,
  catalogue: Catalogue,
  o: {
    org: { id: string; name: string };
    email: (accountId: string) => string;
    firstName: string;
    lastName: string;
    module: string;
    passwordHash: string | null;
  },
): Promise<{ accountId: string; membershipId: string; email: string }> {
  const accountId = newId();
  const email = o.email(accountId);
  await db
    .insertInto('accounts')
    .values({ id: accountId, email, first_name: o.firstName, last_name: o.lastName, language: 'fi', home_org_id: o.org.id, password_hash: o.passwordHash })
    .execute();
  const membershipId = await inTx(db, (tx) =>
    insertMember(tx, catalogue, {
      orgId: o.org.id,
      accountId,
      email,
      firstName: o.firstName,
      lastName: o.lastName,
      phone: null,
      jobTitle: null,
      type: 'employee',
      status: 'active',
      resellerRole: null,
      validFrom: null,
      validUntil: null,
      homeOrg: o.org,
      grants: normaliseGrants([], [{ key: o.module }]),
    }),
  );
  return { accountId, membershipId, email };
}
