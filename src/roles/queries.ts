import type { Queryable } from '../kernel/db.js';
import { countRows, keysetQuery, likeContains, type Keyset, type Position } from '../kernel/pagination.js';
import type { ListTargetsQuery, TargetKind } from './schema.js';

export function insertTarget(db: Queryable, kind: TargetKind, row: { orgId: string; id: string; name: string }) {
  return db
    .insertInto(kind)
    .values({ org_id: row.orgId, id: row.id, name: row.name })
    .returning(['org_id', 'id', 'name', 'archived', 'created_at'])
    .executeTakeFirstOrThrow();
}

export function findTarget(db: Queryable, kind: TargetKind, orgId: string, id: string) {
  return db.selectFrom(kind).select(['org_id', 'id', 'name', 'archived', 'created_at']).where('org_id', '=', orgId).where('id', '=', id).executeTakeFirst();
}

export function updateTarget(db: Queryable, kind: TargetKind, orgId: string, id: string, patch: { name?: string; archived?: boolean }) {
  return db
    .updateTable(kind)
    .set(patch)
    .where('org_id', '=', orgId)
    .where('id', '=', id)
    .returning(['org_id', 'id', 'name', 'archived', 'created_at'])
    .executeTakeFirstOrThrow();
}

export function findTargets(db: Queryable, kind: TargetKind, orgId: string, ids: string[]) {
  if (!ids.length) return Promise.resolve([]);
  return db.selectFrom(kind).select(['id', 'archived']).where('org_id', '=', orgId).where('id', 'in', ids).execute();
}

/** Projects and sites are listed by name, then id (index (org_id, name_lower, id)). */
export const TARGETS_KEYSET: Keyset = { column: 'name_lower', kind: 'text', order: 'asc' };

function filtered(db: Queryable, kind: TargetKind, orgId: string, query: ListTargetsQuery) {
  return db
    .selectFrom(kind)
    .where('org_id', '=', orgId)
    .$if(query.archived !== 'all', (qb) => qb.where('archived', '=', query.archived === 'true'))
    .$if(!!query.q, (qb) => qb.where('name_lower', 'like', likeContains(query.q!.toLowerCase())));
}

export async function listTargets(db: Queryable, kind: TargetKind, orgId: string, query: ListTargetsQuery, after: Position | null) {
  const page = filtered(db, kind, orgId, query).select(['org_id', 'id', 'name', 'name_lower', 'archived', 'created_at']);
  const rows = await keysetQuery(page, TARGETS_KEYSET, after)
    .limit(query.limit + 1)
    .execute();
  return { rows, total: await countRows(filtered(db, kind, orgId, query)) };
}

export async function insertRoles(
  db: Queryable,
  rows: { org_id: string; membership_id: string; scope: 'org' | 'project' | 'site'; target_id: string; role: string; title: string | null }[],
) {
  if (!rows.length) return;
  await db
    .insertInto('membership_roles')
    .values(rows)
    .onConflict((oc) => oc.columns(['org_id', 'membership_id', 'scope', 'target_id', 'role']).doUpdateSet({ title: (eb) => eb.ref('excluded.title') }))
    .execute();
}

/** The title a member already has on each of these projects (shared by its roles there). */
export async function existingTitles(db: Queryable, orgId: string, membershipId: string, projectIds: string[]) {
  if (!projectIds.length) return new Map<string, string | null>();
  const rows = await db
    .selectFrom('membership_roles')
    .select(['target_id', 'title'])
    .where('org_id', '=', orgId)
    .where('membership_id', '=', membershipId)
    .where('scope', '=', 'project')
    .where('target_id', 'in', projectIds)
    .execute();
  return new Map(rows.map((r) => [r.target_id, r.title]));
}

export function deleteRoles(
  db: Queryable,
  orgId: string,
  membershipId: string,
  scope: 'org' | 'project' | 'site',
  targetIds: string[],
  roles: string[] | undefined,
) {
  return db
    .deleteFrom('membership_roles')
    .where('org_id', '=', orgId)
    .where('membership_id', '=', membershipId)
    .where('scope', '=', scope)
    .where('target_id', 'in', targetIds)
    .$if(!!roles?.length, (qb) => qb.where('role', 'in', roles!))
    .executeTakeFirst();
}

export function setProjectTitle(db: Queryable, orgId: string, membershipId: string, projectId: string, title: string | null) {
  return db
    .updateTable('membership_roles')
    .set({ title })
    .where('org_id', '=', orgId)
    .where('membership_id', '=', membershipId)
    .where('scope', '=', 'project')
    .where('target_id', '=', projectId)
    .executeTakeFirst();
}
