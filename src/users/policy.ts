import type { Catalogue } from '../catalogue/service.js';
import { AppError } from '../kernel/errors.js';
import type { OrgRights } from '../rights/service.js';
import type { Grants } from './view.js';

/** Modules whose grant a change adds, removes or changes the admin flag of (packages count by their modules). */
export function changedModules(catalogue: Catalogue, before: Grants, after: Grants): Set<string> {
  const out = new Set<string>();
  const bp = new Set(before.packages);
  const ap = new Set(after.packages);
  for (const p of [...bp, ...ap]) if (bp.has(p) !== ap.has(p)) for (const m of catalogue.packages.get(p) ?? []) out.add(m);
  const bm = new Map(before.modules.map((m) => [m.key, m.admin]));
  const am = new Map(after.modules.map((m) => [m.key, m.admin]));
  for (const k of new Set([...bm.keys(), ...am.keys()])) if (bm.get(k) !== am.get(k)) out.add(k);
  return out;
}

/**
 * R-J2 (and R-H2 for every grant): a system administrator grants anything; a program administrator only the modules
 * it administers (never user-admin); anybody else nothing. Refuses: forbidden, naming the modules.
 */
export function assertMayChangeGrants(rights: OrgRights, catalogue: Catalogue, before: Grants, after: Grants): void {
  if (rights.admin) return;
  const changed = changedModules(catalogue, before, after);
  const mine = new Set(rights.programAdminOf);
  const denied = [...changed].filter((m) => m === 'user-admin' || !mine.has(m));
  if (denied.length || (!changed.size && !mine.size)) {
    throw new AppError('forbidden', { detail: `You may not grant or remove: ${denied.join(', ') || 'access here'}`, extra: { modules: denied } });
  }
}

/** Adding a user: a system administrator adds anyone; a program administrator only users it grants its modules to. */
export function assertMayAddUser(rights: OrgRights, catalogue: Catalogue, grants: Grants): void {
  if (rights.admin) return;
  if (!grants.packages.length && !grants.modules.length) {
    throw new AppError('forbidden', { detail: 'Only administrators of the organisation add users without access.' });
  }
  assertMayChangeGrants(rights, catalogue, { packages: [], modules: [] }, grants);
}

/** Lifecycle actions on people (deactivate, delete, reset …) are for system administrators. */
export function assertAdmin(rights: OrgRights): void {
  if (!rights.admin) throw new AppError('forbidden', { detail: 'Only administrators of the organisation may do this.' });
}
