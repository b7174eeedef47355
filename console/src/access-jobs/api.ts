import { api, apiUrl } from '../shared/http';
import type { Page } from '../shared/page';
import type { Org } from '../orgs/api';
import type { UserView } from '../users/api';
import type { AccessJobOperation, AccessJobOutcome } from '../shared/enums';

export { ACCESS_JOB_OPERATIONS, ACCESS_JOB_OUTCOMES } from '../shared/enums';
export type { AccessJobOperation, AccessJobOutcome };

/** SPEC §4 AccessJob (server: src/access-jobs/schema.ts AccessJobView). */
export interface AccessJob {
  id: string;
  agencyId: string;
  operation: AccessJobOperation;
  status: 'queued' | 'running' | 'done' | 'failed';
  total: number;
  processed: number;
  counts: Partial<Record<AccessJobOutcome, number>>;
  createdBy: { accountId: string | null; name: string | null };
  createdAt: string;
  finishedAt: string | null;
  consultants: { accountId: string; name: string }[];
  clientCount: number;
  modules: string[];
}

/** SPEC §4 JobResult, with the names the table shows. */
export interface JobResult {
  clientId: string;
  clientName: string;
  consultantAccountId: string;
  consultantName: string;
  module: string | null;
  outcome: AccessJobOutcome;
  reason: string | null;
}

/** SPEC §4 AccessPreview (R-H5). */
export interface AccessPreview {
  items: number;
  denied: number;
  deniedReasons: Record<string, number>;
  failed: number;
  modules: {
    module: string;
    needed: number;
    shortClients: { clientId: string; clientName: string; seats: number; inUse: number; needed: number; mayOrder: boolean }[];
  }[];
}

export interface AccessJobBody {
  operation: AccessJobOperation;
  clientIds?: string[];
  allClients?: true;
  consultantIds: string[];
  modules?: string[];
  orderMissingSeats?: boolean;
}

export const accessJobKeys = {
  all: ['access-jobs'] as const,
  list: (agencyId: string, cursor: string | null) => [...accessJobKeys.all, 'list', agencyId, cursor] as const,
  detail: (id: string) => [...accessJobKeys.all, 'detail', id] as const,
  results: (id: string, outcome: AccessJobOutcome | null, cursor: string | null) => [...accessJobKeys.all, 'results', id, outcome, cursor] as const,
  consultants: (agencyId: string) => [...accessJobKeys.all, 'consultants', agencyId] as const,
  clients: (agencyId: string, q: string, cursor: string | null) => [...accessJobKeys.all, 'clients', agencyId, q, cursor] as const,
};

export const startAccessJob = (agencyId: string, body: AccessJobBody): Promise<{ id: string }> =>
  api(`/orgs/${encodeURIComponent(agencyId)}/access-jobs`, { method: 'POST', body });

export const previewAccessJob = (agencyId: string, body: AccessJobBody): Promise<AccessPreview> =>
  api(`/orgs/${encodeURIComponent(agencyId)}/access-jobs/preview`, { method: 'POST', body });

export const fetchAccessJob = (id: string, signal?: AbortSignal): Promise<AccessJob> => api(`/access-jobs/${encodeURIComponent(id)}`, { signal });

export const fetchAccessJobs = (agencyId: string, cursor: string | null, signal?: AbortSignal): Promise<Page<AccessJob>> =>
  api(`/orgs/${encodeURIComponent(agencyId)}/access-jobs`, { query: { cursor, limit: 25 }, signal });

export const fetchJobResults = (id: string, outcome: AccessJobOutcome | null, cursor: string | null, signal?: AbortSignal): Promise<Page<JobResult>> =>
  api(`/access-jobs/${encodeURIComponent(id)}/results`, { query: { outcome, cursor, limit: 50 }, signal });

export const jobResultsExportUrl = (id: string, outcome: AccessJobOutcome | null) => apiUrl(`/access-jobs/${encodeURIComponent(id)}/results.xlsx`, { outcome });

/** The agency's clients (GET /orgs?agencyId=…), a page matching the search. */
export const fetchClients = (agencyId: string, q: string, cursor: string | null, limit = 25, signal?: AbortSignal): Promise<Page<Org>> =>
  api('/orgs', { query: { agencyId, kind: 'client', q, cursor, limit }, signal });

/** Every client matching the search, across pages ("select all matching the filter"). */
export async function fetchAllClientIds(agencyId: string, q: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<Org> = await fetchClients(agencyId, q, cursor, 500);
    ids.push(...page.items.map((o) => o.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

/** The consultants one may pick: active employees of the agency (R-C3). */
export async function fetchConsultants(agencyId: string, signal?: AbortSignal): Promise<UserView[]> {
  const out: UserView[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<UserView> = await api(`/orgs/${encodeURIComponent(agencyId)}/users`, {
      query: { type: 'employee', status: 'active', view: 'own', sort: 'lastName', limit: 500, cursor },
      signal,
    });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return out.filter((u) => u.accountId !== null);
}
