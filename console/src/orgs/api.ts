import { api } from '../shared/http';
import type { Page } from '../shared/page';
import type { Language } from '../i18n/languages';
import type { Country, OrgKind, OrgSort, PermissionModel, SortOrder } from '../shared/enums';

export type { Country, OrgKind, OrgSort, PermissionModel, SortOrder };

export interface Org {
  id: string;
  name: string;
  kind: OrgKind;
  country: Country;
  businessId: string;
  defaultLanguage: Language;
  agencyId: string | null;
  /** The agency by name: shown to everybody who sees the organisation (they may not open the agency). */
  agency: { id: string; name: string } | null;
  permissionModel: PermissionModel;
  contractOwnerAccountId: string | null;
  contractOwner: { id: string; name: string; email: string } | null;
  createdAt: string;
  /** The caller's standing here (GET /me/organisations/{id}); present on a fetched organisation, not on list items. */
  myAccess?: { admin: boolean; programAdminOf: string[]; contractOwner: boolean; agencyAdmin: boolean; member: boolean };
}

export interface OrgListParams {
  q?: string;
  kind?: OrgKind;
  agencyId?: string;
  mustConvert?: boolean;
  sort?: OrgSort;
  order?: SortOrder;
  limit?: number;
  cursor?: string | null;
}

export interface CreateOrgBody {
  name: string;
  kind: OrgKind;
  country: Country;
  businessId: string;
  defaultLanguage?: Language;
  agencyId?: string;
  seats?: Record<string, number>;
  contractOwner?: { email: string; firstName: string; lastName: string };
}

export interface UpdateOrgBody {
  name?: string;
  defaultLanguage?: Language;
  /** Operators only (issue 14 item 8). */
  agencyId?: string | null;
  /** Operators and the contract owner; a new address is invited. */
  contractOwner?: { email: string; firstName: string; lastName: string } | null;
}

export const orgKeys = {
  all: ['orgs'] as const,
  lists: () => [...orgKeys.all, 'list'] as const,
  list: (params: OrgListParams) => [...orgKeys.lists(), params] as const,
  detail: (orgId: string) => [...orgKeys.all, 'detail', orgId] as const,
};

export function fetchOrgs(params: OrgListParams, signal?: AbortSignal): Promise<Page<Org>> {
  return api('/orgs', {
    query: { ...params, mustConvert: params.mustConvert ? 'true' : undefined },
    signal,
  });
}

/** The organisation with the caller's standing there (GET /me/organisations/{id}: /me lists only its first page). */
export async function fetchOrg(orgId: string, signal?: AbortSignal): Promise<Org> {
  const [org, myAccess] = await Promise.all([
    api<Org>(`/orgs/${encodeURIComponent(orgId)}`, { signal }),
    api<NonNullable<Org['myAccess']>>(`/me/organisations/${encodeURIComponent(orgId)}`, { signal }),
  ]);
  return { ...org, myAccess };
}

export function createOrg(body: CreateOrgBody): Promise<Org> {
  return api('/orgs', { method: 'POST', body });
}

export function updateOrg(orgId: string, body: UpdateOrgBody): Promise<Org> {
  return api(`/orgs/${encodeURIComponent(orgId)}`, { method: 'PATCH', body });
}
