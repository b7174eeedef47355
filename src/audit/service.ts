import type { Ctx } from '../kernel/auth-context.js';
import { requireActor } from '../kernel/auth-context.js';
import { decodeCursor, encodeCursor } from '../kernel/pagination.js';
import * as policy from '../access/policy.js';
import * as q from './queries.js';
import type { AuditQuery } from './schema.js';

/** R-K1: the per-organisation audit view, for its administrators and operators. */
export async function listAudit(ctx: Ctx, orgId: string, query: AuditQuery) {
  const actor = requireActor(ctx);
  await policy.require(ctx.db, actor, 'viewAudit', orgId, ctx.clock.now());
  const after = decodeCursor(query.cursor, ['time', 'uuid']) as [string, string] | null;
  const rows = await q.listAuditEvents(ctx.db, orgId, query.limit, after, query.action);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((e) => ({
      id: e.id, orgId: e.org_id, at: e.at.toISOString(),
      actor: e.actor_name || e.actor_account_id ? { accountId: e.actor_account_id, name: e.actor_name ?? '' } : null,
      action: e.action, targetType: e.target_type, targetId: e.target_id, before: e.before ?? null, after: e.after ?? null,
    })),
    total: await q.countAuditEvents(ctx.db, orgId, query.action),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.at.toISOString(), last.id]) : null,
  };
}

