import { api } from '../shared/http';
import type { Page } from '../shared/page';
import type { Org } from '../orgs/api';
import type { ConflictKind, DeactivationReason, PlanUserType, WizardStep } from '../../../src/conversion/enums';

export type { ConflictKind, DeactivationReason, PlanUserType, WizardStep };
export { WIZARD_STEPS, PLAN_USER_TYPES } from '../../../src/conversion/enums';

export interface Grant {
  key: string;
  admin: boolean;
}
export interface Decision {
  personKey: string;
  becomes: 'user' | 'person';
  email?: string | null;
}
export interface Conflict {
  id: string;
  kind: ConflictKind;
  loginKeys: string[];
  personKeys: string[];
  resolution: Decision[] | null;
  persons: { key: string; firstName: string; lastName: string; email: string | null }[];
  logins: { key: string; username: string; email: string | null }[];
}
export interface Deactivation {
  loginKey: string;
  username: string;
  reason: DeactivationReason;
  warning?: string | null;
}
export interface PlanUser {
  key: string;
  personKey: string;
  email: string | null;
  firstName: string;
  lastName: string;
  type: PlanUserType;
  packages: string[];
  modules: Grant[];
  fromLogins: string[];
  edited: boolean;
  pending: boolean;
}
export interface Seats {
  module: string;
  seats: number;
  inUse: number;
  needed: number;
  short: number;
}
export interface Conversion {
  orgId: string;
  orgName: string;
  status: 'open' | 'applied';
  version: number;
  step: WizardStep;
  openedBy: { accountId: string; name: string };
  openedAt: string;
  appliedAt: string | null;
  conflicts: Conflict[];
  deactivations: Deactivation[];
  warnings: { code: string; loginKey: string; message: string }[];
  users: PlanUser[];
  seats: Seats[];
  counts: {
    persons: number;
    logins: number;
    conflicts: number;
    openConflicts: number;
    deactivations: number;
    warnings: number;
    users: number;
    byType: Record<PlanUserType, number>;
  };
  mayOrderLicenses: boolean;
}

export interface LegacyImport {
  org: { name: string; country: string; businessId: string; defaultLanguage?: string; agencyId?: string | null };
  licenses?: Record<string, number>;
  persons: { key: string; firstName: string; lastName: string; email?: string | null }[];
  logins: { key: string; username: string; kind: 'personal' | 'integration'; email?: string | null; rights: string[]; personKeys: string[] }[];
}

const base = (orgId: string) => `/orgs/${encodeURIComponent(orgId)}/conversion`;

export const conversionKeys = {
  all: ['conversion'] as const,
  detail: (orgId: string) => [...conversionKeys.all, orgId] as const,
  conflicts: (orgId: string, cursor: string | null) => [...conversionKeys.all, orgId, 'conflicts', cursor] as const,
  users: (orgId: string, q: string, cursor: string | null) => [...conversionKeys.all, orgId, 'users', q, cursor] as const,
  deactivations: (orgId: string, cursor: string | null) => [...conversionKeys.all, orgId, 'deactivations', cursor] as const,
};

export const importLegacy = (body: LegacyImport) => api<{ org: Org; persons: number; logins: number }>('/legacy-imports', { method: 'POST', body });
export const fetchConversion = (orgId: string, signal?: AbortSignal) => api<Conversion>(base(orgId), { signal });
export const openConversion = (orgId: string) => api<Conversion>(base(orgId), { method: 'POST' });
export const setStep = (orgId: string, step: WizardStep) => api<Conversion>(base(orgId), { method: 'PATCH', body: { step } });
export const abandonConversion = (orgId: string) => api<void>(base(orgId), { method: 'DELETE' });
export const fetchConflicts = (orgId: string, cursor: string | null, signal?: AbortSignal) =>
  api<Page<Conflict>>(`${base(orgId)}/conflicts`, { query: { limit: 25, cursor }, signal });
export const fetchPlanUsers = (orgId: string, q: string, cursor: string | null, signal?: AbortSignal) =>
  api<Page<PlanUser>>(`${base(orgId)}/users`, { query: { limit: 25, q, cursor }, signal });
export const fetchDeactivations = (orgId: string, cursor: string | null, signal?: AbortSignal) =>
  api<Page<Deactivation>>(`${base(orgId)}/deactivations`, { query: { limit: 25, cursor }, signal });
export const resolveConflict = (orgId: string, conflictId: string, decisions: Decision[]) =>
  api<Conversion>(`${base(orgId)}/conflicts/${encodeURIComponent(conflictId)}`, { method: 'PUT', body: { decisions } });
export const editPlanUser = (orgId: string, key: string, body: { type?: PlanUserType; packages?: string[]; modules?: Grant[] }) =>
  api<Conversion>(`${base(orgId)}/users/${encodeURIComponent(key)}`, { method: 'PATCH', body });
export const applyConversion = (orgId: string, version: number, orderMissingSeats: boolean) =>
  api<{ org: Org; usersTotal: number }>(`${base(orgId)}/apply`, { method: 'POST', body: { version, orderMissingSeats } });
