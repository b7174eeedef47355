import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeMembership, makeOrg } from '../../test/factories.js';
import type { ApiClient } from '../../test/http-client.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';
import { expireExternalUsers } from '../users/lifecycle.js';
import { countSeatsFromScratch } from './service.js';

// Model-based property test of the seat invariants (R-B1…R-B4): random sequences of user changes and license
// orders on one fresh organisation per run with tiny pools, every step checked against seats recomputed from
// scratch (from the user list and the catalogue) and against the outcome the rules predict.
// NYCKEL_PROPERTY_RUNS raises the number of runs locally.

let t: TestApp;
let op: ApiClient;
let agencyId: string;
/** Active employees of the agency: the only accounts that may become reseller users of its clients (R-C3). */
let consultants: { id: string; email: string }[] = [];
/** The catalogue as the API publishes it. */
let packageModules: Map<string, string[]>;
let licensed: Set<string>;

beforeAll(async () => {
  t = await startTestApp();
  op = await t.operator();
  const [mods, pkgs] = await Promise.all([op.get('/api/v1/modules'), op.get('/api/v1/packages')]);
  licensed = new Set(mods.body.items.filter((m: { licensed: boolean }) => m.licensed).map((m: { key: string }) => m.key));
  packageModules = new Map(pkgs.body.items.map((p: { key: string; modules: string[] }) => [p.key, p.modules]));
  const agency = await makeOrg(op, { kind: 'agency', name: `Seat Agency ${Date.now()}` });
  agencyId = agency.id;
  for (let i = 0; i < 4; i++) {
    const acc = await makeAccount(t, { homeOrgId: agencyId });
    await makeMembership(t, agencyId, acc.id, { type: 'employee' });
    consultants.push({ id: acc.id, email: acc.email });
  }
});
afterAll(async () => {
  await t?.close();
});

const POOL_MODULES = ['accounting', 'invoicing', 'payroll', 'crm', 'projects'];
const ORDER_MODULES = [...POOL_MODULES, 'timesheets'];
const PACKAGES = ['base-accounting', 'base-payroll', 'base-crm', 'case-management', 'agency'];
const MODULES = ['accounting', 'invoicing', 'payroll', 'crm', 'projects', 'timesheets', 'bank', 'user-admin'];
const RESELLER_MODULES = new Set(['accounting', 'invoicing', 'payroll', 'bank', 'user-admin']);
const SEAT_TYPES = new Set(['employee', 'external', 'reseller']);
const SEAT_STATUSES = new Set(['invited', 'active']);
const FAR = '2099-12-31';

type Grant = { key: string; admin: boolean };
type User = {
  id: string;
  accountId: string | null;
  type: string;
  status: string;
  validFrom: string | null;
  validUntil: string | null;
  packages: string[];
  modules: Grant[];
  effectiveModules: string[];
};
type Pool = { module: string; seats: number; inUse: number; available: number };
type Licenses = { modules: Pool[]; orders: { id: string; changes: Record<string, { from: number; to: number }> }[] };
type Snapshot = { licenses: Licenses; users: User[] };

type Action =
  | { kind: 'add'; type: 'employee' | 'external' | 'no_access' | 'person' | 'reseller'; packages: string[]; modules: Grant[]; until: number }
  | { kind: 'patch'; pick: number; to: 'same' | 'employee' | 'external' | 'no_access'; packages: string[]; modules: Grant[]; until: number }
  /** A day passes and the scheduled expiry (R-C4) runs: externals past validUntil become expired and free their seats. */
  | { kind: 'next-day' }
  | { kind: 'deactivate' | 'reactivate' | 'remove-access' | 'delete'; pick: number }
  | { kind: 'order'; seats: Record<string, number> }
  /** An order relative to the seats in use now (−1 is just below use: license_in_use). */
  | { kind: 'order-near-use'; delta: Record<string, number> };

// Mostly grants that fit small pools; now and then a package with modules that have no seats (refusals).
const grantsArb = {
  packages: fc.oneof(
    { weight: 3, arbitrary: fc.constant([] as string[]) },
    { weight: 4, arbitrary: fc.constantFrom('base-accounting', 'base-payroll', 'agency').map((p) => [p]) },
    { weight: 2, arbitrary: fc.subarray(PACKAGES, { minLength: 1, maxLength: 2 }) },
  ),
  modules: fc.uniqueArray(fc.record({ key: fc.constantFrom(...MODULES), admin: fc.boolean() }), { selector: (m) => m.key, maxLength: 2 }),
  // An external user's validUntil: today, tomorrow, the day after, or far away.
  until: fc.nat({ max: 3 }),
};
const pick = fc.nat({ max: 1000 });
const addArb = fc.record({
  kind: fc.constant('add' as const),
  type: fc.oneof(
    { weight: 4, arbitrary: fc.constant('employee' as const) },
    { weight: 2, arbitrary: fc.constant('external' as const) },
    { weight: 2, arbitrary: fc.constant('reseller' as const) },
    { weight: 1, arbitrary: fc.constantFrom('no_access' as const, 'person' as const) },
  ),
  ...grantsArb,
});
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: addArb },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('patch' as const),
      pick,
      to: fc.constantFrom('same' as const, 'employee' as const, 'external' as const, 'no_access' as const),
      ...grantsArb,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('deactivate' as const), pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('reactivate' as const), pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove-access' as const), pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), pick }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'next-day' as const }) },
  {
    weight: 2,
    arbitrary: fc
      .uniqueArray(fc.record({ module: fc.constantFrom(...ORDER_MODULES), n: fc.nat({ max: 4 }) }), { selector: (x) => x.module, minLength: 1, maxLength: 3 })
      .map((lines) => ({ kind: 'order' as const, seats: Object.fromEntries(lines.map((l) => [l.module, l.n])) })),
  },
  {
    weight: 2,
    arbitrary: fc
      .uniqueArray(fc.record({ module: fc.constantFrom(...POOL_MODULES), d: fc.integer({ min: -1, max: 1 }) }), {
        selector: (x) => x.module,
        minLength: 1,
        maxLength: 2,
      })
      .map((lines) => ({ kind: 'order-near-use' as const, delta: Object.fromEntries(lines.map((l) => [l.module, l.d])) })),
  },
);
const poolsArb = fc.record(Object.fromEntries(POOL_MODULES.map((m) => [m, fc.nat({ max: 3 })])) as Record<string, fc.Arbitrary<number>>);

/** R-B1 from first principles: the licensed modules a user occupies one seat of each. */
function seatModulesOf(u: { type: string; status: string; packages: string[]; modules: { key: string }[] }): Set<string> {
  const out = new Set<string>();
  if (!SEAT_TYPES.has(u.type) || !SEAT_STATUSES.has(u.status)) return out;
  for (const m of grantedModules(u)) if (licensed.has(m)) out.add(m);
  return out;
}
function grantedModules(u: { packages: string[]; modules: { key: string }[] }): Set<string> {
  const out = new Set(u.modules.map((m) => m.key));
  for (const p of u.packages) for (const m of packageModules.get(p) ?? []) out.add(m);
  return out;
}
const sortedSet = (s: Iterable<string>) => [...s].sort();

const DAY = 86_400_000;
const today = () => t.clock.now().toISOString().slice(0, 10);
const validUntilOf = (until: number) => (until >= 3 ? FAR : new Date(t.clock.now().getTime() + until * DAY).toISOString().slice(0, 10));
/** Access today (what effectiveModules shows): a seat type and status, inside the validity window. */
const hasAccess = (u: User, day: string) =>
  SEAT_TYPES.has(u.type) && SEAT_STATUSES.has(u.status) && (u.validFrom === null || u.validFrom <= day) && (u.validUntil === null || u.validUntil >= day);

/** Grants as the rules of the user's type allow them (seed 002): none for no_access/person, agency-only for resellers. */
function grantsFor(type: string, packages: string[], modules: Grant[]) {
  if (type === 'no_access' || type === 'person') return { packages: [] as string[], modules: [] as Grant[] };
  if (type === 'reseller') return { packages: packages.filter((p) => p === 'agency'), modules: modules.filter((m) => RESELLER_MODULES.has(m.key)) };
  return { packages, modules };
}

async function listUsers(orgId: string, view: string): Promise<User[]> {
  const r = await op.get(`/api/v1/orgs/${orgId}/users?view=${view}&limit=500`);
  expect(r.status).toBe(200);
  expect(r.body.nextCursor).toBeNull();
  return r.body.items;
}

async function snapshot(orgId: string): Promise<Snapshot> {
  const lic = await op.get(`/api/v1/orgs/${orgId}/licenses`);
  expect(lic.status).toBe(200);
  const users = [...(await listUsers(orgId, 'all')), ...(await listUsers(orgId, 'inactive'))].sort((a, b) => (a.id < b.id ? -1 : 1));
  return { licenses: lic.body, users };
}

const poolOf = (s: Snapshot, m: string): Pool => s.licenses.modules.find((p) => p.module === m) ?? { module: m, seats: 0, inUse: 0, available: 0 };

/** The invariants that hold after every step, whatever happened. */
async function checkInvariants(orgId: string, s: Snapshot) {
  // (a) R-B1: inUse per module equals the seats recomputed from the user list (active and inactive views).
  const recomputed = new Map<string, number>();
  for (const u of s.users) for (const m of seatModulesOf(u)) recomputed.set(m, (recomputed.get(m) ?? 0) + 1);
  const scratch = await countSeatsFromScratch(t.database.db, orgId);
  expect(sortedSet(s.licenses.modules.map((p) => p.module))).toEqual(sortedSet(licensed));
  for (const p of s.licenses.modules) {
    expect(p.inUse, `inUse of ${p.module} vs recomputed from the user list`).toBe(recomputed.get(p.module) ?? 0);
    expect(p.inUse, `inUse of ${p.module} vs countSeatsFromScratch`).toBe(scratch[p.module] ?? 0);
    // (b) R-B2: never more in use than the pool holds.
    expect(p.inUse, `inUse of ${p.module} ≤ seats`).toBeLessThanOrEqual(p.seats);
    expect(p.available).toBe(Math.max(0, p.seats - p.inUse));
  }
  for (const m of Object.keys(scratch)) expect(licensed.has(m), `scratch counts unlicensed ${m}`).toBe(true);
  // Effective modules: the union of packages and modules for users with access, nothing for anybody else.
  const day = today();
  for (const u of s.users) {
    expect(sortedSet(u.effectiveModules), `effectiveModules of ${u.type}/${u.status} ${u.id}`).toEqual(hasAccess(u, day) ? sortedSet(grantedModules(u)) : []);
    // Every external user is past its end date only once expired (the expiry has run after each day passed).
    if (u.type === 'external' && SEAT_STATUSES.has(u.status)) expect(u.validUntil! >= day, `external ${u.id} past validUntil but ${u.status}`).toBe(true);
  }
}

type Projection = Record<string, { type: string; status: string; validUntil: string | null; packages: string[]; modules: Grant[] }>;
const project = (users: User[]): Projection =>
  Object.fromEntries(users.map((u) => [u.id, { type: u.type, status: u.status, validUntil: u.validUntil, packages: u.packages, modules: u.modules }]));
const normGrants = (g: { packages: string[]; modules: Grant[] }) => ({
  packages: [...new Set(g.packages)].sort(),
  modules: [...g.modules].sort((a, b) => (a.key < b.key ? -1 : 1)),
});

/** What the rules say a step does: the expected answer and, when accepted, the expected users and seats. */
interface Expectation {
  status: number;
  code?: string;
  problemModules?: unknown[];
  users?: (created: string | null) => Projection;
  seats?: Record<string, number>;
}

function shortOf(s: Snapshot, before: Set<string>, after: Set<string>) {
  return [...after]
    .filter((m) => !before.has(m))
    .sort()
    .map((m) => ({ module: m, seats: poolOf(s, m).seats, inUse: poolOf(s, m).inUse, needed: 1 }))
    .filter((p) => p.inUse + p.needed > p.seats);
}

let emailSeq = 0;

/** Resolves an action against the current state into a request and the expected outcome; null when it does not apply. */
function plan(
  orgId: string,
  s: Snapshot,
  action: Action,
): { method: 'POST' | 'PATCH' | 'DELETE'; path: string; body?: unknown; expect: Expectation; label: string } | null {
  const base = `/api/v1/orgs/${orgId}`;
  const seats = Object.fromEntries(s.licenses.modules.map((p) => [p.module, p.seats]));
  const proj = project(s.users);
  const limit = (short: ReturnType<typeof shortOf>) => ({ status: 409, code: 'license_limit_reached', problemModules: short });
  let a = action;

  if (a.kind === 'next-day') throw new Error('next-day is not an HTTP step');
  if (a.kind === 'order-near-use') {
    a = { kind: 'order', seats: Object.fromEntries(Object.entries(a.delta).map(([m, d]) => [m, Math.max(0, poolOf(s, m).inUse + d)])) };
  }
  if (a.kind === 'order') {
    const inUse = Object.keys(a.seats)
      .sort()
      .map((m) => ({ module: m, seats: a.seats[m], inUse: poolOf(s, m).inUse, needed: poolOf(s, m).inUse - a.seats[m] }))
      .filter((p) => p.seats < p.inUse);
    return {
      method: 'POST',
      path: `${base}/license-orders`,
      body: { seats: a.seats },
      label: `order ${JSON.stringify(a.seats)}`,
      expect: inUse.length
        ? { status: 409, code: 'license_in_use', problemModules: inUse }
        : { status: 201, users: () => proj, seats: { ...seats, ...a.seats } },
    };
  }

  if (a.kind === 'add') {
    let email: string | undefined = `seat-${Date.now().toString(36)}-${emailSeq++}@prop.test`;
    const body: Record<string, unknown> = { type: a.type, firstName: 'Prop', lastName: `User ${emailSeq}` };
    if (a.type === 'reseller') {
      const members = new Set(s.users.map((u) => u.accountId));
      const free = consultants.find((c) => !members.has(c.id));
      if (!free) return null;
      email = free.email;
      body.resellerRole = 'accountant';
    }
    if (a.type === 'person') email = undefined;
    if (email) body.email = email;
    const validUntil = a.type === 'external' ? validUntilOf(a.until) : null;
    if (validUntil) body.validUntil = validUntil;
    const g = normGrants(grantsFor(a.type, a.packages, a.modules));
    Object.assign(body, g);
    // New accounts are invited; persons and existing accounts (the consultants) are active at once.
    const status = a.type === 'person' || a.type === 'reseller' ? 'active' : 'invited';
    const short = shortOf(s, new Set(), seatModulesOf({ type: a.type, status, ...g }));
    return {
      method: 'POST',
      path: `${base}/users`,
      body,
      label: `add ${a.type} ${JSON.stringify(g)}`,
      expect: short.length ? limit(short) : { status: 201, seats, users: (id) => ({ ...proj, [id!]: { type: a.type, status, validUntil, ...g } }) },
    };
  }

  if (!s.users.length) return null;
  // Three times in four the target is one the action applies to (when there is one); else anybody (conflicts).
  const applies: Record<typeof a.kind, (x: User) => boolean> = {
    patch: (x) => x.type !== 'person',
    deactivate: (x) => x.status !== 'inactive' && x.type !== 'person',
    reactivate: (x) => x.status === 'inactive',
    // Issue 14 item 3 (users/actions.ts): an inactive user, or one without access holding nothing, has nothing to remove.
    'remove-access': (x) => x.type !== 'person' && x.status !== 'inactive' && !(x.type === 'no_access' && !x.packages.length && !x.modules.length),
    delete: () => true,
  };
  const fitting = s.users.filter(applies[a.kind]);
  const pool = fitting.length && a.pick % 4 !== 0 ? fitting : s.users;
  const u = pool[Math.floor(a.pick / 4) % pool.length];
  const path = `${base}/users/${u.id}`;
  const refused = (code: string) => ({ status: 409, code });
  const { [u.id]: _removed, ...without } = proj;
  const withUser = (patch: Partial<Projection[string]>) => () => ({ ...proj, [u.id]: { ...proj[u.id], ...patch } });

  switch (a.kind) {
    case 'patch': {
      if (u.type === 'person')
        return { method: 'PATCH', path, body: { jobTitle: 'Reference' }, label: `patch person ${u.id}`, expect: { status: 200, seats, users: () => proj } };
      const type = u.type === 'reseller' || a.to === 'same' ? u.type : a.to;
      const g = normGrants(grantsFor(type, a.packages, a.modules));
      // An external gets a new end date; leaving external clears it (validity is an external's matter, R-C4).
      const validUntil = type === 'external' ? validUntilOf(a.until) : u.type === 'external' ? null : u.validUntil;
      const body: Record<string, unknown> = { ...g, ...(type !== u.type ? { type } : {}), ...(validUntil !== u.validUntil ? { validUntil } : {}) };
      // An expired external given an end date not passed, or no longer external, has access again (R-C4, R-C6).
      const status = u.status === 'expired' ? 'active' : u.status;
      const short = shortOf(s, seatModulesOf(u), seatModulesOf({ type, status, ...g }));
      return {
        method: 'PATCH',
        path,
        body,
        label: `patch ${u.type}/${u.status} ${u.id} → ${JSON.stringify(body)}`,
        expect: short.length ? limit(short) : { status: 200, seats, users: withUser({ type, status, validUntil, ...g }) },
      };
    }
    case 'deactivate':
      return {
        method: 'POST',
        path: `${path}/deactivate`,
        label: `deactivate ${u.type}/${u.status} ${u.id}`,
        expect:
          u.status === 'inactive'
            ? refused('already_inactive')
            : u.type === 'person'
              ? refused('not_applicable_to_person')
              : { status: 200, seats, users: withUser({ status: 'inactive' }) },
      };
    case 'reactivate': {
      if (u.status !== 'inactive')
        return { method: 'POST', path: `${path}/reactivate`, label: `reactivate ${u.type}/${u.status} ${u.id}`, expect: refused('not_inactive') };
      // R-C9 + R-C4: an external whose end date passed while inactive comes back expired (no seat).
      const status = u.type === 'external' && u.validUntil !== null && u.validUntil < today() ? 'expired' : 'active';
      const short = shortOf(s, new Set(), seatModulesOf({ ...u, status }));
      return {
        method: 'POST',
        path: `${path}/reactivate`,
        label: `reactivate ${u.type}/${u.status} ${u.id}`,
        expect: short.length ? limit(short) : { status: 200, seats, users: withUser({ status }) },
      };
    }
    case 'remove-access':
      return {
        method: 'POST',
        path: `${path}/remove-access`,
        label: `remove-access ${u.type}/${u.status} ${u.id}`,
        expect:
          u.type === 'person'
            ? refused('not_applicable_to_person')
            : u.status === 'inactive' || (u.type === 'no_access' && !u.packages.length && !u.modules.length)
              ? refused('action_not_applicable')
              : {
                  status: 200,
                  seats,
                  // R-C7: no access, can still sign in — an expired external comes back as a no_access user without end date.
                  users: withUser({ type: 'no_access', packages: [], modules: [], validUntil: null, status: u.status === 'expired' ? 'active' : u.status }),
                },
      };
    case 'delete':
      return { method: 'DELETE', path, label: `delete ${u.type}/${u.status} ${u.id}`, expect: { status: 204, seats, users: () => without } };
  }
}

/** Reactivation restores access; whether a never-accepted invitation comes back as invited or active is not a seat matter. */
function sameUsers(actual: Projection, expected: Projection) {
  const fix = Object.fromEntries(
    Object.entries(actual).map(([id, u]) => [
      id,
      {
        ...u,
        status: u.status === 'invited' && expected[id]?.status === 'active' ? 'active' : u.status,
      },
    ]),
  );
  expect(fix).toEqual(expected);
}

async function runScenario(pools: Record<string, number>, actions: Action[]) {
  const org = await makeOrg(op, { seats: pools, agencyId });
  const log: string[] = [`pools ${JSON.stringify(pools)}`];
  try {
    let s = await snapshot(org.id);
    await checkInvariants(org.id, s);
    for (const [i, a] of actions.entries()) {
      if (a.kind === 'next-day') {
        const before = project(s.users);
        t.clock.advance(DAY);
        const day = today();
        await expireExternalUsers(t.nyckel.deps);
        op = await t.operator(); // sessions age with the test clock
        const next = await snapshot(org.id);
        log.push(`${i}: next day ${day}`);
        await checkInvariants(org.id, next);
        const expected = Object.fromEntries(
          Object.entries(before).map(([id, u]) => [
            id,
            u.type === 'external' && SEAT_STATUSES.has(u.status) && u.validUntil! < day ? { ...u, status: 'expired' } : u,
          ]),
        );
        sameUsers(project(next.users), expected);
        // R-B4: expiry frees seats in use, never the pool.
        expect(next.licenses.modules.map((p) => [p.module, p.seats])).toEqual(s.licenses.modules.map((p) => [p.module, p.seats]));
        expect(next.licenses.orders).toEqual(s.licenses.orders);
        s = next;
        continue;
      }
      const step = plan(org.id, s, a);
      if (!step) {
        log.push(`${i}: skipped ${a.kind}`);
        continue;
      }
      const r = await op.request(step.method, step.path, step.body ?? (step.method === 'POST' ? {} : undefined));
      log.push(`${i}: ${step.label} → ${r.status} ${r.body?.code ?? ''}`);
      const e = step.expect;
      expect(r.status, `step ${i} status (${JSON.stringify(r.body)})`).toBe(e.status);
      if (e.code) expect(r.body.code, `step ${i} code`).toBe(e.code);
      if (e.problemModules) expect(r.body.modules, `step ${i} problem modules`).toEqual(e.problemModules);

      const next = await snapshot(org.id);
      await checkInvariants(org.id, next);
      const seatsBefore = Object.fromEntries(s.licenses.modules.map((p) => [p.module, p.seats]));
      const seatsAfter = Object.fromEntries(next.licenses.modules.map((p) => [p.module, p.seats]));
      if (e.status >= 400) {
        // (c) A refused step changes nothing: licenses (pools and orders) and users as before.
        expect(next, `step ${i} refused but changed the state`).toEqual(s);
      } else {
        // (d) R-B4: only orders change seats — deleting, deactivating or removing access never do.
        expect(seatsAfter, `step ${i} seats`).toEqual(e.seats);
        sameUsers(project(next.users), e.users!(step.method === 'POST' && r.status === 201 && a.kind === 'add' ? r.body.id : null));
        if (a.kind === 'order' || a.kind === 'order-near-use') {
          expect(next.licenses.orders.length).toBe(s.licenses.orders.length + 1);
          const changes = Object.fromEntries(
            Object.entries((step.body as { seats: Record<string, number> }).seats)
              .filter(([m, n]) => seatsBefore[m] !== n)
              .map(([m, n]) => [m, { from: seatsBefore[m], to: n }]),
          );
          expect(next.licenses.orders[0].changes).toEqual(changes);
        } else {
          expect(next.licenses.orders).toEqual(s.licenses.orders);
        }
      }
      s = next;
    }
    if (process.env.NYCKEL_PROPERTY_LOG) console.log(log.join('\n'));
  } catch (err) {
    (err as Error).message += `\n  org ${org.id}\n  steps:\n    ${log.join('\n    ')}`;
    throw err;
  }
}

const RUNS = Number(process.env.NYCKEL_PROPERTY_RUNS ?? 15);

describe('R-B1 R-B2 R-B3 R-B4 seat invariants (property)', () => {
  it(
    'R-B1 R-B2 R-B3 R-B4 after every random change or order: inUse equals seats recomputed from scratch, never above the pool; refusals change nothing; only orders change seats',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          poolsArb,
          // A few users first (so the other actions have targets), then up to 12 random steps: at most 15 in all.
          fc.tuple(fc.array(addArb, { minLength: 1, maxLength: 3 }), fc.array(actionArb, { minLength: 4, maxLength: 12, size: 'max' })),
          (pools, [adds, actions]) => runScenario(pools, [...adds, ...actions]),
        ),
        { numRuns: RUNS, endOnFailure: true },
      );
    },
    Math.max(180_000, RUNS * 6_000),
  );
});

describe('R-B1 R-C4 seats of external users past their end date', () => {
  it('R-B1 R-C4 an external user recorded as historic (end date passed) is expired at once and takes no seat', async () => {
    const org = await makeOrg(op, { seats: { accounting: 1 } });
    const yesterday = new Date(t.clock.now().getTime() - DAY).toISOString().slice(0, 10);
    const r = await op.post(`/api/v1/orgs/${org.id}/users`, {
      type: 'external',
      email: `past-${Date.now()}@prop.test`,
      firstName: 'Past',
      lastName: 'External',
      validUntil: yesterday,
      historic: true,
      modules: [{ key: 'accounting' }],
    });
    expect(r.status).toBe(201);
    expect(r.body.effectiveModules).toEqual([]);
    // Like PATCH moving validUntil into the past (updateUser), not only once the scheduled expiry has run.
    expect(r.body.status).toBe('expired');
    const pool = (await op.get(`/api/v1/orgs/${org.id}/licenses`)).body.modules.find((p: Pool) => p.module === 'accounting');
    expect(pool).toMatchObject({ seats: 1, inUse: 0 });
    const other = await op.post(`/api/v1/orgs/${org.id}/users`, {
      type: 'employee',
      email: `next-${Date.now()}@prop.test`,
      firstName: 'N',
      lastName: 'E',
      modules: [{ key: 'accounting' }],
    });
    expect(other.status).toBe(201);
  });
});
