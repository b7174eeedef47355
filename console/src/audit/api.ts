import { apiUrl, api } from '../shared/http';
import type { Page } from '../shared/page';

export { AUDIT_ACTIONS, AUDIT_TARGET_TYPES, type AuditAction } from '../../../src/kernel/audit-actions';

export interface AuditEvent {
  id: string;
  orgId: string | null;
  at: string;
  actor: { accountId: string | null; name: string } | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  /** The target's name (current, or as its event recorded it); null when the event has none. */
  targetName: string | null;
  before: unknown;
  after: unknown;
}

/** The audit view's filters, as in the URL and the API: who, what, about whom, when (days, inclusive). */
export interface AuditFilters {
  actor?: string;
  action?: string;
  target?: string;
  from?: string;
  to?: string;
}

export const auditKeys = {
  all: ['audit'] as const,
  org: (orgId: string, filters: AuditFilters, cursor: string | null, limit: number) => [...auditKeys.all, 'org', orgId, { ...filters, cursor, limit }] as const,
};

/** Newest first. */
export function fetchOrgAudit(orgId: string, params: AuditFilters & { cursor: string | null; limit: number }, signal?: AbortSignal): Promise<Page<AuditEvent>> {
  return api(`/orgs/${encodeURIComponent(orgId)}/audit`, { query: { ...params }, signal });
}

/** The .xlsx of the same filters, written in the console's language. */
export function auditExportUrl(orgId: string, filters: AuditFilters, lang: string): string {
  return apiUrl(`/orgs/${encodeURIComponent(orgId)}/audit.xlsx`, { ...filters, lang });
}
