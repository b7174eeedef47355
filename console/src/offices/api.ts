import { api } from '../shared/http';
import type { Page } from '../shared/page';

/** An office ("toimipaikka", R-C16; server: src/offices/schema.ts OfficeView). */
export interface Office {
  id: string;
  orgId: string;
  name: string;
  address: string | null;
  /** Users placed there, in any organisation. */
  users: number;
  createdAt: string;
}

export interface OfficeBody {
  name?: string;
  address?: string | null;
}

export const officeKeys = {
  all: ['offices'] as const,
  of: (orgId: string) => [...officeKeys.all, orgId] as const,
  /** Where a user with this account can be placed: its home organisation's offices. */
  forAccount: (orgId: string, accountId: string | null) => [...officeKeys.all, orgId, 'account', accountId ?? ''] as const,
  /** Where a new partner user with this home organisation can be placed. */
  forHome: (orgId: string, homeOrgId: string) => [...officeKeys.all, orgId, 'home', homeOrgId] as const,
};

const officesPath = (orgId: string) => `/orgs/${encodeURIComponent(orgId)}/offices`;

export function fetchOffices(orgId: string, accountId: string | null, signal?: AbortSignal, homeOrgId?: string): Promise<Page<Office>> {
  return api(officesPath(orgId), { query: { accountId: accountId ?? undefined, homeOrgId }, signal });
}

export function addOffice(orgId: string, body: OfficeBody): Promise<Office> {
  return api(officesPath(orgId), { method: 'POST', body });
}

export function updateOffice(orgId: string, officeId: string, body: OfficeBody): Promise<Office> {
  return api(`${officesPath(orgId)}/${encodeURIComponent(officeId)}`, { method: 'PATCH', body });
}

export function removeOffice(orgId: string, officeId: string, clearPlacements: boolean): Promise<void> {
  return api(`${officesPath(orgId)}/${encodeURIComponent(officeId)}`, {
    method: 'DELETE',
    query: { clearPlacements: clearPlacements ? 'true' : undefined },
  });
}
