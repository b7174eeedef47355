import type { Actor, AppCaller, SystemActor } from '../kernel/auth-context.js';
import type { Queryable } from '../kernel/db.js';
import { AppError } from '../kernel/errors.js';
import { ACCESS_TYPES, todayOf } from './effective.js';
import * as q from './queries.js';

/**
 * The one policy: who may do what, for every actor kind — operator, organisation (system) administrator, program
 * administrator, contract owner, administrator of the client's agency, plain member — and for jobs (a delegated actor
 * is its initiator; a system job may do system actions only). Services ask `require`/`requirePlatform`; nothing
 * else decides a right. The rights matrix test (test/rights-matrix.api.test.ts) is its contract.
 */

/** The caller's standing in one organisation: what the policy decides from (SPEC §1 roles, R-J1). */
export interface Standing {
  orgId: string;
  orgName: string;
  kind: 'agency' | 'client';
  agencyId: string | null;
  operator: boolean;
  /** A membership that gives access now (the access rule), of any type. */
  member: boolean;
  membershipId: string | null;
  /** Effective modules there (none for no_access members). */
  modules: string[];
  /** System administrator: holds user-admin there, or is an operator. */
  admin: boolean;
  /** Modules the caller administers there as program administrator. */
  programAdminOf: string[];
  contractOwner: boolean;
  /** Administrator (user-admin) of the agency that serves this client. */
  agencyAdmin: boolean;
  /** May open the organisation at all; everybody else gets not_found (R-J1). */
  visible: boolean;
  /** The organisation requires a second factor of its members (issue 11); operators are held to it by the platform. */
  mfaRequired: boolean;
}

/** Organisation-scoped actions, one decision each. */
const ORG_RULES = {
  viewOrg: (s: Standing) => s.visible,
  updateOrg: (s: Standing) => s.admin,
  /** Issue 14 item 8: which agency serves a client is the vendor's record of the agreement: operators only. */
  changeAgency: (s: Standing) => s.operator,
  /** The contract owner is changed by operators, and handed over by the contract owner (R-B5). */
  changeContractOwner: (s: Standing) => s.operator || s.contractOwner,
  viewAudit: (s: Standing) => s.admin,
  /** R-D1: system administrators and program administrators list (and export) the users. */
  listUsers: (s: Standing) => s.admin || s.programAdminOf.length > 0,
  /** Lifecycle actions, details and sign-in end dates of people (R-C6…R-C13). */
  manageUsers: (s: Standing) => s.admin,
  /** Adding a user at all: administrators, and program administrators (only with their modules: grantModules). */
  addUsers: (s: Standing) => s.admin || s.programAdminOf.length > 0,
  assignRoles: (s: Standing) => s.admin,
  manageProjects: (s: Standing) => s.admin,
  viewProjects: (s: Standing) => s.visible,
  /** R-B5: administrators, the contract owner (even without membership) and operators. */
  viewLicenses: (s: Standing) => s.admin || s.contractOwner,
  orderLicenses: (s: Standing) => s.admin || s.contractOwner,
  /** R-B2 seen before a change: free seats per module, for whoever may order them or add users (issue 14). */
  viewSeats: (s: Standing) => s.admin || s.contractOwner || s.programAdminOf.length > 0,
  listPartnerOrgs: (s: Standing) => s.admin,
  /** R-A1: an agency administrator creates clients of its own agency (asked on the agency). */
  createClient: (s: Standing) => s.admin && s.kind === 'agency',
  /** R-H1: agency bulk access is started by an administrator of the agency (asked on the agency). */
  startAccessJob: (s: Standing) => s.admin && s.kind === 'agency',
  /** R-I7: an operator, or an administrator of the client's agency. */
  convert: (s: Standing) => s.operator || s.agencyAdmin,
} as const satisfies Record<string, (s: Standing) => boolean>;

export type OrgAction = keyof typeof ORG_RULES;

/** Organisations the caller can open (R-J1) as a subquery of ids; null for operators, who open every one. */
export function visibleOrgIds(db: Queryable, actor: Actor, now: Date) {
  return actor.operator ? null : q.visibleOrgIdsOf(db, actor.accountId, todayOf(now));
}

/** Pure: whether the standing allows the action. */
export function allows(s: Standing, action: OrgAction): boolean {
  return ORG_RULES[action](s);
}

function standingOf(actor: Actor, row: Awaited<ReturnType<typeof q.findStandingRows>>[number]): Standing {
  const member = row.membership_id !== null;
  const holdsModules = member && (ACCESS_TYPES as readonly string[]).includes(row.membership_type ?? '');
  const grants = holdsModules ? (row.grants ?? []) : [];
  const modules = [...new Set(grants.map((g) => g.key))];
  const contractOwner = row.contract_owner_account_id === actor.accountId;
  const agencyAdmin = row.agency_admin === true;
  return {
    orgId: row.id,
    orgName: row.name,
    kind: row.kind,
    agencyId: row.agency_id,
    operator: actor.operator,
    member,
    membershipId: row.membership_id,
    modules,
    admin: actor.operator || modules.includes('user-admin'),
    programAdminOf: [...new Set(grants.filter((g) => g.admin).map((g) => g.key))],
    contractOwner,
    agencyAdmin,
    visible: actor.operator || member || contractOwner || agencyAdmin,
    mfaRequired: row.require_mfa,
  };
}

/** Batch form: the caller's standing in many organisations in one statement (absent: no such organisation). */
export async function standingsIn(db: Queryable, actor: Actor, orgIds: string[], now: Date): Promise<Map<string, Standing>> {
  if (!orgIds.length) return new Map();
  const rows = await q.findStandingRows(db, actor.accountId, [...new Set(orgIds)], todayOf(now));
  return new Map(rows.map((r) => [r.id, standingOf(actor, r)]));
}

/**
 * The caller's standing in one organisation — entering its context. Refuses: not_found (no such organisation, or not
 * visible to the caller), mfa_required (the organisation requires a second factor and the caller's session or token
 * did not pass one; mfa/service.ts mfaSatisfied is the same rule for callers outside the API, such as the OIDC provider).
 */
export async function standingIn(db: Queryable, actor: Actor, orgId: string, now: Date): Promise<Standing> {
  const s = (await standingsIn(db, actor, [orgId], now)).get(orgId);
  if (!s || !s.visible) throw new AppError('not_found');
  if (s.mfaRequired && !actor.mfa && !actor.operator) {
    throw new AppError('mfa_required', { detail: `${s.orgName} requires two-step verification.`, extra: { orgId } });
  }
  return s;
}

/**
 * Decides an organisation action for the caller. Refuses: not_found when the caller cannot open the organisation
 * (R-J1: never forbidden for another organisation's data), forbidden when it can but may not do this.
 */
export async function require(db: Queryable, actor: Actor, action: OrgAction, orgId: string, now: Date): Promise<Standing> {
  const s = await standingIn(db, actor, orgId, now);
  if (!allows(s, action)) throw new AppError('forbidden', { detail: FORBIDDEN_DETAIL[action] });
  return s;
}

const FORBIDDEN_DETAIL: Partial<Record<OrgAction, string>> = {
  manageUsers: 'Only administrators of the organisation may do this.',
  createClient: 'Only administrators of the agency create its clients.',
};

/**
 * R-A1, R-F2: creating an organisation — one decision for POST /orgs and POST /orgs {fromRegistry}. Operators create
 * any; an agency administrator creates clients of its own agency; an administrator of some organisation creates a
 * partner's home organisation from the business registry. Refuses: forbidden.
 */
export async function requireCreateOrg(db: Queryable, actor: Actor, input: { agencyId: string | null; fromRegistry?: boolean }, now: Date): Promise<void> {
  if (actor.operator) return;
  if (input.agencyId) {
    const agency = (await standingsIn(db, actor, [input.agencyId], now)).get(input.agencyId);
    if (agency && allows(agency, 'createClient')) return;
    throw new AppError('forbidden', { detail: 'Only administrators of the agency create its clients.' });
  }
  if (input.fromRegistry && (await isAdminSomewhere(db, actor, now))) return;
  throw new AppError('forbidden', { detail: 'Only operators create organisations outside an agency.' });
}

/** Platform actions (not about one organisation). importLegacy (R-I1): operators only. registerApp: R-L3, module
 * applications are an operator's. */
export type PlatformAction = 'lookupAccount' | 'useRegistry' | 'readMailbox' | 'importLegacy' | 'registerApp';

const isAdminSomewhere = async (db: Queryable, actor: Actor, now: Date) =>
  (await q.adminOrgIdsOf(db, actor.accountId, todayOf(now)).limit(1).execute()).length > 0;

/**
 * Platform actions: operators; account lookup (R-C1) and the business registry (R-F2) also for administrators of some
 * organisation (they add partner users). Refuses: forbidden.
 */
export async function requirePlatform(db: Queryable, actor: Actor, action: PlatformAction, now: Date): Promise<void> {
  if (actor.operator) return;
  if ((action === 'lookupAccount' || action === 'useRegistry') && (await isAdminSomewhere(db, actor, now))) return;
  throw new AppError('forbidden');
}

/**
 * Questions module applications ask (R-L1 checkAccess, R-L2 readAccess): a registered, enabled application with its
 * client-credentials token, or an operator; an account may also read its own effective access. Refuses:
 * unauthenticated (no caller), forbidden (anybody else).
 */
export type AppQuestion = 'checkAccess' | 'readAccess';

export function requireAppQuestion(caller: { actor: Actor | null; app?: AppCaller | null }, question: AppQuestion, subjectAccountId?: string): void {
  if (caller.app) return;
  if (!caller.actor) throw new AppError('unauthenticated');
  if (caller.actor.operator) return;
  if (question === 'readAccess' && subjectAccountId !== undefined && caller.actor.accountId === subjectAccountId) return;
  throw new AppError('forbidden', { detail: 'Only registered applications and operators ask about access.' });
}

/** What a system job (no account behind it) may do on its own authority: R-C4 expiry changes members' status. */
const SYSTEM_ACTIONS: ReadonlySet<OrgAction> = new Set<OrgAction>(['manageUsers']);

/** A system job's action. Refuses: forbidden for anything but SYSTEM_ACTIONS. */
export function requireSystem(actor: SystemActor, action: OrgAction): void {
  if (!actor.system || !SYSTEM_ACTIONS.has(action)) throw new AppError('forbidden');
}

/** Modules whose grant a change adds, removes or changes the admin flag of (packages count by their modules). */
export function changedModules(packages: ReadonlyMap<string, string[]>, before: Grants, after: Grants): Set<string> {
  const out = new Set<string>();
  const bp = new Set(before.packages);
  const ap = new Set(after.packages);
  for (const p of [...bp, ...ap]) if (bp.has(p) !== ap.has(p)) for (const m of packages.get(p) ?? []) out.add(m);
  const bm = new Map(before.modules.map((m) => [m.key, m.admin]));
  const am = new Map(after.modules.map((m) => [m.key, m.admin]));
  for (const k of new Set([...bm.keys(), ...am.keys()])) if (bm.get(k) !== am.get(k)) out.add(k);
  return out;
}

export interface Grants {
  packages: string[];
  modules: { key: string; admin: boolean }[];
}

/**
 * R-J2 (and R-H2 for every grant): a system administrator grants anything; a program administrator only the modules
 * it administers (never user-admin); anybody else nothing. Refuses: forbidden, naming the modules.
 */
export function requireGrantChange(s: Standing, packages: ReadonlyMap<string, string[]>, before: Grants, after: Grants): void {
  if (s.admin) return;
  const changed = changedModules(packages, before, after);
  const mine = new Set(s.programAdminOf);
  const denied = [...changed].filter((m) => m === 'user-admin' || !mine.has(m));
  if (denied.length || (!changed.size && !mine.size)) {
    throw new AppError('forbidden', { detail: `You may not grant or remove: ${denied.join(', ') || 'access here'}`, extra: { modules: denied } });
  }
}

/** Adding a user: a system administrator adds anyone; a program administrator only users it grants its modules to. */
export function requireAddUser(s: Standing, packages: ReadonlyMap<string, string[]>, grants: Grants): void {
  if (s.admin) return;
  if (!grants.packages.length && !grants.modules.length) {
    throw new AppError('forbidden', { detail: 'Only administrators of the organisation add users without access.' });
  }
  requireGrantChange(s, packages, { packages: [], modules: [] }, grants);
}
