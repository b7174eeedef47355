import type { Queryable } from '../kernel/db.js';
import * as q from './queries.js';

type EventRow = Awaited<ReturnType<typeof q.listAuditEvents>>[number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NAMED = ['account', 'membership', 'org', 'project', 'site'] as const;
type Named = (typeof NAMED)[number];

/** A name the event itself carries: the target's view after (or before) the change. */
function nameInEvent(e: EventRow): string | null {
  for (const view of [e.after, e.before]) {
    if (!view || typeof view !== 'object' || Array.isArray(view)) continue;
    const v = view as Record<string, unknown>;
    const person = [v.firstName, v.lastName].filter((s) => typeof s === 'string' && s).join(' ');
    if (person) return person;
    for (const key of ['name', 'email', 'legacyName']) if (typeof v[key] === 'string' && v[key]) return v[key] as string;
  }
  return null;
}

export interface Names {
  actor(e: EventRow): { accountId: string | null; name: string } | null;
  target(e: EventRow): string | null;
}

/**
 * The names an audit page shows instead of ids (issue 14 item 11): the actor's and the target's current names,
 * looked up for the whole page in one statement (queries.namesOf); a target that is gone (a deleted user) keeps the
 * name its event recorded.
 */
export async function resolveNames(db: Queryable, orgId: string, rows: EventRow[]): Promise<Names> {
  const ids: Record<Named, Set<string>> = { account: new Set(), membership: new Set(), org: new Set(), project: new Set(), site: new Set() };
  for (const e of rows) {
    if (e.actor_account_id) ids.account.add(e.actor_account_id);
    if (e.target_id && UUID.test(e.target_id) && (NAMED as readonly string[]).includes(e.target_type)) ids[e.target_type as Named].add(e.target_id);
  }
  const found = await q.namesOf(db, orgId, {
    account: [...ids.account],
    membership: [...ids.membership],
    org: [...ids.org],
    project: [...ids.project],
    site: [...ids.site],
  });
  const byKey = new Map(found.map((r) => [`${r.kind}:${r.id}`, r.name]));
  return {
    actor: (e) =>
      e.actor_account_id || e.actor_name
        ? { accountId: e.actor_account_id, name: (e.actor_account_id && byKey.get(`account:${e.actor_account_id}`)) || e.actor_name || '' }
        : null,
    target: (e) => (e.target_id && byKey.get(`${e.target_type}:${e.target_id}`)) || nameInEvent(e),
  };
}
