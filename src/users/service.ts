import type { Ctx } from '../kernel/auth-context.js';
import { requireActor } from '../kernel/auth-context.js';
import { recordAudit } from '../kernel/audit.js';
import { newId } from '../kernel/crypto.js';
import { inTx } from '../kernel/db.js';
import { AppError, type FieldError } from '../kernel/errors.js';
import { insertAccount, renameAccount, sendAccessNotice, sendInvitation, withdrawLinksIfNoAccessLeft } from '../auth/service.js';
import { getCatalogue } from '../catalogue/service.js';
import { todayOf } from '../access/effective.js';
import { accountAdministratorGuard, administratorGuard } from '../access/administrators.js';
import * as policy from '../access/policy.js';
import { officeForPlacement } from '../offices/service.js';
import {
  changeSeats,
  insertMember,
  normaliseGrants,
  readMember,
  statusAfter,
  validateGrants,
  validateValidity,
  viewMember,
  type NewMember,
} from './members.js';
import * as q from './queries.js';
import type { CreateUserBody, UpdateUserBody, UserView } from './schema.js';

export { insertMember, insertMembers, normaliseGrants, readMember, viewMember as memberView, viewMembers, type NewMember } from './members.js';
export { findMembershipsOfAccounts } from './queries.js';

/**
 * R-C1…R-C5: adds a user of any of the five types; an e-mail of an existing account fills in its names and adds it
 * (as a partner member when its home is elsewhere); a new account is invited, an existing one told (R-C2).
 * Refuses: validation_failed, not_eligible (reseller), already_member, forbidden (R-J2), license_limit_reached.
 */
export async function addUser(ctx: Ctx, orgId: string, input: CreateUserBody): Promise<UserView> {
  const actor = requireActor(ctx);
  const catalogue = await getCatalogue(ctx.db);
  const today = todayOf(ctx.clock.now());
  const grants = normaliseGrants(input.packages, input.modules);
  const errors: FieldError[] = [];
  validateGrants(catalogue, input.type, grants, errors);
  validateValidity(input.type, input.validFrom ?? null, input.validUntil ?? null, errors);
  // R-C4: adding somebody whose access already ended is a mistake unless a historic record is asked for explicitly.
  if (input.validUntil && input.validUntil < today && !input.historic)
    errors.push({ path: 'validUntil', code: 'in_past', message: 'The end date has passed: the user could never sign in' });
  if (input.historic && !(input.validUntil && input.validUntil < today))
    errors.push({ path: 'historic', code: 'not_historic', message: 'Only a user whose end date has passed is a historic record' });
  if (input.type === 'reseller' && !input.resellerRole) errors.push({ path: 'resellerRole', code: 'required', message: 'Choose accountant or auditor' });
  if (input.type !== 'reseller' && input.resellerRole)
    errors.push({ path: 'resellerRole', code: 'not_for_type', message: 'Only reseller users have a reseller role' });
  if (input.type !== 'person' && !input.email && !input.accountId) errors.push({ path: 'email', code: 'required', message: 'Required' });
  if (errors.length) throw new AppError('validation_failed', { errors });

  return inTx(ctx.db, async (tx) => {
    const standing = await policy.standingIn(tx, actor, orgId, ctx.clock.now());
    policy.requireAddUser(standing, catalogue.packages, grants);
    const org = (await q.findOrgName(tx, orgId))!;

    let account: Awaited<ReturnType<typeof q.findAccountWithHome>> | undefined;
    if (input.type !== 'person') {
      account = input.accountId ? await q.findAccountWithHomeById(tx, input.accountId) : await q.findAccountWithHome(tx, input.email!);
      if (input.accountId && !account)
        throw new AppError('validation_failed', { errors: [{ path: 'accountId', code: 'unknown_account', message: 'No such account' }] });
      if (account && (await q.findMembershipOfAccount(tx, orgId, account.id))) {
        throw new AppError('already_member', { detail: `${account.email} is already a user of ${org.name}.` });
      }
    }
    const firstName = input.firstName ?? account?.first_name;
    const lastName = input.lastName ?? account?.last_name;
    if (!firstName || !lastName) {
      throw new AppError('validation_failed', {
        errors: [
          ...(!firstName ? [{ path: 'firstName', code: 'required' as const, message: 'Required' }] : []),
          ...(!lastName ? [{ path: 'lastName', code: 'required' as const, message: 'Required' }] : []),
        ],
      });
    }
    let homeOrg: NewMember['homeOrg'] = { id: orgId, name: org.name };
    if (input.type !== 'person' && !account) {
      if (input.homeOrgId && input.homeOrgId !== orgId) {
        const home = await q.findOrgName(tx, input.homeOrgId);
        if (!home) throw new AppError('validation_failed', { errors: [{ path: 'homeOrgId', code: 'unknown_org', message: 'No such organisation' }] });
        homeOrg = { id: home.id, name: home.name };
      }
      const created = await insertAccount(tx, {
        id: newId(),
        email: input.email!,
        firstName,
        lastName,
        language: input.language ?? org.default_language,
        homeOrgId: homeOrg.id,
        phone: input.phone ?? null,
      });
      if (input.emailSettings)
        await tx
          .updateTable('accounts')
          .set({ email_settings: JSON.stringify(input.emailSettings) })
          .where('id', '=', created.id)
          .execute();
      account = { ...created, password_hash: null, home_org_name: homeOrg.name };
    } else if (account) {
      homeOrg = account.home_org_id ? { id: account.home_org_id, name: account.home_org_name ?? '' } : null;
    }
    if (input.type === 'reseller' && !(org.agency_id && (await q.isActiveAgencyEmployee(tx, org.agency_id, account!.id, today)))) {
      throw new AppError('not_eligible', {
        detail: 'Only active employees of the agency that serves this client can be reseller users. Add them to the agency first.',
      });
    }

    // R-C16: the office is one of the home organisation's (a partner's own company's).
    const office = await officeForPlacement(tx, homeOrg?.id ?? null, input.officeId ?? null);

    // R-C4: a historic external user (end date passed) is expired from the start: no access, no seat, no mail.
    const status = statusAfter({ type: input.type, validUntil: input.validUntil ?? null }, null, !!account?.password_hash, today);
    const membershipId = await insertMember(tx, catalogue, {
      orgId,
      accountId: account?.id ?? null,
      email: account?.email ?? input.email ?? null,
      firstName,
      lastName,
      phone: input.phone ?? null,
      jobTitle: input.jobTitle ?? null,
      type: input.type,
      status,
      resellerRole: input.resellerRole ?? null,
      validFrom: input.validFrom ?? null,
      validUntil: input.validUntil ?? null,
      homeOrg,
      grants,
      office,
    });

    if (account && status !== 'expired') {
      const mailAccount = { id: account.id, email: account.email, first_name: account.first_name, language: account.language };
      if (!account.password_hash) await sendInvitation(tx, ctx, { account: mailAccount, orgId, orgName: org.name, inviterName: actor.name });
      else await sendAccessNotice(tx, ctx, { account: mailAccount, orgId, orgName: org.name, inviterName: actor.name });
    }
    const view = await viewMember(tx, catalogue, orgId, membershipId, today);
    await recordAudit(tx, actor, 'user.added', { orgId, targetType: 'membership', targetId: membershipId, after: view });
    return view;
  });
}

export async function getUser(ctx: Ctx, orgId: string, membershipId: string): Promise<UserView> {
  const actor = requireActor(ctx);
  const standing = await policy.standingIn(ctx.db, actor, orgId, ctx.clock.now());
  const catalogue = await getCatalogue(ctx.db);
  const view = await viewMember(ctx.db, catalogue, orgId, membershipId, todayOf(ctx.clock.now()));
  // Members see themselves; administrators (system or program) see everybody.
  if (!policy.allows(standing, 'listUsers') && view.accountId !== actor.accountId) throw new AppError('forbidden');
  return view;
}

/**
 * R-C6: edits details, type (employee/external/no_access), packages, modules and validity in one change.
 * Refuses: validation_failed, forbidden (R-J2: details need a system administrator; grants the granting right),
 * license_limit_reached, not_found.
 */
export async function updateUser(ctx: Ctx, orgId: string, membershipId: string, input: UpdateUserBody): Promise<UserView> {
  const actor = requireActor(ctx);
  const catalogue = await getCatalogue(ctx.db);
  const today = todayOf(ctx.clock.now());
  return inTx(ctx.db, async (tx) => {
    const standing = await policy.standingIn(tx, actor, orgId, ctx.clock.now());
    const { m, view: beforeView, grants: before } = await readMember(tx, catalogue, orgId, membershipId, today);
    const after = normaliseGrants(input.packages ?? before.packages, input.modules ?? before.modules);
    const type = input.type ?? m.type;
    const validFrom = input.validFrom !== undefined ? input.validFrom : m.valid_from;
    const validUntil = input.validUntil !== undefined ? input.validUntil : m.valid_until;
    const errors: FieldError[] = [];
    if (input.type && !['employee', 'external', 'no_access'].includes(m.type))
      errors.push({ path: 'type', code: 'not_changeable', message: `A ${m.type} user keeps its type` });
    if (input.resellerRole && m.type !== 'reseller')
      errors.push({ path: 'resellerRole', code: 'not_for_type', message: 'Only reseller users have a reseller role' });
    validateGrants(catalogue, type, after, errors);
    validateValidity(type, validFrom, validUntil, errors);
    // Extend validity (issue 14 item 3): an expired external comes back only with an end date that has not passed.
    if (m.status === 'expired' && input.validUntil && input.validUntil < today)
      errors.push({ path: 'validUntil', code: 'in_past', message: 'The new end date has passed too: choose a later one to extend the validity' });
    if (errors.length) throw new AppError('validation_failed', { errors });
    // Issue 14 item 4: a partner's name is its account's, edited at its home organisation only (where it reaches every copy).
    const renamed = (input.firstName !== undefined && input.firstName !== m.first_name) || (input.lastName !== undefined && input.lastName !== m.last_name);
    if (renamed && m.account_id && m.home !== 'own') {
      throw new AppError('edited_at_home', {
        detail: m.home_org_id
          ? `${m.first_name} ${m.last_name} is a partner user: the name is changed at ${m.home_org_name}, their home organisation.`
          : `${m.first_name} ${m.last_name} has no home organisation: the name is changed in their own profile.`,
        extra: { homeOrg: m.home_org_id ? { id: m.home_org_id, name: m.home_org_name } : null },
      });
    }

    // The account is read only when the change needs it: its operator flag, or whether its password is set.
    const account =
      m.account_id && (input.loginValidUntil !== undefined || m.status === 'expired') ? await q.findAccountWithHomeById(tx, m.account_id) : undefined;
    if (input.loginValidUntil !== undefined && (!account || m.home !== 'own' || (!actor.operator && account.operator))) {
      throw new AppError('forbidden', {
        detail: "Only the home organisation of an account sets its sign-in end date; a platform operator's only an operator.",
      });
    }
    const detailsChange = ['firstName', 'lastName', 'phone', 'jobTitle', 'resellerRole', 'validFrom', 'validUntil', 'type', 'loginValidUntil', 'officeId'].some(
      (k) => (input as Record<string, unknown>)[k] !== undefined,
    );
    if (detailsChange && !policy.allows(standing, 'manageUsers'))
      throw new AppError('forbidden', { detail: 'Only administrators of the organisation change user details.' });
    policy.requireGrantChange(standing, catalogue.packages, before, after);
    // R-C16: a user is placed at an office of their home organisation (a partner: their own company's).
    const office = input.officeId !== undefined ? await officeForPlacement(tx, m.home_org_id, input.officeId) : undefined;

    // An external user given a later end date gets access back; one whose end date is moved into the past loses it.
    const status = statusAfter({ type, validUntil }, m, !!account?.password_hash, today);
    // Dropping user-admin, the type, the validity or the account's sign-in end may end the last administrator.
    const administratorRemains = await administratorGuard(tx, actor, orgId, [membershipId], ctx.clock.now());
    const elsewhere =
      input.loginValidUntil !== undefined && m.account_id ? await accountAdministratorGuard(tx, actor, m.account_id, ctx.clock.now()) : async () => {};
    await changeSeats(tx, catalogue, orgId, { ...m, grants: before }, { type, status, grants: after });
    await q.updatePerson(tx, orgId, m.person_id, {
      ...(input.firstName !== undefined ? { first_name: input.firstName } : {}),
      ...(input.lastName !== undefined ? { last_name: input.lastName } : {}),
      ...(input.phone !== undefined ? { phone: input.phone } : {}),
      ...(input.jobTitle !== undefined ? { job_title: input.jobTitle } : {}),
    });
    await q.updateMembership(tx, orgId, membershipId, {
      type,
      status,
      valid_from: type === 'external' || validFrom ? validFrom : null,
      valid_until: validUntil,
      ...(input.resellerRole ? { reseller_role: input.resellerRole } : {}),
      ...(input.firstName !== undefined ? { first_name: input.firstName } : {}),
      ...(input.lastName !== undefined ? { last_name: input.lastName } : {}),
      ...(office !== undefined ? { office_id: office?.id ?? null, office_name: office?.name ?? '' } : {}),
    });
    // An own user's name is its account's: the account and every organisation's copy of it change together.
    if (renamed && m.account_id) await renameAccount(tx, m.account_id, input.firstName ?? m.first_name, input.lastName ?? m.last_name);
    await q.replaceGrants(tx, orgId, membershipId, after.packages, after.modules);
    if (input.loginValidUntil !== undefined) await q.setAccountLoginValidUntil(tx, m.account_id!, input.loginValidUntil);
    await administratorRemains();
    await elsewhere();
    // R-C11: an end date moved into the past ends access; the account's open links go with it when nothing is left.
    if (status === 'expired' && m.status !== 'expired' && m.account_id) await withdrawLinksIfNoAccessLeft(tx, m.account_id, ctx.clock.now());
    const view = await viewMember(tx, catalogue, orgId, membershipId, today);
    await recordAudit(tx, actor, 'user.updated', { orgId, targetType: 'membership', targetId: membershipId, before: beforeView, after: view });
    return view;
  });
}

/**
 * R-C1 lookup by e-mail: fills in the names of an existing account. Names are revealed only to administrators
 * of some organisation (and operators); anybody else learns nothing.
 */
export async function lookupAccount(ctx: Ctx, email: string, orgId?: string) {
  const actor = requireActor(ctx);
  await policy.requirePlatform(ctx.db, actor, 'lookupAccount', ctx.clock.now());
  if (orgId) await policy.standingIn(ctx.db, actor, orgId, ctx.clock.now());
  const a = await q.findAccountWithHome(ctx.db, email);
  if (!a) return { found: false, account: null, alreadyMember: orgId ? false : null };
  return {
    found: true,
    alreadyMember: orgId ? (await q.findMembershipOfAccount(ctx.db, orgId, a.id)) !== undefined : null,
    account: {
      id: a.id,
      email: a.email,
      firstName: a.first_name,
      lastName: a.last_name,
      homeOrg: a.home_org_id ? { id: a.home_org_id, name: a.home_org_name ?? '' } : null,
    },
  };
}
