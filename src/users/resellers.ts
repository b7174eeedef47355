import type { Ctx } from '../kernel/auth-context.js';
import { requireActor } from '../kernel/auth-context.js';
import { decodePosition, keysetPage, type Keyset } from '../kernel/pagination.js';
import { todayOf } from '../access/effective.js';
import * as policy from '../access/policy.js';
import * as q from './queries.js';
import type { EligibleResellersQuery } from './schema.js';

const KEY: Keyset = { column: 'last_name_lower', kind: 'text', order: 'asc' };

/**
 * R-C3 (issue 14): the people a client's administrator may add as reseller users — the active employees of the agency
 * that serves the client, and nobody else (tenant isolation: only that agency, only these fields) — searched by name or
 * e-mail, by last name, in keyset pages; each says whether they are already a user of the client. A client without an
 * agency has none. Refuses: not_found, forbidden (who may not add users here).
 */
export async function listEligibleResellers(ctx: Ctx, orgId: string, query: EligibleResellersQuery) {
  const actor = requireActor(ctx);
  const standing = await policy.require(ctx.db, actor, 'addUsers', orgId, ctx.clock.now());
  const cursor = decodePosition(query.cursor, KEY, ['count']);
  if (!standing.agencyId) return { items: [], total: 0, nextCursor: null };
  const today = todayOf(ctx.clock.now());
  const [rows, total] = await Promise.all([
    q.findAgencyEmployeesPage(ctx.db, standing.agencyId, today, query.q ?? null, query.limit + 1, cursor?.after ?? null),
    cursor ? Number(cursor.carried[0]) : q.countAgencyEmployees(ctx.db, standing.agencyId, today, query.q ?? null),
  ]);
  return keysetPage(rows, {
    limit: query.limit,
    key: KEY,
    total,
    carry: [total],
    items: async (rows) => {
      // The query asks account_id is not null; the type cannot know.
      const page = rows.map((r) => ({ ...r, account_id: r.account_id! }));
      const here = new Map(
        (
          await q.findMembershipsOfAccounts(
            ctx.db,
            orgId,
            page.map((r) => r.account_id),
          )
        ).map((m) => [m.account_id, m]),
      );
      return page.map((r) => ({
        accountId: r.account_id,
        email: r.email ?? '',
        firstName: r.first_name,
        lastName: r.last_name,
        office: r.office_id ? { id: r.office_id, name: r.office_name } : null,
        membershipId: here.get(r.account_id)?.id ?? null,
      }));
    },
  });
}
