import type { Ctx } from '../kernel/auth-context.js';
import { requireActor } from '../kernel/auth-context.js';
import { AppError } from '../kernel/errors.js';
import * as policy from '../access/policy.js';
import * as life from './lifecycle.js';
import type { BulkUsersBody, BulkUsersView } from './schema.js';

const RUN = {
  deactivate: life.deactivateUser,
  'remove-access': life.removeAccess,
  delete: life.deleteUser,
} as const;

/**
 * Issue 14 item 10: one lifecycle action on many users of one organisation, each through the single action's service
 * (its rules, last-administrator guard, seats, links and audit event), one transaction per user: a user the action
 * does not apply to is reported with its code and the others go ahead. Refuses whole: forbidden, not_found.
 */
export async function bulkUserAction(ctx: Ctx, orgId: string, input: BulkUsersBody): Promise<BulkUsersView> {
  const actor = requireActor(ctx);
  await policy.require(ctx.db, actor, 'manageUsers', orgId, ctx.clock.now());
  const results: BulkUsersView['results'] = [];
  for (const id of [...new Set(input.ids)]) {
    try {
      await RUN[input.action](ctx, orgId, id);
      results.push({ id, outcome: 'done', code: null, detail: null });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      results.push({ id, outcome: 'failed', code: e.code, detail: e.message });
    }
  }
  return { results, done: results.filter((r) => r.outcome === 'done').length, failed: results.filter((r) => r.outcome === 'failed').length };
}
