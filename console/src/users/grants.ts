import type { Package } from '../catalogue/api';
import type { Grant, UserType } from './api';

/** R-C3: a reseller user holds the agency package, its modules and the extras bank and user administration. */
export const RESELLER_PACKAGES = ['agency'];
export const RESELLER_EXTRAS = ['bank', 'user-admin'];

/** Types that hold packages and modules at all (R-C5: no_access and person hold none). */
export function holdsAccess(type: UserType): boolean {
  return type === 'employee' || type === 'external' || type === 'reseller';
}

/** The packages a user of this type may hold. */
export function allowedPackages(type: UserType, packages: Package[]): Package[] {
  if (!holdsAccess(type)) return [];
  return type === 'reseller' ? packages.filter((p) => RESELLER_PACKAGES.includes(p.key)) : packages;
}

/** The modules a user of this type may hold individually (null: all of them). */
export function allowedModuleKeys(type: UserType, packages: Package[]): Set<string> | null {
  if (!holdsAccess(type)) return new Set();
  if (type !== 'reseller') return null;
  const agency = packages.find((p) => p.key === 'agency')?.modules ?? [];
  return new Set([...agency, ...RESELLER_EXTRAS]);
}

/** Package keys that include a module, among the chosen packages. */
export function packagesIncluding(moduleKey: string, chosen: string[], packages: Package[]): Package[] {
  return packages.filter((p) => chosen.includes(p.key) && p.modules.includes(moduleKey));
}

export function sameGrants(a: { packages: string[]; modules: Grant[] }, b: { packages: string[]; modules: Grant[] }): boolean {
  const pk = (x: string[]) => [...x].sort().join(',');
  const md = (x: Grant[]) =>
    [...x]
      .map((m) => `${m.key}:${m.admin ? 1 : 0}`)
      .sort()
      .join(',');
  return pk(a.packages) === pk(b.packages) && md(a.modules) === md(b.modules);
}
