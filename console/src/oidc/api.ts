import { api } from '../shared/http';

/** The sign-in to an application (R-L3): who asks, who is signed in, and the organisations to pick from. */
export interface Interaction {
  uid: string;
  app: { name: string; clientId: string };
  account: { id: string; email: string; firstName: string; lastName: string } | null;
  organisations: { orgId: string; orgName: string; type: string; modules: string[] }[];
}

export const interactionKeys = { one: (uid: string) => ['oidc-interaction', uid] as const };

export const fetchInteraction = (uid: string, signal?: AbortSignal): Promise<Interaction> => api(`/oidc/interactions/${encodeURIComponent(uid)}`, { signal });
export const chooseOrganisation = (uid: string, orgId: string): Promise<{ redirectTo: string }> =>
  api(`/oidc/interactions/${encodeURIComponent(uid)}/choose`, { method: 'POST', body: { orgId } });
export const abortInteraction = (uid: string): Promise<{ redirectTo: string }> =>
  api(`/oidc/interactions/${encodeURIComponent(uid)}/abort`, { method: 'POST' });
