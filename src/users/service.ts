import type { Ctx } from '../kernel/auth-context.js';
import { requireActor } from '../kernel/auth-context.js';
import { recordAudit } from '../kernel/audit.js';
import { newId } from '../kernel/crypto.js';
import { inTx, type Queryable, type Tx } from '../kernel/db.js';
import type { UserStatus, UserType } from '../kernel/db-types.js';
import { AppError, type FieldError } from '../kernel/errors.js';
import { insertAccount, sendAccessNotice, sendInvitation } from '../auth/service.js';
import { effectiveModules, getCatalogue, type Catalogue } from '../catalogue/service.js';
import { applySeatDeltas, seatDelta } from '../licenses/service.js';
import { todayOf } from '../access/effective.js';
import * as policy from '../access/policy.js';
import * as q from './queries.js';
import type { CreateUserBody, UpdateUserBody, UserView } from './schema.js';
import { loadGrantsOf, loadUserViews, type Grants } from './view.js';

const RESELLER_EXTRAS = ['bank', 'user-admin'];

/** Grants as stored: packages and modules deduplicated, admin defaulting to false. */
export function normaliseGrants(packages: string[] = [], modules: { key: string; admin?: boolean }[] = []): Grants {
  const byKey = new Map<string, boolean>();
  for (const m of modules) byKey.set(m.key, (byKey.get(m.key) ?? false) || (m.admin ?? false));
  return { packages: [...new Set(packages)].sort(), modules: [...byKey].map(([key, admin]) => ({ key, admin })).sort((a, b) => a.key.localeCompare(b.key)) };
}

/** Unknown packages/modules and the type rules of seed 002 (R-C3, R-C4, R-C5), every issue by field path. */
function validateGrants(catalogue: Catalogue, type: string, grants: Grants, errors: FieldError[]) {
  grants.packages.forEach((p, i) => { if (!catalogue.packages.has(p)) errors.push({ path: `packages.${i}`, code: 'unknown_package', message: `Unknown package ${p}` }); });
  grants.modules.forEach((m, i) => { if (!catalogue.modules.has(m.key)) errors.push({ path: `modules.${i}.key`, code: 'unknown_module', message: `Unknown module ${m.key}` }); });
  if ((type === 'no_access' || type === 'person') && (grants.packages.length || grants.modules.length)) {
    errors.push({ path: grants.packages.length ? 'packages' : 'modules', code: 'not_for_type', message: `A ${type === 'person' ? 'person without user' : 'user without system access'} holds no packages or modules` });
  }
  if (type === 'reseller') {
    const agencyModules = new Set(catalogue.packages.get('agency') ?? []);
    grants.packages.forEach((p, i) => { if (p !== 'agency') errors.push({ path: `packages.${i}`, code: 'not_for_type', message: 'A reseller user holds the agency package only' }); });
    grants.modules.forEach((m, i) => {
      if (!agencyModules.has(m.key) && !RESELLER_EXTRAS.includes(m.key)) errors.push({ path: `modules.${i}.key`, code: 'not_for_type', message: 'A reseller user holds agency-package modules, bank and user administration only' });
    });
  }
}

function validateValidity(type: string, validFrom: string | null, validUntil: string | null, errors: FieldError[]) {
  if (type === 'external' && !validUntil) errors.push({ path: 'validUntil', code: 'required', message: 'An external user needs an end date' });
  if (validFrom && validUntil && validFrom > validUntil) errors.push({ path: 'validUntil', code: 'ends_before_start', message: 'Ends before it starts' });
}

/** Locks one member for a change by another capability (roles): the row plus its default job title. */
export async function lockMember(tx: Tx, orgId: string, membershipId: string) {
  const m = await q.findMembership(tx, orgId, membershipId, true);
  if (!m) throw new AppError('not_found');
  const person = await q.findPerson(tx, orgId, m.person_id);
  return { ...m, jobTitle: person.job_title };
}

/** The User resource of one member. */
export const memberView = (...args: Parameters<typeof viewOf>) => viewOf(...args);

async function viewOf(db: Queryable, catalogue: Catalogue, orgId: string, membershipId: string, today: string): Promise<UserView> {
  const row = await q.findMembership(db, orgId, membershipId);
  if (!row) throw new AppError('not_found');
  return (await loadUserViews(db, catalogue, orgId, [row], today))[0];
}

export interface NewMember {
  orgId: string; accountId: string | null; email: string | null; firstName: string; lastName: string; phone: string | null;
  jobTitle: string | null; type: UserType; status: UserStatus; resellerRole: 'accountant' | 'auditor' | null;
  validFrom: string | null; validUntil: string | null;
  /** The account's home organisation; null for an account at home nowhere (an operator): a partner everywhere. */
  homeOrg: { id: string; name: string } | null; grants: Grants;
}

/**
 * Inserts person, membership and grants and takes the seats (R-B2 check) — the one way a member is created,
 * used by add user, the demo data, agency bulk grants and conversion. No rights check, no audit: callers do those.
 */
export async function insertMember(tx: Tx, catalogue: Catalogue, m: NewMember): Promise<string> {
  const personId = newId();
  const membershipId = newId();
  await q.insertPerson(tx, { orgId: m.orgId, id: personId, firstName: m.firstName, lastName: m.lastName, email: m.email, phone: m.phone, jobTitle: m.jobTitle });
  await q.insertMembership(tx, {
    orgId: m.orgId, id: membershipId, personId, accountId: m.accountId, type: m.type, status: m.status,
    resellerRole: m.resellerRole, validFrom: m.validFrom, validUntil: m.validUntil,
    firstName: m.firstName, lastName: m.lastName, email: m.email,
    // R-J2: being added somewhere never makes an account at home there; only its own home organisation is.
    home: m.homeOrg?.id === m.orgId ? 'own' : 'partner', homeOrgId: m.homeOrg?.id ?? null, homeOrgName: m.homeOrg?.name ?? '',
  });
  await q.replaceGrants(tx, m.orgId, membershipId, m.grants.packages, m.grants.modules);
  await applySeatDeltas(tx, m.orgId, seatDelta(null, seatStateOf(catalogue, m, m.grants), catalogue.licensed));
  return membershipId;
}

export const seatStateOf = (catalogue: Catalogue, m: { type: string; status: string }, g: Grants) =>
  ({ type: m.type, status: m.status, effectiveModules: effectiveModules(catalogue, g.packages, g.modules.map((x) => x.key)) });

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
  if (input.type === 'reseller' && !input.resellerRole) errors.push({ path: 'resellerRole', code: 'required', message: 'Choose accountant or auditor' });
  if (input.type !== 'reseller' && input.resellerRole) errors.push({ path: 'resellerRole', code: 'not_for_type', message: 'Only reseller users have a reseller role' });
  if (input.type !== 'person' && !input.email && !input.accountId) errors.push({ path: 'email', code: 'required', message: 'Required' });
  if (errors.length) throw new AppError('validation_failed', { errors });

  return inTx(ctx.db, async (tx) => {
    const standing = await policy.standingIn(tx, actor, orgId, ctx.clock.now());
    policy.requireAddUser(standing, catalogue.packages, grants);
    const org = (await q.findOrgName(tx, orgId))!;

    let account: Awaited<ReturnType<typeof q.findAccountWithHome>> | undefined;
    if (input.type !== 'person') {
      account = input.accountId ? await q.findAccountWithHomeById(tx, input.accountId) : await q.findAccountWithHome(tx, input.email!);
      if (input.accountId && !account) throw new AppError('validation_failed', { errors: [{ path: 'accountId', code: 'unknown_account', message: 'No such account' }] });
      if (account && await q.findMembershipOfAccount(tx, orgId, account.id)) {
        throw new AppError('already_member', { detail: `${account.email} is already a user of ${org.name}.` });
      }
    }
    const firstName = input.firstName ?? account?.first_name;
    const lastName = input.lastName ?? account?.last_name;
    if (!firstName || !lastName) {
      throw new AppError('validation_failed', { errors: [...(!firstName ? [{ path: 'firstName', code: 'required' as const, message: 'Required' }] : []), ...(!lastName ? [{ path: 'lastName', code: 'required' as const, message: 'Required' }] : [])] });
    }
    let homeOrg: NewMember['homeOrg'] = { id: orgId, name: org.name };
    if (input.type !== 'person' && !account) {
      if (input.homeOrgId && input.homeOrgId !== orgId) {
        const home = await q.findOrgName(tx, input.homeOrgId);
        if (!home) throw new AppError('validation_failed', { errors: [{ path: 'homeOrgId', code: 'unknown_org', message: 'No such organisation' }] });
        homeOrg = { id: home.id, name: home.name };
      }
      const created = await insertAccount(tx, { id: newId(), email: input.email!, firstName, lastName, language: input.language ?? org.default_language, homeOrgId: homeOrg.id, phone: input.phone ?? null });
      if (input.emailSettings) await tx.updateTable('accounts').set({ email_settings: JSON.stringify(input.emailSettings) }).where('id', '=', created.id).execute();
      account = { ...created, password_hash: null, home_org_name: homeOrg.name };
    } else if (account) {
      homeOrg = account.home_org_id ? { id: account.home_org_id, name: account.home_org_name ?? '' } : null;
    }
    if (input.type === 'reseller' && !(org.agency_id && await q.isActiveAgencyEmployee(tx, org.agency_id, account!.id))) {
      throw new AppError('not_eligible', { detail: 'Only active employees of the agency that serves this client can be reseller users. Add them to the agency first.' });
    }

    // R-C4: an external user whose end date has already passed is expired from the start (no access, no seat).
    const status = input.type === 'person' ? 'active'
      : input.type === 'external' && input.validUntil && input.validUntil < today ? 'expired'
        : account!.password_hash ? 'active' : 'invited';
    const membershipId = await insertMember(tx, catalogue, {
      orgId, accountId: account?.id ?? null, email: account?.email ?? input.email ?? null, firstName, lastName,
      phone: input.phone ?? null, jobTitle: input.jobTitle ?? null, type: input.type, status,
      resellerRole: input.resellerRole ?? null, validFrom: input.validFrom ?? null, validUntil: input.validUntil ?? null, homeOrg, grants,
    });

    if (account) {
      const mailAccount = { id: account.id, email: account.email, first_name: account.first_name, language: account.language };
      if (!account.password_hash) await sendInvitation(tx, ctx, { account: mailAccount, orgId, orgName: org.name, inviterName: actor.name });
      else await sendAccessNotice(tx, ctx, { account: mailAccount, orgId, orgName: org.name, inviterName: actor.name });
    }
    const view = await viewOf(tx, catalogue, orgId, membershipId, today);
    await recordAudit(tx, actor, 'user.added', { orgId, targetType: 'membership', targetId: membershipId, after: view });
    return view;
  });
}

export async function getUser(ctx: Ctx, orgId: string, membershipId: string): Promise<UserView> {
  const actor = requireActor(ctx);
  const standing = await policy.standingIn(ctx.db, actor, orgId, ctx.clock.now());
  const catalogue = await getCatalogue(ctx.db);
  const view = await viewOf(ctx.db, catalogue, orgId, membershipId, todayOf(ctx.clock.now()));
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
    const m = await q.findMembership(tx, orgId, membershipId, true);
    if (!m) throw new AppError('not_found');
    const beforeView = (await loadUserViews(tx, catalogue, orgId, [m], today))[0];
    const before = await loadGrantsOf(tx, orgId, membershipId);
    const after = normaliseGrants(input.packages ?? before.packages, input.modules ?? before.modules);
    const type = input.type ?? m.type;
    const validFrom = input.validFrom !== undefined ? input.validFrom : m.valid_from;
    const validUntil = input.validUntil !== undefined ? input.validUntil : m.valid_until;
    const errors: FieldError[] = [];
    if (input.type && !['employee', 'external', 'no_access'].includes(m.type)) errors.push({ path: 'type', code: 'not_changeable', message: `A ${m.type} user keeps its type` });
    if (input.resellerRole && m.type !== 'reseller') errors.push({ path: 'resellerRole', code: 'not_for_type', message: 'Only reseller users have a reseller role' });
    validateGrants(catalogue, type, after, errors);
    validateValidity(type, validFrom, validUntil, errors);
    if (errors.length) throw new AppError('validation_failed', { errors });

    if (input.loginValidUntil !== undefined && (!m.account_id || m.home !== 'own' || (!actor.operator && (await q.findAccountWithHomeById(tx, m.account_id))?.operator))) {
      throw new AppError('forbidden', { detail: 'Only the home organisation of an account sets its sign-in end date; a platform operator\'s only an operator.' });
    }
    const detailsChange = ['firstName', 'lastName', 'phone', 'jobTitle', 'resellerRole', 'validFrom', 'validUntil', 'type', 'loginValidUntil'].some((k) => (input as Record<string, unknown>)[k] !== undefined);
    if (detailsChange && !policy.allows(standing, 'manageUsers')) throw new AppError('forbidden', { detail: 'Only administrators of the organisation change user details.' });
    policy.requireGrantChange(standing, catalogue.packages, before, after);

    // An external user given a later end date gets access back; one whose end date is moved into the past loses it.
    let status = m.status;
    // Access given back: active when the account has set its password, else invited (read only when needed).
    const restored = async () => (m.account_id && (await q.findAccountWithHomeById(tx, m.account_id))?.password_hash ? 'active' : 'invited');
    if (type === 'external' && m.status === 'expired' && validUntil && validUntil >= today) status = await restored();
    if (type === 'external' && (m.status === 'active' || m.status === 'invited') && validUntil && validUntil < today) status = 'expired';
    if (type !== 'external' && m.status === 'expired') status = await restored();

    await applySeatDeltas(tx, orgId, seatDelta(seatStateOf(catalogue, m, before), seatStateOf(catalogue, { type, status }, after), catalogue.licensed));
    await q.updatePerson(tx, orgId, m.person_id, {
      ...(input.firstName !== undefined ? { first_name: input.firstName } : {}),
      ...(input.lastName !== undefined ? { last_name: input.lastName } : {}),
      ...(input.phone !== undefined ? { phone: input.phone } : {}),
      ...(input.jobTitle !== undefined ? { job_title: input.jobTitle } : {}),
    });
    await q.updateMembership(tx, orgId, membershipId, {
      type, status, valid_from: type === 'external' || validFrom ? validFrom : null, valid_until: validUntil,
      ...(input.resellerRole ? { reseller_role: input.resellerRole } : {}),
      ...(input.firstName !== undefined ? { first_name: input.firstName } : {}),
      ...(input.lastName !== undefined ? { last_name: input.lastName } : {}),
    });
    await q.replaceGrants(tx, orgId, membershipId, after.packages, after.modules);
    if (input.loginValidUntil !== undefined) await q.setAccountLoginValidUntil(tx, m.account_id!, input.loginValidUntil);
    const view = await viewOf(tx, catalogue, orgId, membershipId, today);
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
    account: { id: a.id, email: a.email, firstName: a.first_name, lastName: a.last_name, homeOrg: a.home_org_id ? { id: a.home_org_id, name: a.home_org_name ?? '' } : null },
  };
}
