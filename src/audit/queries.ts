import { sql } from 'kysely';
import type { Queryable } from '../kernel/db.js';
import { countRows, keysetQuery, likeContains, likePrefix, type Keyset, type Position } from '../kernel/pagination.js';

/** Newest first (index (org_id, at DESC, id DESC)). */
export const AUDIT_KEYSET: Keyset = { column: 'at', kind: 'time', order: 'desc' };

/** The audit view's filters (R-K1, issue 14 item 11): what, who, about what, when. */
export interface AuditFilter {
  /** Action or its prefix: `user.deactivated`, or `user.` for every user event. */
  action?: string;
  /** Who: the acting account. */
  actorId?: string;
  /** Who, by name: part of the actor's name (as written when the event was). */
  actor?: string;
  targetType?: string;
  targetId?: string;
  /** About whom/what, by name or e-mail: the target's current name, or a name in the event's before/after. */
  target?: string;
  /** The period, inclusive: events at or after `from`, before the end of `to` (UTC days, or instants). */
  from?: Date;
  to?: Date;
}

/** An organisation's events matching the filter. */
function filtered(db: Queryable, orgId: string, f: AuditFilter) {
  return db
    .selectFrom('audit_events')
    .where('org_id', '=', orgId)
    .$if(!!f.action, (qb) => qb.where('action', 'like', likePrefix(f.action!)))
    .$if(!!f.actorId, (qb) => qb.where('actor_account_id', '=', f.actorId!))
    .$if(!!f.actor, (qb) => qb.where(sql<boolean>`lower(coalesce(actor_name, '')) like ${likeContains(f.actor!.toLowerCase())}`))
    .$if(!!f.targetType, (qb) => qb.where('target_type', '=', f.targetType!))
    .$if(!!f.targetId, (qb) => qb.where('target_id', '=', f.targetId!))
    .$if(!!f.target, (qb) => {
      const like = likeContains(f.target!.toLowerCase());
      return qb.where(
        sql<boolean>`(lower(coalesce(before::text, '')) like ${like} or lower(coalesce(after::text, '')) like ${like}
          or target_id in (select m.id::text from memberships m where m.org_id = ${orgId}
            and (m.first_name_lower || ' ' || m.last_name_lower like ${like} or m.email_lower like ${like}))
          or target_id in (select a.id::text from accounts a
            where lower(a.first_name || ' ' || a.last_name) like ${like} or lower(a.email) like ${like}))`,
      );
    })
    .$if(!!f.from, (qb) => qb.where('at', '>=', f.from!))
    .$if(!!f.to, (qb) => qb.where('at', '<', f.to!));
}

export function listAuditEvents(db: Queryable, orgId: string, limit: number, after: Position | null, f: AuditFilter) {
  return keysetQuery(filtered(db, orgId, f).selectAll(), AUDIT_KEYSET, after)
    .limit(limit + 1)
    .execute();
}

/** The export's rows: all events matching the filter, newest first, after `after` (batches on PGlite). */
export function exportAuditQuery(db: Queryable, orgId: string, f: AuditFilter, after: Position | null) {
  return keysetQuery(filtered(db, orgId, f).selectAll(), AUDIT_KEYSET, after);
}

export function countAuditEvents(db: Queryable, orgId: string, f: AuditFilter) {
  return countRows(filtered(db, orgId, f));
}

export interface NameRow {
  kind: string;
  id: string;
  name: string;
}

/**
 * Current names of the accounts, members, organisations, projects and sites a page of events names, in ONE statement
 * (a UNION ALL of primary-key lookups), whatever the page's length. Ids that are not UUIDs are left out before.
 */
export async function namesOf(
  db: Queryable,
  orgId: string,
  ids: { account: string[]; membership: string[]; org: string[]; project: string[]; site: string[] },
): Promise<NameRow[]> {
  const parts = [];
  const list = (values: string[]) =>
    sql.join(
      values.map((v) => sql`${v}::uuid`),
      sql`, `,
    );
  if (ids.account.length)
    parts.push(
      sql`select 'account' as kind, id::text as id, trim(first_name || ' ' || last_name) as name, email from accounts where id in (${list(ids.account)})`,
    );
  if (ids.membership.length)
    parts.push(
      sql`select 'membership', id::text, trim(first_name || ' ' || last_name), email from memberships where org_id = ${orgId} and id in (${list(ids.membership)})`,
    );
  if (ids.org.length) parts.push(sql`select 'org', id::text, name, null from orgs where id in (${list(ids.org)})`);
  if (ids.project.length) parts.push(sql`select 'project', id::text, name, null from projects where org_id = ${orgId} and id in (${list(ids.project)})`);
  if (ids.site.length) parts.push(sql`select 'site', id::text, name, null from sites where org_id = ${orgId} and id in (${list(ids.site)})`);
  if (!parts.length) return [];
  const r = await sql<NameRow & { email: string | null }>`${sql.join(parts, sql` union all `)}`.execute(db);
  return r.rows.map((row) => ({ kind: row.kind, id: row.id, name: row.name || row.email || '' }));
}
