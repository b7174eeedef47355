import { sql } from 'kysely';
import type { Queryable } from '../kernel/db.js';

const COLUMNS = ['o.org_id', 'o.id', 'o.name', 'o.address', 'o.created_at'] as const;

/** Offices of an organisation by name, each with the number of members placed there (any organisation). */
export function findOffices(db: Queryable, orgId: string) {
  return db
    .selectFrom('offices as o')
    .select([
      ...COLUMNS,
      (eb) =>
        eb
          .selectFrom('memberships as m')
          .select(sql<number>`count(*)::int`.as('n'))
          .whereRef('m.office_id', '=', 'o.id')
          .whereRef('m.home_org_id', '=', 'o.org_id')
          .as('users'),
    ])
    .where('o.org_id', '=', orgId)
    .orderBy(sql`lower(o.name)`)
    .orderBy('o.id')
    .execute();
}

export function findOffice(db: Queryable, orgId: string, id: string, lock = false) {
  return db
    .selectFrom('offices as o')
    .select([...COLUMNS])
    .where('o.org_id', '=', orgId)
    .where('o.id', '=', id)
    .$if(lock, (qb) => qb.forUpdate())
    .executeTakeFirst();
}

export function findOfficeByName(db: Queryable, orgId: string, name: string) {
  return db.selectFrom('offices').select('id').where('org_id', '=', orgId).where(sql`lower(name)`, '=', name.toLowerCase()).executeTakeFirst();
}

export async function insertOffice(db: Queryable, row: { orgId: string; id: string; name: string; address: string | null }) {
  await db.insertInto('offices').values({ org_id: row.orgId, id: row.id, name: row.name, address: row.address }).execute();
}

export async function updateOffice(db: Queryable, orgId: string, id: string, patch: { name?: string; address?: string | null }) {
  if (Object.keys(patch).length) await db.updateTable('offices').set(patch).where('org_id', '=', orgId).where('id', '=', id).execute();
}

export async function deleteOffice(db: Queryable, orgId: string, id: string) {
  await db.deleteFrom('offices').where('org_id', '=', orgId).where('id', '=', id).execute();
}

/** Members placed at the office, locked (in whichever organisation: partners are placed at their home's offices). */
export function lockPlacements(db: Queryable, orgId: string, officeId: string) {
  return db
    .selectFrom('memberships')
    .select(['org_id', 'id'])
    .where('office_id', '=', officeId)
    .where('home_org_id', '=', orgId)
    .orderBy('org_id')
    .orderBy('id')
    .forUpdate()
    .execute();
}

/** The copy of an office's name on the memberships placed there (the user list sorts and filters it). */
export async function renamePlacements(db: Queryable, orgId: string, officeId: string, name: string) {
  await db.updateTable('memberships').set({ office_name: name }).where('office_id', '=', officeId).where('home_org_id', '=', orgId).execute();
}

export async function clearPlacements(db: Queryable, orgId: string, officeId: string) {
  await db
    .updateTable('memberships')
    .set({ office_id: null, office_name: '', updated_at: sql`now()` })
    .where('office_id', '=', officeId)
    .where('home_org_id', '=', orgId)
    .execute();
}

export function findOrgId(db: Queryable, orgId: string) {
  return db.selectFrom('orgs').select('id').where('id', '=', orgId).executeTakeFirst();
}

export function findAccountHome(db: Queryable, accountId: string) {
  return db.selectFrom('accounts').select(['id', 'home_org_id']).where('id', '=', accountId).executeTakeFirst();
}
