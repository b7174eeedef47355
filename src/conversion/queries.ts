import { sql, type ColumnType } from 'kysely';
import type { Queryable } from '../kernel/db.js';
import type { WizardStep } from './enums.js';
import type { Decisions, Edits, LegacyLogin, LegacyPerson } from './mapping.js';

/** The conversion's own tables (migrations/0011_conversion.sql), added to the shared DB type here. */
export interface LegacyPersonsTable {
  org_id: string;
  key: string;
  first_name: string;
  last_name: string;
  email: string | null;
  phone: string | null;
}
export interface LegacyLoginsTable {
  org_id: string;
  key: string;
  username: string;
  kind: 'personal' | 'integration';
  email: string | null;
  rights: string[];
  person_keys: string[];
}
export interface ConversionsTable {
  org_id: string;
  status: 'open' | 'applied';
  version: ColumnType<number, number | undefined, number>;
  opened_by: string;
  opened_by_name: string;
  opened_at: ColumnType<Date, never, never>;
  applied_at: ColumnType<Date | null, never, Date | null>;
  decisions: ColumnType<Decisions, string | undefined, string>;
  edits: ColumnType<Edits, string | undefined, string>;
  step: ColumnType<WizardStep, WizardStep | undefined, WizardStep>;
}
type ConversionTables = {
  legacy_persons: LegacyPersonsTable;
  legacy_logins: LegacyLoginsTable;
  conversions: ConversionsTable;
};

const t = (db: Queryable) => db.withTables<ConversionTables>();
const CHUNK = 1000;

export async function insertLegacyRecord(db: Queryable, orgId: string, persons: LegacyPerson[], logins: LegacyLogin[]) {
  for (let i = 0; i < persons.length; i += CHUNK) {
    await t(db)
      .insertInto('legacy_persons')
      .values(
        persons.slice(i, i + CHUNK).map((p) => ({ org_id: orgId, key: p.key, first_name: p.firstName, last_name: p.lastName, email: p.email, phone: p.phone })),
      )
      .execute();
  }
  for (let i = 0; i < logins.length; i += CHUNK) {
    await t(db)
      .insertInto('legacy_logins')
      .values(
        logins.slice(i, i + CHUNK).map((l) => ({
          org_id: orgId,
          key: l.key,
          username: l.username,
          kind: l.kind,
          email: l.email,
          rights: sql<string[]>`${`{${l.rights.map(arrayItem).join(',')}}`}::text[]`,
          person_keys: sql<string[]>`${`{${l.personKeys.map(arrayItem).join(',')}}`}::text[]`,
        })),
      )
      .execute();
  }
}

/** A text[] literal's element, quoted (both drivers take the literal as text and cast it). */
const arrayItem = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

export async function loadLegacyRecord(db: Queryable, orgId: string): Promise<{ persons: LegacyPerson[]; logins: LegacyLogin[] }> {
  const [persons, logins] = await Promise.all([
    t(db).selectFrom('legacy_persons').select(['key', 'first_name', 'last_name', 'email', 'phone']).where('org_id', '=', orgId).orderBy('key').execute(),
    t(db)
      .selectFrom('legacy_logins')
      .select(['key', 'username', 'kind', 'email', 'rights', 'person_keys'])
      .where('org_id', '=', orgId)
      .orderBy('key')
      .execute(),
  ]);
  return {
    persons: persons.map((p) => ({ key: p.key, firstName: p.first_name, lastName: p.last_name, email: p.email, phone: p.phone })),
    logins: logins.map((l) => ({ key: l.key, username: l.username, kind: l.kind, email: l.email, rights: l.rights, personKeys: l.person_keys })),
  };
}

export function countLegacyRecord(db: Queryable, orgId: string) {
  return Promise.all([
    t(db)
      .selectFrom('legacy_persons')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('org_id', '=', orgId)
      .executeTakeFirstOrThrow(),
    t(db)
      .selectFrom('legacy_logins')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('org_id', '=', orgId)
      .executeTakeFirstOrThrow(),
  ]).then(([p, l]) => ({ persons: Number(p.n), logins: Number(l.n) }));
}

export async function loadRightsMap(db: Queryable): Promise<Map<string, string>> {
  const rows = await db.selectFrom('legacy_rights').select(['code', 'module_key']).execute();
  return new Map(rows.map((r) => [r.code, r.module_key]));
}

const CONVERSION_COLUMNS = ['org_id', 'status', 'version', 'opened_by', 'opened_by_name', 'opened_at', 'applied_at', 'decisions', 'edits', 'step'] as const;
export type ConversionRow = NonNullable<Awaited<ReturnType<typeof findConversion>>>;

export function findConversion(db: Queryable, orgId: string, lock = false) {
  return t(db)
    .selectFrom('conversions')
    .select([...CONVERSION_COLUMNS])
    .where('org_id', '=', orgId)
    .$if(lock, (qb) => qb.forUpdate())
    .executeTakeFirst();
}

/** The caller's open conversion (R-I7: at most one), with its organisation's name. */
export function findOpenConversionOf(db: Queryable, accountId: string) {
  return t(db)
    .selectFrom('conversions as c')
    .innerJoin('orgs as o', 'o.id', 'c.org_id')
    .select(['c.org_id', 'o.name'])
    .where('c.opened_by', '=', accountId)
    .where('c.status', '=', 'open')
    .executeTakeFirst();
}

export function insertConversion(db: Queryable, row: { orgId: string; openedBy: string; openedByName: string }) {
  return t(db)
    .insertInto('conversions')
    .values({ org_id: row.orgId, status: 'open', opened_by: row.openedBy, opened_by_name: row.openedByName })
    .returning([...CONVERSION_COLUMNS])
    .executeTakeFirstOrThrow();
}

/** Every change of the plan bumps its version (R-I6: apply refuses an outdated one). */
export function updatePlan(db: Queryable, orgId: string, patch: { decisions?: Decisions; edits?: Edits }) {
  return t(db)
    .updateTable('conversions')
    .set({
      version: sql`version + 1`,
      ...(patch.decisions ? { decisions: JSON.stringify(patch.decisions) } : {}),
      ...(patch.edits ? { edits: JSON.stringify(patch.edits) } : {}),
    })
    .where('org_id', '=', orgId)
    .returning([...CONVERSION_COLUMNS])
    .executeTakeFirstOrThrow();
}

/** The wizard's step: navigation, not a change of the plan (the version stays). */
export function setStep(db: Queryable, orgId: string, step: WizardStep) {
  return t(db)
    .updateTable('conversions')
    .set({ step })
    .where('org_id', '=', orgId)
    .returning([...CONVERSION_COLUMNS])
    .executeTakeFirstOrThrow();
}

export async function deleteConversion(db: Queryable, orgId: string) {
  await t(db).deleteFrom('conversions').where('org_id', '=', orgId).where('status', '=', 'open').execute();
}

export function markApplied(db: Queryable, orgId: string, at: Date) {
  return t(db)
    .updateTable('conversions')
    .set({ status: 'applied', applied_at: at })
    .where('org_id', '=', orgId)
    .returning([...CONVERSION_COLUMNS])
    .executeTakeFirstOrThrow();
}

/** The organisation row, locked (apply and the import's own checks). */
export function lockOrg(db: Queryable, orgId: string) {
  return db
    .selectFrom('orgs')
    .select(['id', 'name', 'permission_model', 'default_language', 'agency_id'])
    .where('id', '=', orgId)
    .forUpdate()
    .executeTakeFirst();
}

export async function setPermissionModelCurrent(db: Queryable, orgId: string) {
  await db.updateTable('orgs').set({ permission_model: 'current' }).where('id', '=', orgId).execute();
}

export function listPools(db: Queryable, orgId: string) {
  return db.selectFrom('license_pools').select(['module_key', 'seats', 'in_use']).where('org_id', '=', orgId).orderBy('module_key').execute();
}

export function orgNames(db: Queryable, ids: string[]) {
  if (!ids.length) return Promise.resolve([]);
  return db.selectFrom('orgs').select(['id', 'name']).where('id', 'in', ids).execute();
}
