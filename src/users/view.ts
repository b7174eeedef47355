import type { Queryable } from '../kernel/db.js';
import { effectiveModules, type Catalogue } from '../catalogue/service.js';
import { holdsGrantsNow } from '../access/effective.js';
import type { Grants } from '../access/policy.js';
import * as q from './queries.js';
import type { UserView } from './schema.js';

export type { Grants } from '../access/policy.js';

/** The User resource of SPEC §4 for a page of memberships: grants, roles, person and account details in four queries. */
export async function loadUserViews(db: Queryable, catalogue: Catalogue, orgId: string, rows: q.MembershipRow[], today: string): Promise<UserView[]> {
  const ids = rows.map((r) => r.id);
  const [{ packages, modules }, roles, [persons, accounts]] = await Promise.all([
    q.loadGrants(db, orgId, ids),
    q.loadRoles(db, orgId, ids),
    q.loadPersonsAndAccounts(db, orgId, rows),
  ]);
  const personById = new Map(persons.map((p) => [p.id, p]));
  const accountById = new Map(accounts.map((a) => [a.id, a]));
  return rows.map((m) => {
    const pk = packages
      .filter((p) => p.membership_id === m.id)
      .map((p) => p.package_key)
      .sort();
    const md = modules
      .filter((x) => x.membership_id === m.id)
      .map((x) => ({ key: x.module_key, admin: x.admin }))
      .sort((a, b) => a.key.localeCompare(b.key));
    const person = personById.get(m.person_id);
    const account = m.account_id ? accountById.get(m.account_id) : undefined;
    return {
      id: m.id,
      orgId: m.org_id,
      accountId: m.account_id,
      personId: m.person_id,
      email: m.email,
      firstName: m.first_name,
      lastName: m.last_name,
      phone: person?.phone ?? null,
      type: m.type,
      status: m.status,
      home: m.home,
      homeOrg: m.home_org_id ? { id: m.home_org_id, name: m.home_org_name } : null,
      resellerRole: m.reseller_role,
      validFrom: m.valid_from,
      validUntil: m.valid_until,
      jobTitle: person?.job_title ?? null,
      language: account?.language ?? null,
      loginValidUntil: account?.login_valid_until ?? null,
      packages: pk,
      modules: md,
      effectiveModules: holdsGrantsNow(m, today)
        ? effectiveModules(
            catalogue,
            pk,
            md.map((x) => x.key),
          )
        : [],
      roles: roles.filter((r) => r.membership_id === m.id).map((r) => ({ scope: r.scope, targetId: r.target_id, role: r.role, title: r.title })),
      office: m.office_id ? { id: m.office_id, name: m.office_name } : null,
      createdAt: m.created_at.toISOString(),
    };
  });
}

export async function loadGrantsOf(db: Queryable, orgId: string, membershipId: string): Promise<Grants> {
  const { packages, modules } = await q.loadGrants(db, orgId, [membershipId]);
  return {
    packages: packages.map((p) => p.package_key).sort(),
    modules: modules.map((m) => ({ key: m.module_key, admin: m.admin })).sort((a, b) => a.key.localeCompare(b.key)),
  };
}
