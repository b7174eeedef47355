import type { Queryable } from '../kernel/db.js';

export function listModules(db: Queryable) {
  return db.selectFrom('modules').select(['key', 'name', 'licensed']).orderBy('sort_order').execute();
}

export async function listPackages(db: Queryable) {
  const packages = await db.selectFrom('packages').select(['key', 'name']).orderBy('sort_order').execute();
  const links = await db
    .selectFrom('package_modules as pm')
    .innerJoin('modules as m', 'm.key', 'pm.module_key')
    .select(['pm.package_key', 'pm.module_key'])
    .orderBy('m.sort_order')
    .execute();
  return packages.map((p) => ({ ...p, modules: links.filter((l) => l.package_key === p.key).map((l) => l.module_key) }));
}

export function listRoles(db: Queryable) {
  return db.selectFrom('roles').select(['key', 'scope', 'name']).orderBy('sort_order').execute();
}
