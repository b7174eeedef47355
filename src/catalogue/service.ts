import type { Kysely } from 'kysely';
import type { DB } from '../kernel/db.js';
import * as q from './queries.js';

export interface Catalogue {
  modules: Map<string, { key: string; name: string; licensed: boolean }>;
  licensed: Set<string>;
  packages: Map<string, string[]>;
  roles: Map<string, 'org' | 'project' | 'site'>;
}

const cache = new WeakMap<object, Promise<Catalogue>>();

/** The catalogue (modules, packages, roles) is seeded by migration and read once per database handle. */
export function getCatalogue(db: Kysely<DB>): Promise<Catalogue> {
  let c = cache.get(db);
  if (!c) {
    c = (async () => {
      const [modules, packages, roles] = await Promise.all([q.listModules(db), q.listPackages(db), q.listRoles(db)]);
      return {
        modules: new Map(modules.map((m) => [m.key, m])),
        licensed: new Set(modules.filter((m) => m.licensed).map((m) => m.key)),
        packages: new Map(packages.map((p) => [p.key, p.modules])),
        roles: new Map(roles.map((r) => [r.key, r.scope])),
      };
    })();
    cache.set(db, c);
  }
  return c;
}

/** Effective modules of a set of grants: the union of packages' modules and individual modules (SPEC §2). */
export function effectiveModules(catalogue: Catalogue, packages: Iterable<string>, modules: Iterable<string>): string[] {
  const out = new Set<string>(modules);
  for (const p of packages) for (const m of catalogue.packages.get(p) ?? []) out.add(m);
  return [...catalogue.modules.keys()].filter((k) => out.has(k));
}
