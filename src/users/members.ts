import type { Tx, Queryable } from '../kernel/db.js';
import type { UserStatus, UserType } from '../kernel/db-types.js';
import { AppError, type FieldError } from '../kernel/errors.js';
import { newId } from '../kernel/crypto.js';
import { effectiveModules, type Catalogue } from '../catalogue/service.js';
import { addDeltas, applySeatDeltas, seatDelta } from '../licenses/service.js';
import * as q from './queries.js';
import type { UserView } from './schema.js';
import { loadUserViews, type Grants } from './view.js';

/**
 * Member building blocks, shared by single changes (users, roles), the agency bulk job and the conversion: insert a
 * member, read and lock one, normalise and validate grants, the status after a change, seat deltas. No rights checks
 * and no audit here: the callers' services do those (access/policy.ts decides).
 */

const RESELLER_EXTRAS = ['bank', 'user-admin'];

/** Grants as stored: packages and modules deduplicated, admin defaulting to false. */
export function normaliseGrants(packages: string[] = [], modules: { key: string; admin?: boolean }[] = []): Grants {
  const byKey = new Map<string, boolean>();
  for (const m of modules) byKey.set(m.key, (byKey.get(m.key) ?? false) || (m.admin ?? false));
  return { packages: [...new Set(packages)].sort(), modules: [...byKey].map(([key, admin]) => ({ key, admin })).sort((a, b) => a.key.localeCompare(b.key)) };
}

/** Unknown packages/modules and the type rules of seed 002 (R-C3, R-C4, R-C5), every issue by field path. */
export function validateGrants(catalogue: Catalogue, type: string, grants: Grants, errors: FieldError[]) {
  grants.packages.forEach((p, i) => {
    if (!catalogue.packages.has(p)) errors.push({ path: `packages.${i}`, code: 'unknown_package', message: `Unknown package ${p}` });
  });
  grants.modules.forEach((m, i) => {
    if (!catalogue.modules.has(m.key)) errors.push({ path: `modules.${i}.key`, code: 'unknown_module', message: `Unknown module ${m.key}` });
  });
  if ((type === 'no_access' || type === 'person') && (grants.packages.length || grants.modules.length)) {
    errors.push({
      path: grants.packages.length ? 'packages' : 'modules',
      code: 'not_for_type',
      message: `A ${type === 'person' ? 'person without user' : 'user without system access'} holds no packages or modules`,
    });
  }
  if (type === 'reseller') {
    const agencyModules = new Set(catalogue.packages.get('agency') ?? []);
    grants.packages.forEach((p, i) => {
      if (p !== 'agency') errors.push({ path: `packages.${i}`, code: 'not_for_type', message: 'A reseller user holds the agency package only' });
    });
    grants.modules.forEach((m, i) => {
      if (!agencyModules.has(m.key) && !RESELLER_EXTRAS.includes(m.key))
        errors.push({
          path: `modules.${i}.key`,
          code: 'not_for_type',
          message: 'A reseller user holds agency-package modules, bank and user administration only',
        });
    });
  }
}

export function validateValidity(type: string, validFrom: string | null, validUntil: string | null, errors: FieldError[]) {
  if (type === 'external' && !validUntil) errors.push({ path: 'validUntil', code: 'required', message: 'An external user needs an end date' });
  if (validFrom && validUntil && validFrom > validUntil) errors.push({ path: 'validUntil', code: 'ends_before_start', message: 'Ends before it starts' });
}

/** One member as a change reads it, once: the row (locked for the change), its User view and its grants. */
export interface Member {
  m: q.MembershipRow;
  view: UserView;
  grants: Grants;
}

/** Reads one member for a change: the row locked, the view and grants from one read. Refuses: not_found. */
export async function readMember(tx: Tx, catalogue: Catalogue, orgId: string, membershipId: string, today: string): Promise<Member> {
  const m = await q.findMembership(tx, orgId, membershipId, true);
  if (!m) throw new AppError('not_found');
  const view = (await loadUserViews(tx, catalogue, orgId, [m], today))[0];
  return { m, view, grants: { packages: view.packages, modules: view.modules } };
}

/** The User view of a member as it is now (the after-state of a change). */
export async function viewMember(db: Queryable, catalogue: Catalogue, orgId: string, membershipId: string, today: string): Promise<UserView> {
  const row = await q.findMembership(db, orgId, membershipId);
  if (!row) throw new AppError('not_found');
  return (await loadUserViews(db, catalogue, orgId, [row], today))[0];
}

/** User views of many members (by name), from a few set-based reads. */
export async function viewMembers(db: Queryable, catalogue: Catalogue, orgId: string, membershipIds: string[], today: string): Promise<UserView[]> {
  return loadUserViews(db, catalogue, orgId, await q.findMemberships(db, orgId, membershipIds), today);
}

/**
 * The status after a change of type or validity, one rule for every writer (R-C4 expiry and its undoing, R-C2
 * invited until a password is set). `current` null: a new member, or one coming back from deactivation (R-C9).
 * An inactive member stays inactive: only reactivation ends that.
 */
export function statusAfter(
  next: { type: UserType; validUntil: string | null },
  current: { status: UserStatus } | null,
  hasPassword: boolean,
  today: string,
): UserStatus {
  if (current?.status === 'inactive') return 'inactive';
  if (!current && next.type === 'person') return 'active';
  const past = next.type === 'external' && next.validUntil !== null && next.validUntil < today;
  if (past) return 'expired';
  if (!current || current.status === 'expired') return hasPassword ? 'active' : 'invited';
  return current.status;
}

export const seatStateOf = (catalogue: Catalogue, m: { type: string; status: string }, g: Grants) => ({
  type: m.type,
  status: m.status,
  effectiveModules: effectiveModules(
    catalogue,
    g.packages,
    g.modules.map((x) => x.key),
  ),
});

/**
 * R-B1, R-B2: the seats a change of one member takes or frees (before/after as type, status and grants; null: no
 * membership), checked and applied in the caller's transaction. Refuses: license_limit_reached.
 */
export function changeSeats(
  tx: Tx,
  catalogue: Catalogue,
  orgId: string,
  before: { type: string; status: string; grants: Grants } | null,
  after: { type: string; status: string; grants: Grants } | null,
) {
  return applySeatDeltas(
    tx,
    orgId,
    seatDelta(before && seatStateOf(catalogue, before, before.grants), after && seatStateOf(catalogue, after, after.grants), catalogue.licensed),
  );
}

export interface NewMember {
  orgId: string;
  accountId: string | null;
  email: string | null;
  firstName: string;
  lastName: string;
  phone: string | null;
  jobTitle: string | null;
  type: UserType;
  status: UserStatus;
  resellerRole: 'accountant' | 'auditor' | null;
  validFrom: string | null;
  validUntil: string | null;
  /** The account's home organisation; null for an account at home nowhere (an operator): a partner everywhere. */
  homeOrg: { id: string; name: string } | null;
  grants: Grants;
  /** R-C16: the office (of the home organisation) the member is placed at; checked by the caller. */
  office?: { id: string; name: string } | null;
}

/**
 * Inserts person, membership and grants and takes the seats (R-B2 check) — the one way a member is created,
 * used by add user, the demo data, agency bulk grants and conversion. No rights check, no audit: callers do those.
 */
export async function insertMember(tx: Tx, catalogue: Catalogue, m: NewMember): Promise<string> {
  const personId = newId();
  const membershipId = newId();
  await q.insertPerson(tx, {
    orgId: m.orgId,
    id: personId,
    firstName: m.firstName,
    lastName: m.lastName,
    email: m.email,
    phone: m.phone,
    jobTitle: m.jobTitle,
  });
  await q.insertMembership(tx, {
    orgId: m.orgId,
    id: membershipId,
    personId,
    accountId: m.accountId,
    type: m.type,
    status: m.status,
    resellerRole: m.resellerRole,
    validFrom: m.validFrom,
    validUntil: m.validUntil,
    firstName: m.firstName,
    lastName: m.lastName,
    email: m.email,
    ...homeAt(m.orgId, m.homeOrg),
    office: m.office ?? null,
  });
  await q.replaceGrants(tx, m.orgId, membershipId, m.grants.packages, m.grants.modules);
  await changeSeats(tx, catalogue, m.orgId, null, m);
  return membershipId;
}

/**
 * A member's home in an organisation (R-J2): own only where the account's home organisation is; being added
 * anywhere else — by a single change, the bulk job or the conversion — makes it a partner there, with its home's name.
 */
export function homeAt(orgId: string, homeOrg: { id: string; name: string } | null | undefined) {
  return { home: homeOrg?.id === orgId ? ('own' as const) : ('partner' as const), homeOrgId: homeOrg?.id ?? null, homeOrgName: homeOrg?.name ?? '' };
}

/**
 * Bulk building blocks of the agency bulk job (R-H1): memberships of many accounts in many organisations read and
 * locked in one statement; members inserted, module grants added or removed, packages removed and members deleted
 * in one statement each. No rights, no audit and no seats here: the job decides per item (policy), takes the seats
 * itself under the pools' lock (licenses/service.ts lockPoolsBulk, addInUseBulk) and records the audit events.
 */
export {
  lockMembershipsOfAccounts,
  readMembershipsOfAccounts,
  insertMembershipsBulk,
  insertModuleGrantsBulk,
  deleteModuleGrantsBulk,
  deletePackageGrantsBulk,
  deleteMembershipsBulk,
  touchMembershipsBulk,
  type BulkMemberRow,
} from './queries.js';

/**
 * insertMember for many members at once (the conversion, R-I6): persons, memberships and grants in set-based
 * statements, then one seat check over the sum of their seats (R-B2: refused whole). Returns the membership ids in
 * input order. No rights check, no audit: callers do those.
 */
export async function insertMembers(tx: Tx, catalogue: Catalogue, members: NewMember[]): Promise<string[]> {
  const ids = members.map(() => ({ personId: newId(), membershipId: newId() }));
  const deltas = new Map<string, number>();
  for (const m of members) addDeltas(deltas, seatDelta(null, seatStateOf(catalogue, m, m.grants), catalogue.licensed));
  // Seats first: a conversion that does not fit is refused before anything is written.
  if (members.length) await applySeatDeltas(tx, members[0].orgId, deltas);
  await q.insertMembersBulk(
    tx,
    members.map((m, i) => ({
      orgId: m.orgId,
      id: ids[i].personId,
      firstName: m.firstName,
      lastName: m.lastName,
      email: m.email,
      phone: m.phone,
      jobTitle: m.jobTitle,
    })),
    members.map((m, i) => ({
      orgId: m.orgId,
      id: ids[i].membershipId,
      personId: ids[i].personId,
      accountId: m.accountId,
      type: m.type,
      status: m.status,
      resellerRole: m.resellerRole,
      validFrom: m.validFrom,
      validUntil: m.validUntil,
      firstName: m.firstName,
      lastName: m.lastName,
      email: m.email,
      ...homeAt(m.orgId, m.homeOrg),
    })),
    members.flatMap((m, i) => m.grants.packages.map((key) => ({ orgId: m.orgId, membershipId: ids[i].membershipId, key }))),
    members.flatMap((m, i) => m.grants.modules.map((g) => ({ orgId: m.orgId, membershipId: ids[i].membershipId, key: g.key, admin: g.admin }))),
  );
  return ids.map((x) => x.membershipId);
}
