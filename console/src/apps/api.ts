import { api } from '../shared/http';
import type { Page } from '../shared/page';

/** A registered module application (R-L3); the secret comes only with registration and rotation. */
export interface App {
  id: string;
  name: string;
  clientId: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  modules: string[];
  createdAt: string;
  secretRotatedAt: string;
  disabledAt: string | null;
}
export type AppWithSecret = App & { clientSecret: string };

export interface AppInput {
  name: string;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  modules: string[];
}

export const appKeys = { all: ['apps'] as const };

export const fetchApps = (signal?: AbortSignal): Promise<Page<App>> => api('/apps', { signal });
export const registerApp = (input: AppInput): Promise<AppWithSecret> => api('/apps', { method: 'POST', body: input });
export const rotateAppSecret = (id: string): Promise<AppWithSecret> => api(`/apps/${encodeURIComponent(id)}/rotate-secret`, { method: 'POST' });
export const disableApp = (id: string): Promise<void> => api(`/apps/${encodeURIComponent(id)}`, { method: 'DELETE' });
