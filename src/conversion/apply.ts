import type { Ctx } from '../kernel/auth-context.js';
import { requireActor } from '../kernel/auth-context.js';
import { recordAudit } from '../kernel/audit.js';
import { newId } from '../kernel/crypto.js';
import { inTx } from '../kernel/db.js';
import { AppError } from '../kernel/errors.js';
import { todayOf } from '../access/effective.js';
import * as policy from '../access/policy.js';
import { findAccountsByEmails, insertAccounts, sendAccessNotices, sendInvitation, sendInvitations } from '../auth/service.js';
import { placeOrder } from '../licenses/service.js';
import { notify } from '../notifications/service.js';
import { getOrg } from '../orgs/service.js';
import { findMembershipsOfAccounts, insertMembers, normaliseGrants, viewMembers, type NewMember } from '../users/service.js';
import { duplicateEmails, seatsNeeded } from './mapping.js';
import * as q from './queries.js';
import { planInputs, requireOpenBy } from './service.js';
import type { ApplyBody } from './schema.js';

/** Users answered by apply: the first ones by name; the list of users has them all. */
const APPLY_VIEW_LIMIT = 500;

/**
 * R-I6: applies the plan in one transaction, all or nothing: users (invited through the outbox), persons, grants and
 * seats; the organisation becomes `current`; the before-state (legacy record + plan) goes into the audit event and the
 * converter gets a notification (R-K2). With orderMissingSeats the missing seats are ordered in the same transaction
 * (R-I7). Refuses: plan_outdated, conflicts_unresolved, license_limit_reached, already_converted,
 * conversion_in_progress, already_member, forbidden, not_found.
 */
export async function applyConversion(ctx: Ctx, orgId: string, input: ApplyBody) {
  const actor = requireActor(ctx);
  const now = ctx.clock.now();
  const today = todayOf(now);
  return inTx(ctx.db, async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const standing = await policy.require(tx, actor, 'convert', orgId, now);
    // The organisation row serialises concurrent applies: the second finds it current (R-I6: exactly one converts).
    const org = (await q.lockOrg(tx, orgId))!;
    const conversion = await q.findConversion(tx, orgId, true);
    if (org.permission_model === 'current') throw new AppError('already_converted');
    if (!conversion) throw new AppError('not_found', { detail: 'No conversion is open for this organisation.' });
    requireOpenBy(conversion, actor, org.name);
    if (conversion.version !== input.version) {
      throw new AppError('plan_outdated', {
        detail: `The plan changed since version ${input.version} (it is now version ${conversion.version}); review it and apply again.`,
        extra: { version: conversion.version },
      });
    }
    const { plan, legacy, mc, catalogue } = await planInputs(tx, ctx.db, conversion);
    const open = plan.conflicts.filter((c) => !c.resolution);
    if (open.length) {
      throw new AppError('conflicts_unresolved', {
        detail: `${open.length} conflict(s) are not resolved yet.`,
        extra: { conflicts: open.map((c) => ({ id: c.id, kind: c.kind })) },
      });
    }
    const dup = duplicateEmails(plan.users);
    if (dup.length) throw new AppError('conflicts_unresolved', { detail: `Several users have the e-mail ${dup.join(', ')}.`, extra: { conflicts: [] } });

    // R-I7: the missing seats ordered with the conversion, by a caller who may order licenses here.
    if (input.orderMissingSeats) {
      const pools = new Map((await q.listPools(tx, orgId)).map((p) => [p.module_key, p]));
      const raise: Record<string, number> = {};
      for (const [m, n] of seatsNeeded(mc, plan.users)) {
        const p = pools.get(m);
        const inUse = p?.in_use ?? 0;
        if (inUse + n > (p?.seats ?? 0)) raise[m] = inUse + n;
      }
      if (Object.keys(raise).length) {
        if (!policy.allows(standing, 'orderLicenses')) {
          throw new AppError('forbidden', { detail: 'You may not order licenses for this organisation; ask its administrator or contract owner.' });
        }
        await placeOrder(txCtx, orgId, { seats: raise });
      }
    }

    const users = plan.users;
    const people = new Map(legacy.persons.map((p) => [p.key, p]));
    const withLogin = users.filter((u) => u.type !== 'person');
    const existing = new Map(
      (
        await findAccountsByEmails(
          tx,
          withLogin.map((u) => u.email!),
        )
      ).map((a) => [a.email_lower, a]),
    );
    const members = await findMembershipsOfAccounts(
      tx,
      orgId,
      [...existing.values()].map((a) => a.id),
    );
    if (members.length) {
      throw new AppError('already_member', {
        detail: `Already users of ${org.name}: ${members.map((m) => m.email).join(', ')}. Make them persons in the summary, or remove them first.`,
        extra: { emails: members.map((m) => m.email) },
      });
    }
    const homes = new Map(
      (await q.orgNames(tx, [...new Set([...existing.values()].map((a) => a.home_org_id).filter((x): x is string => !!x))])).map((o) => [o.id, o]),
    );
    const created = withLogin
      .filter((u) => !existing.has(u.email!.toLowerCase()))
      .map((u) => ({
        id: newId(),
        email: u.email!,
        firstName: u.firstName,
        lastName: u.lastName,
        language: org.default_language,
        homeOrgId: orgId,
        phone: people.get(u.personKey)?.phone ?? null,
      }));
    await insertAccounts(tx, created);
    const createdByEmail = new Map(created.map((a) => [a.email.toLowerCase(), a]));
    const here = { id: orgId, name: org.name };
    const newMembers: NewMember[] = users.map((u) => {
      const person = people.get(u.personKey)!;
      const old = u.type === 'person' ? undefined : existing.get(u.email!.toLowerCase());
      const fresh = u.type === 'person' ? undefined : createdByEmail.get(u.email!.toLowerCase());
      return {
        orgId,
        accountId: old?.id ?? fresh?.id ?? null,
        email: u.email ?? person.email,
        firstName: u.firstName,
        lastName: u.lastName,
        phone: person.phone,
        jobTitle: null,
        type: u.type,
        status: u.type === 'person' ? 'active' : old?.password_hash ? 'active' : 'invited',
        resellerRole: null,
        validFrom: null,
        validUntil: null,
        homeOrg: old ? (old.home_org_id ? (homes.get(old.home_org_id) ?? null) : null) : here,
        grants: normaliseGrants(u.packages, u.modules),
      };
    });
    // R-B2: the seats of every new member in one check; refused whole with license_limit_reached.
    const membershipIds = await insertMembers(tx, catalogue, newMembers);

    const mailOf = (a: { id: string; email: string; first_name?: string; firstName?: string; language: 'en' | 'sv' | 'fi' | 'nb' }) => ({
      id: a.id,
      email: a.email,
      first_name: a.first_name ?? a.firstName ?? '',
      language: a.language,
    });
    const mail = { orgId, orgName: org.name, inviterName: actor.name };
    await sendInvitations(tx, ctx, { ...mail, accounts: created.map(mailOf) });
    const known = [...existing.values()];
    for (const a of known.filter((x) => !x.password_hash)) await sendInvitation(tx, ctx, { ...mail, account: mailOf(a) });
    await sendAccessNotices(tx, ctx, { ...mail, accounts: known.filter((x) => x.password_hash).map(mailOf) });

    await q.setPermissionModelCurrent(tx, orgId);
    await q.markApplied(tx, orgId, now);
    const summary = {
      orgName: org.name,
      users: withLogin.length,
      persons: users.length - withLogin.length,
      deactivated: plan.deactivations.length,
    };
    // R-I6: the full before-state — the legacy record and the plan as applied — stays in the audit log.
    await recordAudit(tx, actor, 'conversion.applied', {
      orgId,
      targetType: 'org',
      targetId: orgId,
      before: {
        permissionModel: 'legacy',
        legacy,
        plan: { version: conversion.version, decisions: conversion.decisions, edits: conversion.edits, ...plan },
      },
      after: { permissionModel: 'current', ...summary, invited: created.length + known.filter((x) => !x.password_hash).length },
    });
    await notify(tx, { accountId: actor.accountId, kind: 'conversion_applied', orgId, subject: { type: 'org', id: orgId }, summary }, now);
    return {
      org: await getOrg(txCtx, orgId),
      users: await viewMembers(tx, catalogue, orgId, membershipIds.slice(0, APPLY_VIEW_LIMIT), today),
      usersTotal: membershipIds.length,
    };
  });
}
