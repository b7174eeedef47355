import type { AuditAction } from '../kernel/audit-actions.js';
import { systemActor, type Actor, type Ctx, type Deps } from '../kernel/auth-context.js';
import { requireActor } from '../kernel/auth-context.js';
import { recordAudit } from '../kernel/audit.js';
import { inTx, type Tx } from '../kernel/db.js';
import { AppError } from '../kernel/errors.js';
import { endSessionsOf, findAccountById, sendInvitation, sendPasswordReset, withdrawLinksIfNoAccessLeft } from '../auth/service.js';
import { getCatalogue, type Catalogue } from '../catalogue/service.js';
import { todayOf } from '../access/effective.js';
import { accountAdministratorGuard, administratorGuard } from '../access/administrators.js';
import * as policy from '../access/policy.js';
import * as q from './queries.js';
import type { UserView } from './schema.js';
import { changeSeats, readMember, statusAfter, viewMember } from './members.js';
import { loadGrantsOf, type Grants } from './view.js';
import { actionRefusal, type UserActionKey } from './actions.js';

interface Subject {
  tx: Tx;
  actor: Actor;
  catalogue: Catalogue;
  m: q.MembershipRow;
  grants: Grants;
  before: UserView;
  today: string;
  now: Date;
  orgName: string;
}

/** Runs a lifecycle action on one member: system administrator only, member row locked, before-view for the audit. */
async function onMember<T>(ctx: Ctx, orgId: string, membershipId: string, fn: (s: Subject) => Promise<T>): Promise<T> {
  const actor = requireActor(ctx);
  const catalogue = await getCatalogue(ctx.db);
  const today = todayOf(ctx.clock.now());
  return inTx(ctx.db, async (tx) => {
    const standing = await policy.require(tx, actor, 'manageUsers', orgId, ctx.clock.now());
    const { m, view: before, grants } = await readMember(tx, catalogue, orgId, membershipId, today);
    return fn({ tx, actor, catalogue, m, grants, before, today, now: ctx.clock.now(), orgName: standing.orgName });
  });
}

const WHY: Record<UserActionKey, string> = {
  'extend-validity': 'Only an expired external user has its validity extended.',
  'resend-invitation': 'Only users who have not accepted their invitation are invited again.',
  'send-password-reset':
    'Only an active user signs in with a password; an invited user uses the invitation, an inactive one is reactivated, an expired one has its validity extended.',
  'remove-access': 'The user holds no access or roles to remove (an inactive user has its dormant ones removed with remove roles).',
  deactivate: 'The user is already inactive.',
  reactivate: 'Only inactive users are reactivated.',
  'remove-roles': 'Roles are removed this way only from inactive users with dormant grants or roles; change an active user instead.',
  delete: '',
};

/** Issue 14 item 3: an action runs only where users/actions.ts offers it. Refuses with its code. */
function requireApplicable(action: UserActionKey, s: Subject) {
  const code = actionRefusal(action, s.before);
  if (!code) return;
  const detail = code === 'not_applicable_to_person' ? 'A person without user has no sign-in, access or password.' : WHY[action];
  throw new AppError(code, { detail: code === 'forbidden' ? 'Only the home organisation of a partner user resets its password.' : detail });
}

async function finish(s: Subject, action: AuditAction, extra?: Record<string, unknown>): Promise<UserView> {
  const after = await viewMember(s.tx, s.catalogue, s.m.org_id, s.m.id, s.today);
  await recordAudit(s.tx, s.actor, action, {
    orgId: s.m.org_id,
    targetType: 'membership',
    targetId: s.m.id,
    before: s.before,
    after: extra ? { ...after, ...extra } : after,
  });
  return after;
}

/** R-C7: all grants and roles go; the user becomes no_access and can still sign in. */
export function removeAccess(ctx: Ctx, orgId: string, membershipId: string) {
  return onMember(ctx, orgId, membershipId, async (s) => {
    requireApplicable('remove-access', s);
    const administratorRemains = await administratorGuard(s.tx, s.actor, orgId, [membershipId], s.now);
    await changeSeats(s.tx, s.catalogue, orgId, { ...s.m, grants: s.grants }, null);
    await q.deleteGrants(s.tx, orgId, membershipId);
    await q.deleteRoles(s.tx, orgId, membershipId);
    // An expired external gets access back as a user without access: active once it has an account.
    await q.updateMembership(s.tx, orgId, membershipId, {
      type: 'no_access',
      reseller_role: null,
      valid_from: null,
      valid_until: null,
      status: statusAfter({ type: 'no_access', validUntil: null }, s.m, s.m.account_id !== null, s.today),
    });
    await administratorRemains();
    // A user without access can still sign in (R-C7): links die only when nothing is left to reach.
    if (s.m.account_id) await withdrawLinksIfNoAccessLeft(s.tx, s.m.account_id, ctx.clock.now());
    return finish(s, 'user.access_removed');
  });
}

/**
 * R-C8: the user can no longer sign in here (an own user's account is disabled everywhere and signed out);
 * grants and roles stay dormant (no effective access, no seats); the person remains as a reference.
 */
export function deactivateUser(ctx: Ctx, orgId: string, membershipId: string) {
  return onMember(ctx, orgId, membershipId, async (s) => {
    requireApplicable('deactivate', s);
    const administratorRemains = await administratorGuard(s.tx, s.actor, orgId, [membershipId], s.now);
    await changeSeats(s.tx, s.catalogue, orgId, { ...s.m, grants: s.grants }, null);
    await q.updateMembership(s.tx, orgId, membershipId, {
      status: 'inactive',
      status_before_deactivation: s.m.status as 'invited' | 'active' | 'expired',
      deactivated_at: new Date(),
    });
    // Only the home organisation disables the account itself; a platform operator's account only an operator.
    const account = s.m.account_id && s.m.home === 'own' ? await q.findAccountWithHomeById(s.tx, s.m.account_id) : undefined;
    if (account && (!account.operator || s.actor.operator)) {
      // A disabled account leaves every organisation it administers: those must keep an administrator too.
      const elsewhere = await accountAdministratorGuard(s.tx, s.actor, account.id, s.now);
      await q.setAccountActive(s.tx, account.id, false);
      await endSessionsOf(s.tx, account.id);
      await elsewhere();
    }
    await administratorRemains();
    if (s.m.account_id) await withdrawLinksIfNoAccessLeft(s.tx, s.m.account_id, ctx.clock.now());
    return finish(s, 'user.deactivated');
  });
}

/**
 * R-C9: restores the grants and roles kept at deactivation (refused whole with license_limit_reached when seats do
 * not suffice) and mails a set-password link.
 */
export function reactivateUser(ctx: Ctx, orgId: string, membershipId: string) {
  return onMember(ctx, orgId, membershipId, async (s) => {
    requireApplicable('reactivate', s);
    const account = s.m.account_id ? await q.findAccountWithHomeById(s.tx, s.m.account_id) : undefined;
    // Somebody who never accepted the invitation comes back invited; the mail below is their link either way.
    const status = statusAfter({ type: s.m.type, validUntil: s.m.valid_until }, null, !!account?.password_hash, s.today);
    await changeSeats(s.tx, s.catalogue, orgId, null, { type: s.m.type, status, grants: s.grants });
    await q.updateMembership(s.tx, orgId, membershipId, { status, status_before_deactivation: null, deactivated_at: null });
    if (account) {
      if (s.m.home === 'own') await q.setAccountActive(s.tx, account.id, true);
      await sendInvitation(s.tx, ctx, { account, orgId, orgName: s.orgName, inviterName: s.actor.name, template: 'reactivated' });
    }
    return finish(s, 'user.reactivated');
  });
}

/** R-C10: on an inactive user, clears every dormant grant and role at once. */
export function removeRoles(ctx: Ctx, orgId: string, membershipId: string) {
  return onMember(ctx, orgId, membershipId, async (s) => {
    requireApplicable('remove-roles', s);
    await q.deleteGrants(s.tx, orgId, membershipId);
    await q.deleteRoles(s.tx, orgId, membershipId);
    return finish(s, 'user.roles_removed');
  });
}

/**
 * R-C11: the membership and all its rights here go; the account remains (it may belong elsewhere) and can be
 * added again; the person record stays, so the name stays on history. The pool is unchanged (R-B4).
 */
export function deleteUser(ctx: Ctx, orgId: string, membershipId: string) {
  return onMember(ctx, orgId, membershipId, async (s) => {
    const administratorRemains = await administratorGuard(s.tx, s.actor, orgId, [membershipId], s.now);
    await changeSeats(s.tx, s.catalogue, orgId, { ...s.m, grants: s.grants }, null);
    await keepDeleted(s);
    await q.deleteMembership(s.tx, orgId, membershipId);
    await administratorRemains();
    if (s.m.account_id) await withdrawLinksIfNoAccessLeft(s.tx, s.m.account_id, ctx.clock.now());
    await recordAudit(s.tx, s.actor, 'user.deleted', { orgId, targetType: 'membership', targetId: membershipId, before: s.before, after: null });
  });
}

/** Issue 14 item 10: what the membership was — columns, grants, roles — kept for 30 days, so it can be restored. */
async function keepDeleted(s: Subject) {
  const m = s.m;
  const roles = await q.loadRoles(s.tx, m.org_id, [m.id]);
  await q.insertDeletedMembership(s.tx, {
    org_id: m.org_id,
    id: m.id,
    person_id: m.person_id,
    account_id: m.account_id,
    first_name: m.first_name,
    last_name: m.last_name,
    email: m.email,
    type: m.type,
    status: m.status,
    home: m.home,
    home_org_name: m.home_org_name,
    membership: JSON.stringify({
      reseller_role: m.reseller_role,
      valid_from: m.valid_from,
      valid_until: m.valid_until,
      home_org_id: m.home_org_id,
      status_before_deactivation: m.status_before_deactivation,
      deactivated_at: m.deactivated_at ? m.deactivated_at.toISOString() : null,
      created_at: m.created_at.toISOString(),
    }),
    grants: JSON.stringify(s.grants),
    roles: JSON.stringify(roles.map((r) => ({ scope: r.scope, target_id: r.target_id, role: r.role, title: r.title }))),
    deleted_by_account_id: s.actor.accountId,
    deleted_by_name: s.actor.name,
  });
}

/** R-C12: a new invitation (optionally with a personal message) to a user who has not accepted; the old link dies. */
export function resendInvitation(ctx: Ctx, orgId: string, membershipId: string, message?: string) {
  return onMember(ctx, orgId, membershipId, async (s) => {
    const account = s.m.account_id ? await q.findAccountWithHomeById(s.tx, s.m.account_id) : undefined;
    requireApplicable('resend-invitation', s);
    if (!account || account.password_hash)
      throw new AppError('not_invited', { detail: 'Only users who have not accepted their invitation are invited again.' });
    await sendInvitation(s.tx, ctx, { account, orgId, orgName: s.orgName, inviterName: s.actor.name, message });
    await recordAudit(s.tx, s.actor, 'user.invitation_resent', {
      orgId,
      targetType: 'membership',
      targetId: membershipId,
      after: { message: message ?? null },
    });
  });
}

/** R-C13: an administrator mails a password reset link to an own user (a partner's password belongs to its home). */
export function sendUserPasswordReset(ctx: Ctx, orgId: string, membershipId: string) {
  return onMember(ctx, orgId, membershipId, async (s) => {
    requireApplicable('send-password-reset', s);
    const account = (await findAccountById(s.tx, s.m.account_id!))!;
    await sendPasswordReset(s.tx, ctx, account, orgId);
    await recordAudit(s.tx, s.actor, 'user.password_reset_sent', { orgId, targetType: 'membership', targetId: membershipId });
  });
}

/** R-C4: external users past validUntil become expired (no access, no seat). Run by the scheduled job. */
export async function expireExternalUsers(deps: Deps): Promise<number> {
  policy.requireSystem(systemActor('users.expire'), 'manageUsers');
  const catalogue = await getCatalogue(deps.db);
  const today = todayOf(deps.clock.now());
  let expired = 0;
  for (;;) {
    const due = await q.findExpiredExternals(deps.db, today, 200);
    if (!due.length) return expired;
    for (const d of due) {
      await inTx(deps.db, async (tx) => {
        const m = await q.findMembership(tx, d.org_id, d.id, true);
        if (!m || m.status === 'expired' || statusAfter({ type: m.type, validUntil: m.valid_until }, m, true, today) !== 'expired') return;
        const grants = await loadGrantsOf(tx, d.org_id, d.id);
        await changeSeats(tx, catalogue, d.org_id, { ...m, grants }, null);
        await q.updateMembership(tx, d.org_id, d.id, { status: 'expired' });
        if (m.account_id) await withdrawLinksIfNoAccessLeft(tx, m.account_id, deps.clock.now());
        await recordAudit(tx, null, 'user.expired', {
          orgId: d.org_id,
          targetType: 'membership',
          targetId: d.id,
          before: { status: m.status, validUntil: m.valid_until },
          after: { status: 'expired' },
        });
        expired++;
      });
    }
  }
}
