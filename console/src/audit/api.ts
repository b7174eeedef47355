import { api } from '../shared/http';
import type { Page } from '../shared/page';

export interface AuditEvent {
  id: string;
  orgId: string | null;
  at: string;
  actor: { accountId: string | null; name: string } | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  before: unknown;
  after: unknown;
}

export const auditKeys = {
  all: ['audit'] as const,
  org: (orgId: string, cursor: string | null, limit: number) => [...auditKeys.all, 'org', orgId, { cursor, limit }] as const,
};

/** Newest first. */
export function fetchOrgAudit(orgId: string, params: { cursor: string | null; limit: number }, signal?: AbortSignal): Promise<Page<AuditEvent>> {
  return api(`/orgs/${encodeURIComponent(orgId)}/audit`, { query: params, signal });
}
