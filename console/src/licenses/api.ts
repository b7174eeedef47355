import { api } from '../shared/http';

export interface ModuleSeats {
  module: string;
  seats: number;
  inUse: number;
  available: number;
}

export interface LicenseOrder {
  id: string;
  at: string;
  by: { accountId: string | null; name: string };
  changes: Record<string, { from: number; to: number }>;
}

/** R-B3: seats per licensed module and the agreement's order history. */
export interface Licenses {
  modules: ModuleSeats[];
  orders: LicenseOrder[];
}

/** license_limit_reached and license_in_use name each module (problem.modules). */
export interface SeatProblemModule {
  module: string;
  seats: number;
  inUse: number;
  needed: number;
}

/** Free seats before a change (issue 14): whether the caller may order more, else who may. */
export interface Seats {
  modules: ModuleSeats[];
  mayOrder: boolean;
  licenseAdministrators: { accountId: string; name: string; email: string; contractOwner: boolean }[];
}

export const licenseKeys = {
  all: ['licenses'] as const,
  org: (orgId: string) => [...licenseKeys.all, orgId] as const,
  seats: (orgId: string) => [...licenseKeys.all, orgId, 'seats'] as const,
};

const orgPath = (orgId: string) => `/orgs/${encodeURIComponent(orgId)}`;

export function fetchLicenses(orgId: string, signal?: AbortSignal): Promise<Licenses> {
  return api(`${orgPath(orgId)}/licenses`, { signal });
}

export function fetchSeats(orgId: string, signal?: AbortSignal): Promise<Seats> {
  return api(`${orgPath(orgId)}/licenses/seats`, { signal });
}

/** One checkout: the new total of seats per module (R-B3). */
export function placeLicenseOrder(orgId: string, seats: Record<string, number>): Promise<LicenseOrder> {
  return api(`${orgPath(orgId)}/license-orders`, { method: 'POST', body: { seats } });
}
