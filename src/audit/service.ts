import type { Ctx } from '../kernel/auth-context.js';
import { requireActor } from '../kernel/auth-context.js';
import { decodePosition, keysetPage } from '../kernel/pagination.js';
import * as policy from '../access/policy.js';
import * as q from './queries.js';
import type { AuditQuery } from './schema.js';

/** R-K1: the per-organisation audit view, for its administrators and operators. */
export async function listAudit(ctx: Ctx, orgId: string, query: AuditQuery) {
  const actor = requireActor(ctx);
  await policy.require(ctx.db, actor, 'viewAudit', orgId, ctx.clock.now());
  const after = decodePosition(query.cursor, q.AUDIT_KEYSET)?.after ?? null;
  const rows = await q.listAuditEvents(ctx.db, orgId, query.limit, after, query.action);
  const total = await q.countAuditEvents(ctx.db, orgId, query.action);
  return keysetPage(rows, {
    limit: query.limit,
    key: q.AUDIT_KEYSET,
    total,
    items: (page) =>
      page.map((e) => ({
        id: e.id,
        orgId: e.org_id,
        at: e.at.toISOString(),
        actor: e.actor_name || e.actor_account_id ? { accountId: e.actor_account_id, name: e.actor_name ?? '' } : null,
        action: e.action,
        targetType: e.target_type,
        targetId: e.target_id,
        before: e.before ?? null,
        after: e.after ?? null,
      })),
  });
}
