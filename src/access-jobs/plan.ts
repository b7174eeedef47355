import { takesSeats } from '../access/effective.js';
import type { Standing } from '../access/policy.js';
import { effectiveModules, type Catalogue } from '../catalogue/service.js';
import type { AccessJobOutcome, UserStatus, UserType } from '../kernel/db-types.js';
import type { AccessJobOperation } from '../kernel/enums.js';

/**
 * What an access job does at a batch of clients, decided item by item without touching the database (R-H1, R-H2,
 * R-B2): the results of every (client, consultant, module) item and the writes they need. The job (apply.ts) reads
 * the inputs under lock and writes the outputs in one transaction; the preview (R-H5) runs the same plan without
 * seat limits and reports the seats it would take.
 */

export interface Consultant {
  accountId: string;
  email: string;
  firstName: string;
  lastName: string;
  homeOrg: { id: string; name: string } | null;
  hasPassword: boolean;
}

export interface ExistingMember {
  id: string;
  type: UserType;
  status: UserStatus;
  packages: string[];
  modules: { key: string; admin: boolean }[];
}

export interface PlanInput {
  operation: AccessJobOperation;
  /** Modules of grant / revoke_programs (ignored for revoke_clients). */
  modules: string[];
  consultants: Consultant[];
  clients: { seq: number; clientId: string }[];
  /** The initiator's standing at each client (absent: no such organisation). */
  standings: Map<string, Standing>;
  /** Existing memberships, keyed `${clientId}:${accountId}`. */
  members: Map<string, ExistingMember>;
  /** Pools keyed `${clientId}:${module}`; mutated: inUse grows with every seat the plan takes. */
  pools: Map<string, { seats: number; inUse: number }>;
  catalogue: Catalogue;
  today: string;
  /** false (preview): seats are counted, never refused. */
  checkSeats: boolean;
  /**
   * THE place the revoke path asks whether removing this membership is refused by an organisation rule (the
   * `last_administrator` rule: never leave a client without an active system administrator). Answers the refusal
   * code, or null.
   */
  revokeRefusal(clientId: string, member: ExistingMember, change: 'delete' | { removes: string }): string | null;
  newId(): string;
}

export interface ItemOutcome {
  clientId: string;
  consultantAccountId: string;
  module: string | null;
  outcome: AccessJobOutcome;
  reason: string | null;
}

export interface MemberChange {
  clientId: string;
  membershipId: string;
  accountId: string;
  action: 'user.added' | 'user.updated' | 'user.deleted';
  before: MemberSnapshot | null;
  after: MemberSnapshot | null;
}

export interface MemberSnapshot {
  accountId: string;
  type: string;
  status: string;
  packages: string[];
  modules: { key: string; admin: boolean }[];
  effectiveModules: string[];
}

export interface Plan {
  /** Results per client (in the client's order: consultants × modules). */
  results: Map<number, ItemOutcome[]>;
  newMembers: { clientId: string; id: string; personId: string; consultant: Consultant; status: UserStatus }[];
  addModules: { org_id: string; membership_id: string; module_key: string }[];
  removeModules: { org_id: string; membership_id: string; module_key: string }[];
  removePackages: { org_id: string; membership_id: string; package_key: string }[];
  deleteMembers: { org_id: string; id: string }[];
  touched: { org_id: string; id: string }[];
  /** Seats taken (+) or freed (−) per `${clientId}:${module}`. */
  seatDeltas: Map<string, number>;
  changes: MemberChange[];
}

/** Denial reasons (JobResult.reason of `denied`): stable codes the console translates. */
export const DENIED_NOT_ADMINISTRATOR = 'not_administrator';
export const DENIED_NOT_SYSTEM_ADMINISTRATOR = 'not_system_administrator';
export const DENIED_NOT_VISIBLE = 'not_found';

/** R-H2: may the initiator grant or remove `module` here? System administrator: any; program administrator: that one. */
export function mayChangeModule(s: Standing | undefined, module: string): string | null {
  if (!s || !s.visible) return DENIED_NOT_VISIBLE;
  if (s.admin) return null;
  if (module !== 'user-admin' && s.programAdminOf.includes(module)) return null;
  return DENIED_NOT_ADMINISTRATOR;
}

/** R-H2: removing a consultant's whole membership at a client (revoke_clients) takes a system administrator there. */
export function mayRemoveMember(s: Standing | undefined): string | null {
  if (!s || !s.visible) return DENIED_NOT_VISIBLE;
  return s.admin ? null : DENIED_NOT_SYSTEM_ADMINISTRATOR;
}

const snapshot = (
  catalogue: Catalogue,
  accountId: string,
  m: { type: string; status: string; packages: string[]; modules: { key: string; admin: boolean }[] },
) => ({
  accountId,
  type: m.type,
  status: m.status,
  packages: [...m.packages].sort(),
  modules: [...m.modules].sort((a, b) => a.key.localeCompare(b.key)),
  effectiveModules: effectiveModules(
    catalogue,
    m.packages,
    m.modules.map((x) => x.key),
  ),
});

export function planBatch(input: PlanInput): Plan {
  const plan: Plan = {
    results: new Map(),
    newMembers: [],
    addModules: [],
    removeModules: [],
    removePackages: [],
    deleteMembers: [],
    touched: [],
    seatDeltas: new Map(),
    changes: [],
  };
  const { catalogue } = input;
  const seat = (clientId: string, module: string, delta: number) => {
    const key = `${clientId}:${module}`;
    plan.seatDeltas.set(key, (plan.seatDeltas.get(key) ?? 0) + delta);
    const pool = input.pools.get(key);
    if (pool) pool.inUse += delta;
    else input.pools.set(key, { seats: 0, inUse: delta });
  };
  /** R-B2 per item: a seat of `module` at the client is free (always, in the preview). */
  const seatFree = (clientId: string, module: string) => {
    if (!input.checkSeats) return true;
    const pool = input.pools.get(`${clientId}:${module}`);
    return !!pool && pool.inUse + 1 <= pool.seats;
  };

  for (const { seq, clientId } of input.clients) {
    const out: ItemOutcome[] = [];
    plan.results.set(seq, out);
    const standing = input.standings.get(clientId);
    for (const c of input.consultants) {
      const existing = input.members.get(`${clientId}:${c.accountId}`);
      const item = (module: string | null, outcome: AccessJobOutcome, reason: string | null = null) =>
        out.push({ clientId, consultantAccountId: c.accountId, module, outcome, reason });

      if (input.operation === 'revoke_clients') {
        if (!existing) {
          item(null, 'not_present');
          continue;
        }
        const denied = mayRemoveMember(standing) ?? input.revokeRefusal(clientId, existing, 'delete');
        if (denied) {
          item(null, denied === DENIED_NOT_VISIBLE || denied === DENIED_NOT_SYSTEM_ADMINISTRATOR ? 'denied' : 'failed', denied);
          continue;
        }
        if (takesSeats(existing)) {
          for (const m of effectiveModules(
            catalogue,
            existing.packages,
            existing.modules.map((x) => x.key),
          ))
            if (catalogue.licensed.has(m)) seat(clientId, m, -1);
        }
        plan.deleteMembers.push({ org_id: clientId, id: existing.id });
        plan.changes.push({
          clientId,
          membershipId: existing.id,
          accountId: c.accountId,
          action: 'user.deleted',
          before: snapshot(catalogue, c.accountId, existing),
          after: null,
        });
        item(null, 'removed');
        continue;
      }

      if (input.operation === 'revoke_programs') {
        if (!existing) {
          for (const m of input.modules) item(m, 'not_present');
          continue;
        }
        const packages = new Set(existing.packages);
        const direct = new Map(existing.modules.map((m) => [m.key, m.admin]));
        // Individual grants this change adds: the other modules of a package that goes (written once, at the end).
        const unpacked = new Set<string>();
        const before = snapshot(catalogue, c.accountId, existing);
        let changed = false;
        for (const m of input.modules) {
          const effective = new Set(effectiveModules(catalogue, packages, [...direct.keys(), ...unpacked]));
          if (!effective.has(m)) {
            item(m, 'not_present');
            continue;
          }
          const denied = mayChangeModule(standing, m) ?? input.revokeRefusal(clientId, existing, { removes: m });
          if (denied) {
            item(m, denied === DENIED_NOT_VISIBLE || denied === DENIED_NOT_ADMINISTRATOR ? 'denied' : 'failed', denied);
            continue;
          }
          // A module held through a package: the package goes and its other modules stay as individual grants.
          for (const p of [...packages]) {
            const inPackage = catalogue.packages.get(p) ?? [];
            if (!inPackage.includes(m)) continue;
            packages.delete(p);
            plan.removePackages.push({ org_id: clientId, membership_id: existing.id, package_key: p });
            for (const other of inPackage) if (other !== m && !direct.has(other)) unpacked.add(other);
          }
          unpacked.delete(m);
          if (direct.has(m)) {
            direct.delete(m);
            plan.removeModules.push({ org_id: clientId, membership_id: existing.id, module_key: m });
          }
          if (catalogue.licensed.has(m) && takesSeats(existing)) seat(clientId, m, -1);
          changed = true;
          item(m, 'removed');
        }
        if (changed) {
          for (const other of unpacked) plan.addModules.push({ org_id: clientId, membership_id: existing.id, module_key: other });
          const after = {
            ...existing,
            packages: [...packages],
            modules: [...[...direct].map(([key, admin]) => ({ key, admin })), ...[...unpacked].map((key) => ({ key, admin: false }))],
          };
          plan.touched.push({ org_id: clientId, id: existing.id });
          plan.changes.push({
            clientId,
            membershipId: existing.id,
            accountId: c.accountId,
            action: 'user.updated',
            before,
            after: snapshot(catalogue, c.accountId, after),
          });
        }
        continue;
      }

      // grant: client access as reseller/accountant where missing, then the modules (R-H1).
      const status: UserStatus = existing ? existing.status : c.hasPassword ? 'active' : 'invited';
      const type: UserType = existing ? existing.type : 'reseller';
      const holdsModules = type === 'reseller' || type === 'employee' || type === 'external';
      const seats = takesSeats({ type, status });
      const effective = new Set(
        existing
          ? effectiveModules(
              catalogue,
              existing.packages,
              existing.modules.map((x) => x.key),
            )
          : [],
      );
      const granted: string[] = [];
      for (const m of input.modules) {
        if (effective.has(m)) {
          item(m, 'already_had');
          continue;
        }
        const denied = mayChangeModule(standing, m);
        if (denied) {
          item(m, 'denied', denied);
          continue;
        }
        if (!holdsModules) {
          // R-C5: a user without system access or a person holds no modules; an administrator changes the type first.
          item(m, 'failed', 'not_for_type');
          continue;
        }
        if (seats && catalogue.licensed.has(m)) {
          if (!seatFree(clientId, m)) {
            item(m, 'failed', 'license_limit_reached');
            continue;
          }
          seat(clientId, m, 1);
        }
        granted.push(m);
        item(m, 'granted');
      }
      if (!granted.length) continue;
      const membershipId = existing?.id ?? input.newId();
      for (const m of granted) plan.addModules.push({ org_id: clientId, membership_id: membershipId, module_key: m });
      const afterGrants = {
        packages: existing?.packages ?? [],
        modules: [...(existing?.modules ?? []), ...granted.map((key) => ({ key, admin: false }))],
      };
      if (!existing) {
        plan.newMembers.push({ clientId, id: membershipId, personId: input.newId(), consultant: c, status });
        plan.changes.push({
          clientId,
          membershipId,
          accountId: c.accountId,
          action: 'user.added',
          before: null,
          after: snapshot(catalogue, c.accountId, { type, status, ...afterGrants }),
        });
      } else {
        plan.touched.push({ org_id: clientId, id: existing.id });
        plan.changes.push({
          clientId,
          membershipId,
          accountId: c.accountId,
          action: 'user.updated',
          before: snapshot(catalogue, c.accountId, existing),
          after: snapshot(catalogue, c.accountId, { type, status, ...afterGrants }),
        });
      }
    }
  }
  return plan;
}

/** Counts per outcome of some results. */
export function countOutcomes(results: Iterable<{ outcome: string }>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of results) counts[r.outcome] = (counts[r.outcome] ?? 0) + 1;
  return counts;
}
