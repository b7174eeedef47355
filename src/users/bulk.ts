import type { Ctx } from '../kernel/auth-context.js';
import { requireActor } from '../kernel/auth-context.js';
import { AppError } from '../kernel/errors.js';
import * as policy from '../access/policy.js';
import * as life from './lifecycle.js';
import * as q from './queries.js';
import { BULK_FILTER_MAX, type BulkUsersBody, type BulkUsersFilter, type BulkUsersView } from './schema.js';

const RUN = {
  deactivate: life.deactivateUser,
  'remove-access': life.removeAccess,
  delete: life.deleteUser,
} as const;

/**
 * Issue 14 item 10: one lifecycle action on many users of one organisation, each through the single action's service
 * (its rules, last-administrator guard, seats, links and audit event), one transaction per user: a user the action
 * does not apply to is reported with its code and the others go ahead. The users are named by id, or by the list's
 * filter ("all N matching"), which the server resolves once, up front, with the list's own query — what the list
 * showed is what is acted on, at most BULK_FILTER_MAX users. Refuses whole: forbidden, not_found, too_many_matching.
 */
export async function bulkUserAction(ctx: Ctx, orgId: string, input: BulkUsersBody): Promise<BulkUsersView> {
  const actor = requireActor(ctx);
  const now = ctx.clock.now();
  await policy.require(ctx.db, actor, 'manageUsers', orgId, now);
  const targets = 'filter' in input ? await matching(ctx, orgId, input.filter) : [...new Set(input.ids)].map((id) => ({ id, name: null }));
  const results: BulkUsersView['results'] = [];
  for (const { id, name } of targets) {
    try {
      await RUN[input.action](ctx, orgId, id);
      results.push({ id, outcome: 'done', code: null, detail: null, name });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      results.push({ id, outcome: 'failed', code: e.code, detail: e.message, name });
    }
  }
  return { results, done: results.filter((r) => r.outcome === 'done').length, failed: results.filter((r) => r.outcome === 'failed').length };
}

/** The users the list's filter matches (the list's own rule for who may see it), in the list's default order. */
async function matching(ctx: Ctx, orgId: string, filter: BulkUsersFilter) {
  await policy.require(ctx.db, requireActor(ctx), 'listUsers', orgId, ctx.clock.now());
  const query = { ...filter, sort: 'lastName', order: 'asc' } as const;
  const rows = await q.listUsersPage(ctx.db, orgId, query, BULK_FILTER_MAX + 1, null);
  if (rows.length > BULK_FILTER_MAX)
    throw new AppError('too_many_matching', { detail: `The filter matches more than ${BULK_FILTER_MAX} users; narrow it and run the action in parts.` });
  return rows.map((r) => ({ id: r.id, name: `${r.first_name} ${r.last_name}`.trim() }));
}
