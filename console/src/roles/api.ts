import { api } from '../shared/http';
import type { ArchivedFilter, RoleScope, TargetKind } from '../shared/enums';
import type { Page } from '../shared/page';

/** Projects and sites share one shape (server: src/roles/schema.ts TargetView). */
export type { ArchivedFilter, RoleScope, TargetKind };

export interface Target {
  id: string;
  orgId: string;
  name: string;
  archived: boolean;
  createdAt: string;
}

export interface TargetListParams {
  q?: string;
  archived?: ArchivedFilter;
  limit?: number;
  cursor?: string | null;
}

export interface UpdateTargetBody {
  name?: string;
  archived?: boolean;
}

/** GET /roles item. */
export interface Role {
  key: string;
  scope: RoleScope;
  name: string;
}

export interface RoleAssignment {
  scope: RoleScope;
  targetId: string;
  role: string;
  title: string | null;
}

/** The part of the users capability's UserView (server: src/users/schema.ts) the role tabs use. */
export interface RoleTabsUser {
  id: string;
  status: string;
  jobTitle?: string | null;
  roles: RoleAssignment[];
}

export interface AssignRolesBody {
  scope: RoleScope;
  targetIds?: string[];
  roles: string[];
  title?: string | null;
}

export interface RemoveRolesBody {
  scope: RoleScope;
  targetIds?: string[];
  roles?: string[];
}

export const SCOPE_OF_KIND: Record<TargetKind, Exclude<RoleScope, 'org'>> = { projects: 'project', sites: 'site' };

export const targetKeys = {
  all: (kind: TargetKind, orgId: string) => [kind, orgId] as const,
  list: (kind: TargetKind, orgId: string, params: TargetListParams) => [kind, orgId, 'list', params] as const,
  every: (kind: TargetKind, orgId: string) => [kind, orgId, 'every'] as const,
};

export const roleKeys = { all: ['roles'] as const };

/** The users capability's query keys: a member's page reads ['users', orgId, membershipId]. */
export const memberKeys = {
  org: (orgId: string) => ['users', orgId] as const,
  detail: (orgId: string, membershipId: string) => ['users', orgId, membershipId] as const,
};

const orgPath = (orgId: string) => `/orgs/${encodeURIComponent(orgId)}`;

export function fetchTargets(kind: TargetKind, orgId: string, params: TargetListParams, signal?: AbortSignal): Promise<Page<Target>> {
  return api(`${orgPath(orgId)}/${kind}`, { query: { ...params }, signal });
}

/** Every project or site of the organisation, archived too (for names and pickers); follows the cursor to the end. */
export async function fetchEveryTarget(kind: TargetKind, orgId: string, signal?: AbortSignal): Promise<Target[]> {
  const items: Target[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 40; i++) {
    const page: Page<Target> = await fetchTargets(kind, orgId, { archived: 'all', limit: 500, cursor }, signal);
    items.push(...page.items);
    if (!page.nextCursor) break;
    cursor = page.nextCursor;
  }
  return items;
}

export function createTarget(kind: TargetKind, orgId: string, name: string): Promise<Target> {
  return api(`${orgPath(orgId)}/${kind}`, { method: 'POST', body: { name } });
}

export function updateTarget(kind: TargetKind, orgId: string, targetId: string, body: UpdateTargetBody): Promise<Target> {
  return api(`${orgPath(orgId)}/${kind}/${encodeURIComponent(targetId)}`, { method: 'PATCH', body });
}

export function fetchRoles(signal?: AbortSignal): Promise<Page<Role>> {
  return api('/roles', { signal });
}

const assignmentsPath = (orgId: string, membershipId: string) => `${orgPath(orgId)}/users/${encodeURIComponent(membershipId)}/role-assignments`;

/** R-E1, R-E2: the answer is the member's UserView after the change. */
export function assignRoles(orgId: string, membershipId: string, body: AssignRolesBody): Promise<RoleTabsUser> {
  return api(assignmentsPath(orgId, membershipId), { method: 'POST', body });
}

export function removeRoleAssignments(orgId: string, membershipId: string, body: RemoveRolesBody): Promise<RoleTabsUser> {
  return api(assignmentsPath(orgId, membershipId), { method: 'DELETE', body });
}

/** R-C14: the member's title on one project. */
export function setProjectTitle(orgId: string, membershipId: string, targetId: string, title: string | null): Promise<RoleTabsUser> {
  return api(assignmentsPath(orgId, membershipId), { method: 'PATCH', body: { scope: 'project', targetId, title } });
}
