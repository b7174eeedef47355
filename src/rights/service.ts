import type { Actor } from '../kernel/auth-context.js';
import type { Queryable } from '../kernel/db.js';
import { AppError } from '../kernel/errors.js';
import * as q from './queries.js';

export { visibleOrgIds, adminOrgIds, ACCESS_TYPES } from './queries.js';

/** What the caller may do in one organisation (SPEC §1 roles, R-J1). */
export interface OrgRights {
  operator: boolean;
  member: boolean;
  /** System administrator: holds the user-admin module there (or is an operator). */
  admin: boolean;
  /** Modules the caller may grant there as program administrator. */
  programAdminOf: string[];
  contractOwner: boolean;
  /** Administrator of the agency that serves this client. */
  agencyAdmin: boolean;
  visible: boolean;
  modules: string[];
}

export const todayOf = (d: Date): string => d.toISOString().slice(0, 10);

/** Computes the caller's rights in an organisation; not found when the organisation does not exist. */
export async function rightsIn(db: Queryable, actor: Actor, orgId: string, now: Date): Promise<OrgRights> {
  const org = await q.findOrgAgency(db, orgId);
  if (!org) throw new AppError('not_found');
  const today = todayOf(now);
  const membership = await q.findActiveMembershipRights(db, orgId, actor.accountId, today);
  const admin = actor.operator || (membership?.modules.includes('user-admin') ?? false);
  let agencyAdmin = false;
  if (org.agency_id) {
    const agencyMembership = await q.findActiveMembershipRights(db, org.agency_id, actor.accountId, today);
    agencyAdmin = agencyMembership?.modules.includes('user-admin') ?? false;
  }
  const contractOwner = org.contract_owner_account_id === actor.accountId;
  return {
    operator: actor.operator,
    member: membership !== null,
    admin,
    programAdminOf: membership?.adminOf ?? [],
    contractOwner,
    agencyAdmin,
    visible: actor.operator || membership !== null || contractOwner || agencyAdmin,
    modules: membership?.modules ?? [],
  };
}

/** R-J1: another organisation's data is invisible — answers not_found, never forbidden. */
export async function requireVisible(db: Queryable, actor: Actor, orgId: string, now: Date): Promise<OrgRights> {
  const rights = await rightsIn(db, actor, orgId, now);
  if (!rights.visible) throw new AppError('not_found');
  return rights;
}

/** Organisation administrator (or operator); visible-but-not-admin callers get forbidden. */
export async function requireAdmin(db: Queryable, actor: Actor, orgId: string, now: Date): Promise<OrgRights> {
  const rights = await requireVisible(db, actor, orgId, now);
  if (!rights.admin) throw new AppError('forbidden');
  return rights;
}
