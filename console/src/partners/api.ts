import type { Language } from '../i18n/languages';
import type { Country, Org } from '../orgs/api';
import { api } from '../shared/http';
import type { Page } from '../shared/page';
import type { UserHome, UserType } from '../users/api';

/** GET /accounts/lookup, shared with the users tab. */
export { lookupAccount, type LookupResult as AccountLookup } from '../users/api';

/** GET /orgs/:orgId/partner-orgs item: organisations that already have partner users here. */
export interface PartnerOrg {
  id: string;
  name: string;
  country: Country;
  businessId: string;
  partnerUsers: number;
}

/** GET /registry/:country/:businessId (server: src/partners/schema.ts); `orgId` when already in Nyckel. */
export interface RegistryHit {
  country: Country;
  businessId: string;
  name: string;
  companyForm: string | null;
  orgId: string | null;
}

/** The user types a partner member is added as here (seed 002: user with system access, or no access). */
export type PartnerUserType = Extract<UserType, 'employee' | 'no_access'>;

/** The fields of POST /orgs/:orgId/users (server: src/users/schema.ts CreateUserBody) this dialog sends. */
export interface AddPartnerUserBody {
  type: PartnerUserType;
  email: string;
  firstName?: string;
  lastName?: string;
  phone?: string | null;
  homeOrgId?: string;
  /** R-C16: an office of the home organisation (issue 14 item 16). */
  officeId?: string;
  packages?: string[];
  jobTitle?: string | null;
  language?: Language;
}

/** The part of the created UserView the dialog reports back. */
export interface AddedUser {
  id: string;
  orgId: string;
  email: string | null;
  firstName: string;
  lastName: string;
  home: UserHome;
  homeOrg: { id: string; name: string };
}

export const partnerKeys = {
  partnerOrgs: (orgId: string) => ['partner-orgs', orgId] as const,
};

export function fetchPartnerOrgs(orgId: string, signal?: AbortSignal): Promise<Page<PartnerOrg>> {
  return api(`/orgs/${encodeURIComponent(orgId)}/partner-orgs`, { signal });
}

export function lookupRegistry(country: Country, businessId: string, signal?: AbortSignal): Promise<RegistryHit> {
  return api(`/registry/${country}/${encodeURIComponent(businessId)}`, { signal });
}

/** R-F2: 201 Org, or 409 duplicate_business_id carrying the existing `orgId`. */
export function createOrgFromRegistry(country: Country, businessId: string): Promise<Org> {
  return api('/orgs', { method: 'POST', body: { fromRegistry: { country, businessId } } });
}

export function addPartnerUser(orgId: string, body: AddPartnerUserBody): Promise<AddedUser> {
  return api(`/orgs/${encodeURIComponent(orgId)}/users`, { method: 'POST', body });
}
