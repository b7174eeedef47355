import { useOrg } from '../orgs/hooks';
import type { Org } from '../orgs/api';
import type { Me } from './api';

/**
 * Whether to offer changes in an organisation (operators and its administrators); the server decides. The
 * organisation's standing (GET /me/organisations/{id}, on a fetched organisation) counts first: /me lists only the first page of organisations.
 */
export function isOrgAdmin(me: Me | null | undefined, org: string | Pick<Org, 'id' | 'myAccess'>): boolean {
  if (!me) return false;
  if (me.operator) return true;
  if (typeof org !== 'string' && org.myAccess) return org.myAccess.admin;
  const orgId = typeof org === 'string' ? org : org.id;
  return me.organisations.some((o) => o.id === orgId && o.admin);
}

/** The modules the caller administers in an organisation (program administrator), from the organisation's answer. */
export function programAdminOf(me: Me | null | undefined, org: Pick<Org, 'id' | 'myAccess'>): string[] {
  return org.myAccess?.programAdminOf ?? me?.organisations.find((o) => o.id === org.id)?.programAdminOf ?? [];
}

/** isOrgAdmin for components that know only the organisation's id: the organisation is read from the query cache. */
export function useIsOrgAdmin(me: Me | null | undefined, orgId: string): boolean {
  const org = useOrg(orgId).data;
  return isOrgAdmin(me, org ?? orgId);
}
