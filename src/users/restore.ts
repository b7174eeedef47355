import type { Ctx, Deps } from '../kernel/auth-context.js';
import { requireActor } from '../kernel/auth-context.js';
import { recordAudit } from '../kernel/audit.js';
import { inTx } from '../kernel/db.js';
import { AppError } from '../kernel/errors.js';
import { decodePosition, keysetPage } from '../kernel/pagination.js';
import { sendInvitation } from '../auth/service.js';
import { getCatalogue } from '../catalogue/service.js';
import { todayOf } from '../access/effective.js';
import * as policy from '../access/policy.js';
import { changeSeats, homeAt, normaliseGrants, statusAfter, viewMember } from './members.js';
import * as q from './queries.js';
import type { DeletedUserView, UserView } from './schema.js';

type DeletedRow = Awaited<ReturnType<typeof q.listDeletedMemberships>>['rows'][number];

function toDeletedView(d: DeletedRow): DeletedUserView {
  return {
    id: d.id,
    orgId: d.org_id,
    accountId: d.account_id,
    personId: d.person_id,
    email: d.email,
    firstName: d.first_name,
    lastName: d.last_name,
    type: d.type,
    status: d.status,
    home: d.home,
    homeOrgName: d.home_org_name,
    packages: d.grants.packages,
    modules: d.grants.modules,
    roles: d.roles.length,
    deletedAt: d.deleted_at.toISOString(),
    deletedBy: d.deleted_by_name,
    restorableUntil: new Date(d.deleted_at.getTime() + q.RESTORE_DAYS * 86_400_000).toISOString(),
  };
}

/** Issue 14 item 10: users deleted here in the last 30 days, newest first (administrators). */
export async function listDeletedUsers(ctx: Ctx, orgId: string, query: { limit: number; cursor?: string }) {
  const actor = requireActor(ctx);
  await policy.require(ctx.db, actor, 'manageUsers', orgId, ctx.clock.now());
  const after = decodePosition(query.cursor, q.DELETED_KEYSET)?.after ?? null;
  const { rows, total } = await q.listDeletedMemberships(ctx.db, orgId, ctx.clock.now(), query.limit, after);
  return keysetPage(rows, { limit: query.limit, key: q.DELETED_KEYSET, total, items: (page) => page.map(toDeletedView) });
}

/**
 * Issue 14 item 10: brings a user deleted within 30 days back — the membership under its old id with its grants and
 * roles, seats taken again (R-B2: refused whole with license_limit_reached). An inactive user comes back inactive;
 * one whose account has no password yet is invited again (deletion withdrew the link). Refuses: not_found (no such
 * record, or older than 30 days), already_member (the account was added again meanwhile), forbidden.
 */
export async function restoreDeletedUser(ctx: Ctx, orgId: string, id: string): Promise<UserView> {
  const actor = requireActor(ctx);
  const catalogue = await getCatalogue(ctx.db);
  const now = ctx.clock.now();
  const today = todayOf(now);
  return inTx(ctx.db, async (tx) => {
    const standing = await policy.require(tx, actor, 'manageUsers', orgId, now);
    const d = await q.findDeletedMembership(tx, orgId, id, now);
    if (!d) throw new AppError('not_found', { detail: 'No user deleted here in the last 30 days has this id.' });
    if (d.account_id && (await q.findMembershipOfAccount(tx, orgId, d.account_id))) {
      throw new AppError('already_member', { detail: `${d.email ?? d.first_name} was added here again after the deletion; change that user instead.` });
    }
    const account = d.account_id ? await q.findAccountWithHomeById(tx, d.account_id) : undefined;
    const grants = normaliseGrants(d.grants.packages, d.grants.modules);
    const m = d.membership;
    const status = d.status === 'inactive' ? 'inactive' : statusAfter({ type: d.type, validUntil: m.valid_until }, null, !!account?.password_hash, today);
    await changeSeats(tx, catalogue, orgId, null, { type: d.type, status, grants });
    // The account's home and name as they are now: they may have changed while the user was deleted.
    const home = account
      ? homeAt(orgId, account.home_org_id ? { id: account.home_org_id, name: account.home_org_name ?? '' } : null)
      : { home: 'own' as const, homeOrgId: orgId, homeOrgName: standing.orgName };
    await q.reinsertMembership(tx, {
      org_id: orgId,
      id: d.id,
      person_id: d.person_id,
      account_id: d.account_id,
      type: d.type,
      status,
      reseller_role: m.reseller_role,
      valid_from: m.valid_from,
      valid_until: m.valid_until,
      created_at: m.created_at,
      first_name: account?.first_name ?? d.first_name,
      last_name: account?.last_name ?? d.last_name,
      email: account?.email ?? d.email,
      home: home.home,
      home_org_id: home.homeOrgId,
      home_org_name: home.homeOrgName,
      status_before_deactivation: status === 'inactive' ? m.status_before_deactivation : null,
      deactivated_at: status === 'inactive' && m.deactivated_at ? new Date(m.deactivated_at) : null,
    });
    await q.replaceGrants(tx, orgId, d.id, grants.packages, grants.modules);
    await q.insertRoles(tx, orgId, d.id, d.roles);
    await q.removeDeletedMembership(tx, orgId, d.id);
    if (account && status === 'invited') {
      await sendInvitation(tx, ctx, { account, orgId, orgName: standing.orgName, inviterName: actor.name });
    }
    const view = await viewMember(tx, catalogue, orgId, d.id, today);
    await recordAudit(tx, actor, 'user.restored', { orgId, targetType: 'membership', targetId: d.id, before: null, after: view });
    return view;
  });
}

/** Issue 14 item 10: deleted users older than 30 days are no longer restorable; their records go. Run by the users' job. */
export function purgeDeletedUsers(deps: Deps): Promise<number> {
  return q.purgeDeletedMemberships(deps.db, deps.clock.now());
}
