import { api, apiUrl } from '../shared/http';
import type { Language } from '../i18n/languages';
import type { Page } from '../shared/page';
import type { EditableUserType, ResellerRole, RoleScope, SortOrder, UserHome, UserListView, UserSort, UserStatus, UserType } from '../shared/enums';

export { EDITABLE_USER_TYPES, RESELLER_ROLES, USER_SORTS, USER_STATUSES, USER_TYPES, USER_VIEWS } from '../shared/enums';
export type { EditableUserType, ResellerRole, SortOrder, UserHome, UserListView, UserSort, UserStatus, UserType };

export interface Grant {
  key: string;
  admin: boolean;
}

export interface RoleAssignment {
  scope: RoleScope;
  targetId: string;
  role: string;
  title: string | null;
}

/** The User resource (server: src/users/schema.ts UserView); `id` is the membership id. */
export interface UserView {
  id: string;
  orgId: string;
  accountId: string | null;
  personId: string;
  email: string | null;
  firstName: string;
  lastName: string;
  phone: string | null;
  type: UserType;
  status: UserStatus;
  home: UserHome;
  homeOrg: { id: string; name: string } | null;
  resellerRole: ResellerRole | null;
  validFrom: string | null;
  validUntil: string | null;
  jobTitle: string | null;
  language: Language | null;
  loginValidUntil: string | null;
  packages: string[];
  modules: Grant[];
  effectiveModules: string[];
  roles: RoleAssignment[];
  /** R-C16: the office (of the home organisation) the user is placed at. */
  office: { id: string; name: string } | null;
  createdAt: string;
}

/** Filters of the user list (R-D1, R-D2); also the query of the .xlsx export (R-D3). */
export interface UserFilters {
  view: UserListView;
  type?: UserType;
  status?: UserStatus;
  q?: string;
  firstName?: string;
  lastName?: string;
  email?: string;
  organization?: string;
  office?: string;
  sort: UserSort;
  order: SortOrder;
}

export interface UserListParams extends UserFilters {
  limit?: number;
  cursor?: string | null;
}

export interface EmailSettings {
  accessNotices: boolean;
  productNews: boolean;
}

export interface CreateUserBody {
  type: UserType;
  email?: string;
  firstName?: string;
  lastName?: string;
  phone?: string | null;
  accountId?: string;
  homeOrgId?: string;
  resellerRole?: ResellerRole;
  packages?: string[];
  modules?: { key: string; admin?: boolean }[];
  validFrom?: string | null;
  validUntil?: string | null;
  jobTitle?: string | null;
  language?: Language;
  emailSettings?: EmailSettings;
  officeId?: string | null;
}

export interface UpdateUserBody {
  type?: EditableUserType;
  firstName?: string;
  lastName?: string;
  phone?: string | null;
  jobTitle?: string | null;
  resellerRole?: ResellerRole;
  packages?: string[];
  modules?: { key: string; admin?: boolean }[];
  validFrom?: string | null;
  validUntil?: string | null;
  loginValidUntil?: string | null;
  officeId?: string | null;
}

/** An agency employee who can be added to a client as a reseller user (R-C3); membershipId: already a user there. */
export interface EligibleReseller {
  accountId: string;
  email: string;
  firstName: string;
  lastName: string;
  office: { id: string; name: string } | null;
  membershipId: string | null;
}

export interface LookupResult {
  found: boolean;
  account: { id: string; email: string; firstName: string; lastName: string; homeOrg: { id: string; name: string } | null } | null;
  /** Only when asked with orgId: whether the account is already a user there. */
  alreadyMember: boolean | null;
}

/** Actions on one user (R-C7…R-C13), each POST /orgs/:orgId/users/:id/<action>; `delete` is DELETE. */
export type UserAction = 'remove-access' | 'deactivate' | 'reactivate' | 'remove-roles' | 'resend-invitation' | 'send-password-reset' | 'delete';

export const userKeys = {
  all: ['users'] as const,
  lists: (orgId: string) => [...userKeys.all, orgId, 'list'] as const,
  list: (orgId: string, params: UserListParams) => [...userKeys.lists(orgId), params] as const,
  detail: (orgId: string, id: string) => [...userKeys.all, orgId, 'detail', id] as const,
  lookup: (email: string) => [...userKeys.all, 'lookup', email.toLowerCase()] as const,
  deleted: (orgId: string) => [...userKeys.all, orgId, 'deleted'] as const,
  eligibleResellers: (orgId: string, q: string) => [...userKeys.all, orgId, 'eligible-resellers', q] as const,
};

const usersPath = (orgId: string) => `/orgs/${encodeURIComponent(orgId)}/users`;
const userPath = (orgId: string, id: string) => `${usersPath(orgId)}/${encodeURIComponent(id)}`;

function filterQuery(filters: UserFilters) {
  return {
    view: filters.view,
    type: filters.type,
    status: filters.status,
    q: filters.q,
    firstName: filters.firstName,
    lastName: filters.lastName,
    email: filters.email,
    organization: filters.organization,
    office: filters.office,
    sort: filters.sort,
    order: filters.order,
  };
}

export function fetchEligibleResellers(orgId: string, q: string, signal?: AbortSignal): Promise<Page<EligibleReseller>> {
  return api(`/orgs/${encodeURIComponent(orgId)}/eligible-resellers`, { query: { q: q || undefined, limit: 50 }, signal });
}

export function fetchUsers(orgId: string, params: UserListParams, signal?: AbortSignal): Promise<Page<UserView>> {
  return api(usersPath(orgId), { query: { ...filterQuery(params), limit: params.limit, cursor: params.cursor }, signal });
}

/** R-D3: the export URL with exactly the list's filters and sort (a plain download link; the cookie signs it in). */
/** The list as .xlsx with the same filters and sort, written in `lang` (the console's language). */
export function usersExportUrl(orgId: string, filters: UserFilters, lang: string): string {
  return apiUrl(`${usersPath(orgId)}.xlsx`, { ...filterQuery(filters), lang });
}

export function fetchUser(orgId: string, id: string, signal?: AbortSignal): Promise<UserView> {
  return api(userPath(orgId, id), { signal });
}

export function createUser(orgId: string, body: CreateUserBody): Promise<UserView> {
  return api(usersPath(orgId), { method: 'POST', body });
}

export function updateUser(orgId: string, id: string, body: UpdateUserBody): Promise<UserView> {
  return api(userPath(orgId, id), { method: 'PATCH', body });
}

/** Runs one action; answers the changed user, or null for actions that answer 204 (delete, mails). */
export async function runUserAction(orgId: string, id: string, action: UserAction, message?: string): Promise<UserView | null> {
  if (action === 'delete') {
    await api<void>(userPath(orgId, id), { method: 'DELETE' });
    return null;
  }
  const body = action === 'resend-invitation' ? (message ? { message } : {}) : undefined;
  const result = await api<UserView | undefined>(`${userPath(orgId, id)}/${action}`, { method: 'POST', body });
  return result ?? null;
}

export function lookupAccount(email: string, signal?: AbortSignal, orgId?: string): Promise<LookupResult> {
  return api('/accounts/lookup', { query: orgId ? { email, orgId } : { email }, signal });
}

/** Issue 14 item 10: the lifecycle actions the list runs on many users (server: src/users/schema.ts BulkUsersBody). */
export type BulkUserAction = 'deactivate' | 'remove-access' | 'delete';
export interface BulkResult {
  results: { id: string; outcome: 'done' | 'failed'; code: string | null; detail: string | null; name: string | null }[];
  done: number;
  failed: number;
}
/** The most users one bulk action by filter changes (server: BULK_FILTER_MAX). */
export const BULK_FILTER_MAX = 1000;
/** Who a bulk action is for: the users picked, or every user the list's filter matches (on every page). */
export type BulkTarget = { ids: string[] } | { filter: Omit<UserFilters, 'sort' | 'order'> };

export function runBulkAction(orgId: string, action: BulkUserAction, target: BulkTarget): Promise<BulkResult> {
  return api(`${usersPath(orgId)}/bulk`, { method: 'POST', body: { action, ...target } });
}

/** A user deleted in the last 30 days (server: DeletedUserView). */
export interface DeletedUser {
  id: string;
  email: string | null;
  firstName: string;
  lastName: string;
  type: UserType;
  status: UserStatus;
  homeOrgName: string;
  packages: string[];
  modules: Grant[];
  roles: number;
  deletedAt: string;
  deletedBy: string | null;
  restorableUntil: string;
}

const deletedPath = (orgId: string) => `/orgs/${encodeURIComponent(orgId)}/deleted-users`;

export function fetchDeletedUsers(orgId: string, signal?: AbortSignal): Promise<Page<DeletedUser>> {
  return api(deletedPath(orgId), { query: { limit: 500 }, signal });
}

export function restoreDeletedUser(orgId: string, id: string): Promise<UserView> {
  return api(`${deletedPath(orgId)}/${encodeURIComponent(id)}/restore`, { method: 'POST' });
}
