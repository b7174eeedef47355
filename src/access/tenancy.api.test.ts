import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeMembership, makeOrg, makeOrgAdmin, nextBusinessId } from '../../test/factories.js';
import type { ApiClient } from '../../test/http-client.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';
import type { Actor } from '../kernel/auth-context.js';
import { AppError } from '../kernel/errors.js';
import * as policy from './policy.js';

/**
 * R-J1, R-J2, R-I7, R-A1: the policy as a contract where its known mutants lived — cross-tenant standing (an
 * administrator of another agency, a plain member of the client's agency), program administrators and other people's
 * modules, unknown organisation ids. Fixed inputs; one world per file, built on first use.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

let n = 0;
const email = (p: string) => `${p}-${n++}@tenancy.test.nyckel`;
const login = async (a: { email: string; password: string }) => {
  const c = t.client();
  await c.login(a.email, a.password);
  return c;
};

interface World {
  op: ApiClient;
  agencyA: { id: string };
  agencyB: { id: string };
  client: { id: string; businessId: string };
  org: { id: string };
  adminA: ApiClient;
  adminAId: string;
  plainA: ApiClient;
  plainAId: string;
  adminB: ApiClient;
  adminBId: string;
  adminC: ApiClient;
  adminCId: string;
  orgAdmin: ApiClient;
  programAdmin: ApiClient;
  member: ApiClient;
}
let worldP: Promise<World> | null = null;
const world = () =>
  (worldP ??= (async () => {
    const op = await t.operator();
    const agencyA = await makeOrg(op, { kind: 'agency', name: 'Agency A' });
    const agencyB = await makeOrg(op, { kind: 'agency', name: 'Agency B' });
    const client = (await makeOrg(op, { name: 'Client of A', agencyId: agencyA.id })) as unknown as { id: string; businessId: string };
    const { api: adminA, account: aa } = await makeOrgAdmin(t, agencyA.id);
    const plain = await makeAccount(t, { homeOrgId: agencyA.id });
    await makeMembership(t, agencyA.id, plain.id, { packages: ['agency'] });
    const { api: adminB, account: ab } = await makeOrgAdmin(t, agencyB.id);
    const { api: adminC, account: ac } = await makeOrgAdmin(t, client.id);
    // A separate client organisation for the grant rules: an administrator, a payroll program administrator, a member.
    const org = await makeOrg(op, { name: 'Grants Oy' });
    const { api: orgAdmin } = await makeOrgAdmin(t, org.id);
    const pa = await makeAccount(t, { homeOrgId: org.id });
    await makeMembership(t, org.id, pa.id, { modules: [{ key: 'payroll', admin: true }, { key: 'crm' }] });
    const mem = await makeAccount(t, { homeOrgId: org.id });
    await makeMembership(t, org.id, mem.id, { modules: [{ key: 'crm' }] });
    return {
      op,
      agencyA,
      agencyB,
      client,
      org,
      adminA,
      adminAId: aa.id,
      plainA: await login(plain),
      plainAId: plain.id,
      adminB,
      adminBId: ab.id,
      adminC,
      adminCId: ac.id,
      orgAdmin,
      programAdmin: await login(pa),
      member: await login(mem),
    };
  })());

const actor = (accountId: string, operator = false): Actor => ({
  accountId,
  name: 'Test',
  email: 'test@test.nyckel',
  operator,
  language: 'en',
  via: 'session',
});
const decision = async (fn: () => Promise<unknown>) => {
  try {
    await fn();
    return 'allowed';
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
};
const refusalDetail = async (fn: () => Promise<unknown>) => {
  try {
    await fn();
    return null;
  } catch (e) {
    if (e instanceof AppError) return `${e.code}: ${e.options.detail ?? ''}`;
    throw e;
  }
};
const myOrgs = async (api: ApiClient) => Object.fromEntries((await api.get('/api/v1/me/organisations?limit=100')).body.items.map((o: any) => [o.id, o]));

describe('R-J1 an agency administrator stands in its own clients only', () => {
  it("R-J1 an administrator of a different agency, and a plain member of the client's agency, get 404 for the client", async () => {
    const w = await world();
    const c = `/api/v1/orgs/${w.client.id}`;
    for (const [who, api] of [
      ['adminB', w.adminB],
      ['plainA', w.plainA],
    ] as const) {
      for (const path of [c, `${c}/projects`, `${c}/users`, `${c}/licenses`]) {
        const r = await api.get(path);
        expect({ who, path, status: r.status, code: r.body?.code }).toEqual({ who, path, status: 404, code: 'not_found' });
      }
      expect((await api.patch(c, { name: 'Taken over' })).status).toBe(404);
      expect(await myOrgs(api)).not.toHaveProperty(w.client.id);
      expect((await api.get('/api/v1/orgs?limit=100')).body.items.map((o: any) => o.id)).not.toContain(w.client.id);
    }
    expect((await w.op.get(c)).body.name).toBe('Client of A');
  });

  it("R-J1 the client's agency administrator opens the client but administers nothing in it", async () => {
    const w = await world();
    const c = `/api/v1/orgs/${w.client.id}`;
    expect((await w.adminA.get(c)).status).toBe(200);
    expect((await w.adminA.get(`${c}/projects`)).status).toBe(200);
    for (const path of [`${c}/users`, `${c}/audit`, `${c}/licenses`, `${c}/partner-orgs`])
      expect({ path, status: (await w.adminA.get(path)).status }).toEqual({ path, status: 403 });
    expect((await w.adminA.patch(c, { name: 'Renamed by agency' })).status).toBe(403);
    expect((await myOrgs(w.adminA))[w.client.id]).toMatchObject({ id: w.client.id, admin: false, programAdminOf: [] });
    expect((await myOrgs(w.adminA))[w.agencyA.id]).toMatchObject({ admin: true });
    expect((await w.adminA.get('/api/v1/orgs?limit=100')).body.items.map((o: any) => o.id)).toContain(w.client.id);
  });

  it("R-I7 converting a client: an operator or an administrator of its agency; not_found for another agency's administrator or a plain agency member", async () => {
    const w = await world();
    const db = t.database.db;
    const now = t.clock.now();
    const convert = (a: Actor) => decision(() => policy.require(db, a, 'convert', w.client.id, now));
    expect({
      operator: await convert(actor(randomUUID(), true)),
      agencyAdmin: await convert(actor(w.adminAId)),
      otherAgencyAdmin: await convert(actor(w.adminBId)),
      plainAgencyMember: await convert(actor(w.plainAId)),
      clientAdmin: await convert(actor(w.adminCId)),
      nobody: await convert(actor(randomUUID())),
    }).toEqual({
      operator: 'allowed',
      agencyAdmin: 'allowed',
      otherAgencyAdmin: 'not_found',
      plainAgencyMember: 'not_found',
      clientAdmin: 'forbidden',
      nobody: 'not_found',
    });
    const standings = await policy.standingsIn(db, actor(w.adminBId), [w.client.id, w.agencyA.id, w.agencyB.id], now);
    expect([...standings.values()].map((s) => [s.orgId, s.agencyAdmin, s.visible, s.admin])).toEqual(
      expect.arrayContaining([
        [w.client.id, false, false, false],
        [w.agencyA.id, false, false, false],
        [w.agencyB.id, false, true, true],
      ]),
    );
    const a = await policy.standingIn(db, actor(w.adminAId), w.client.id, now);
    expect(a).toMatchObject({
      kind: 'client',
      agencyId: w.agencyA.id,
      agencyAdmin: true,
      visible: true,
      member: false,
      admin: false,
      modules: [],
      programAdminOf: [],
    });
  });

  it('R-J1 an operator lists and opens every organisation, a member of none among them', async () => {
    const w = await world();
    const listed = (await w.op.get(`/api/v1/orgs?q=${encodeURIComponent('Client of A')}`)).body.items.map((o: any) => o.id);
    expect(listed).toContain(w.client.id);
    expect((await w.op.get(`/api/v1/orgs/${w.client.id}/users`)).status).toBe(200);
  });

  it('R-C5 a no_access member opens its organisation but administers nothing, even with a stray user-admin grant', async () => {
    const w = await world();
    // Written past the API's validation (which refuses grants for no_access): the rule must not lean on it.
    const stray = await makeAccount(t, { homeOrgId: w.agencyA.id });
    await makeMembership(t, w.agencyA.id, stray.id, { type: 'no_access', modules: [{ key: 'user-admin' }] });
    const api = await login(stray);
    expect((await api.get(`/api/v1/orgs/${w.agencyA.id}`)).status).toBe(200);
    expect((await api.get(`/api/v1/orgs/${w.agencyA.id}/users`)).status).toBe(403);
    expect((await myOrgs(api))[w.agencyA.id]).toMatchObject({ admin: false, programAdminOf: [] });
    expect((await api.get(`/api/v1/orgs/${w.client.id}`)).status).toBe(404);
    expect((await api.get('/api/v1/accounts/lookup?email=nobody%40test.nyckel')).status).toBe(403);
    expect(await myOrgs(api)).not.toHaveProperty(w.client.id);
    // A member holding nothing at all stands there with no modules.
    const bare = await makeAccount(t, { homeOrgId: w.agencyA.id });
    await makeMembership(t, w.agencyA.id, bare.id);
    expect(await policy.standingIn(t.database.db, actor(bare.id), w.agencyA.id, t.clock.now())).toMatchObject({
      member: true,
      visible: true,
      admin: false,
      modules: [],
      programAdminOf: [],
    });
  });

  it('R-C2 an invited membership opens nothing until accepted, yet lets an account with a password sign in', async () => {
    const w = await world();
    const invited = await makeAccount(t, { homeOrgId: w.org.id });
    await makeMembership(t, w.org.id, invited.id, { status: 'invited', modules: [{ key: 'user-admin' }] });
    const api = await login(invited);
    expect((await api.get(`/api/v1/orgs/${w.org.id}`)).status).toBe(404);
    expect(await myOrgs(api)).not.toHaveProperty(w.org.id);
  });

  it('R-C1 R-F2 account lookup and the business registry: administrators somewhere, never plain members', async () => {
    const w = await world();
    const reg = `/api/v1/registry/FI/${encodeURIComponent(w.client.businessId)}`;
    expect((await w.adminC.get(reg)).body).toMatchObject({ orgId: w.client.id });
    expect((await w.plainA.get(reg)).status).toBe(403);
    expect((await w.adminC.get('/api/v1/accounts/lookup?email=nobody%40test.nyckel')).status).toBe(200);
    expect((await w.plainA.get('/api/v1/accounts/lookup?email=nobody%40test.nyckel')).status).toBe(403);
    const db = t.database.db;
    const now = t.clock.now();
    expect([
      await decision(() => policy.requirePlatform(db, actor(randomUUID(), true), 'readMailbox', now)),
      await decision(() => policy.requirePlatform(db, actor(w.adminCId), 'readMailbox', now)),
      await decision(() => policy.requirePlatform(db, actor(w.adminCId), 'useRegistry', now)),
      await decision(() => policy.requirePlatform(db, actor(w.plainAId), 'useRegistry', now)),
    ]).toEqual(['allowed', 'forbidden', 'allowed', 'forbidden']);
  });

  it('R-A1 R-F2 creating organisations: operators any, administrators from the registry, agency administrators their clients', async () => {
    const w = await world();
    const db = t.database.db;
    const now = t.clock.now();
    const create = (a: Actor, input: { agencyId: string | null; fromRegistry?: boolean }) => refusalDetail(() => policy.requireCreateOrg(db, a, input, now));
    expect({
      operatorAnyAgency: await create(actor(randomUUID(), true), { agencyId: randomUUID() }),
      operatorNoAgency: await create(actor(randomUUID(), true), { agencyId: null }),
      adminFromRegistry: await create(actor(w.adminCId), { agencyId: null, fromRegistry: true }),
      adminOutsideAgency: await create(actor(w.adminCId), { agencyId: null }),
      memberFromRegistry: await create(actor(w.plainAId), { agencyId: null, fromRegistry: true }),
      agencyAdminOwn: await create(actor(w.adminAId), { agencyId: w.agencyA.id }),
      agencyAdminOther: await create(actor(w.adminAId), { agencyId: w.agencyB.id }),
      clientAdminOwnClient: await create(actor(w.adminCId), { agencyId: w.client.id }),
    }).toEqual({
      operatorAnyAgency: null,
      operatorNoAgency: null,
      adminFromRegistry: null,
      adminOutsideAgency: 'forbidden: Only operators create organisations outside an agency.',
      memberFromRegistry: 'forbidden: Only operators create organisations outside an agency.',
      agencyAdminOwn: null,
      agencyAdminOther: 'forbidden: Only administrators of the agency create its clients.',
      clientAdminOwnClient: 'forbidden: Only administrators of the agency create its clients.',
    });
    expect(await refusalDetail(() => policy.require(db, actor(w.adminCId), 'createClient', w.client.id, now))).toBe(
      'forbidden: Only administrators of the agency create its clients.',
    );
  });

  it('R-C6 a refused lifecycle action says only administrators may do it', async () => {
    const w = await world();
    const u = (
      await w.orgAdmin.post(`/api/v1/orgs/${w.org.id}/users`, {
        type: 'employee',
        email: email('life'),
        firstName: 'Li',
        lastName: 'Fe',
        modules: [{ key: 'payroll' }],
      })
    ).body;
    const r = await w.programAdmin.post(`/api/v1/orgs/${w.org.id}/users/${u.id}/deactivate`, {});
    expect({ status: r.status, code: r.body.code, detail: r.body.detail }).toEqual({
      status: 403,
      code: 'forbidden',
      detail: 'Only administrators of the organisation may do this.',
    });
    const audit = await w.programAdmin.get(`/api/v1/orgs/${w.org.id}/audit`);
    expect({ status: audit.status, detail: audit.body.detail }).toEqual({ status: 403, detail: 'You may not do this' });
  });

  it('R-A1 only an administrator of the agency creates its clients', async () => {
    const w = await world();
    const ok = await makeOrg(w.adminA, { agencyId: w.agencyA.id });
    expect(ok.agencyId).toBe(w.agencyA.id);
    for (const [who, api, agencyId] of [
      ['adminB', w.adminB, w.agencyA.id],
      ['plainA', w.plainA, w.agencyA.id],
      ['adminA', w.adminA, w.agencyB.id],
      ['adminC', w.adminC, undefined],
    ] as const) {
      const r = await api.post('/api/v1/orgs', {
        name: `Client by ${who}`,
        kind: 'client',
        country: 'FI',
        businessId: nextBusinessId('FI'),
        ...(agencyId ? { agencyId } : {}),
      });
      expect({ who, status: r.status, code: r.body.code }).toEqual({ who, status: 403, code: 'forbidden' });
    }
  });
});

describe("R-J2 program administrators and other people's modules", () => {
  const target = async (w: World) => {
    const r = await w.orgAdmin.post(`/api/v1/orgs/${w.org.id}/users`, {
      type: 'employee',
      email: email('target'),
      firstName: 'Tar',
      lastName: 'Get',
      modules: [{ key: 'payroll' }, { key: 'accounting' }, { key: 'crm' }],
    });
    expect(r.status).toBe(201);
    return `/api/v1/orgs/${w.org.id}/users/${r.body.id}`;
  };
  const keys = (u: any) => u.modules.map((m: any) => `${m.key}${m.admin ? '*' : ''}`).sort();

  it('R-J2 a program administrator removing modules it does not administer gets 403 naming them; nothing changes', async () => {
    const w = await world();
    const u = await target(w);
    const cases: [string, unknown, string[]][] = [
      ['removes accounting', { modules: [{ key: 'payroll' }, { key: 'crm' }] }, ['accounting']],
      ['removes everything', { modules: [] }, ['accounting', 'crm']],
      ['swaps crm for cases', { modules: [{ key: 'payroll' }, { key: 'accounting' }, { key: 'cases' }] }, ['cases', 'crm']],
      ['adds a package of others', { packages: ['base-accounting'] }, ['accounting', 'bank', 'invoicing']],
      ['makes accounting administered', { modules: [{ key: 'payroll' }, { key: 'accounting', admin: true }, { key: 'crm' }] }, ['accounting']],
      ['gives user-admin', { modules: [{ key: 'payroll' }, { key: 'accounting' }, { key: 'crm' }, { key: 'user-admin' }] }, ['user-admin']],
    ];
    for (const [name, body, denied] of cases) {
      const r = await w.programAdmin.patch(u, body);
      expect({ name, status: r.status, code: r.body.code, modules: [...(r.body.modules ?? [])].sort() }).toEqual({
        name,
        status: 403,
        code: 'forbidden',
        modules: denied,
      });
      expect(r.body.detail).toBe(`You may not grant or remove: ${r.body.modules.join(', ')}`);
    }
    const after = (await w.orgAdmin.get(u)).body;
    expect(keys(after)).toEqual(['accounting', 'crm', 'payroll']);
    expect(after.packages).toEqual([]);
  });

  it('R-J2 a program administrator edits its own module for a user holding others; the others stay untouched', async () => {
    const w = await world();
    const u = await target(w);
    const made = await w.programAdmin.patch(u, { modules: [{ key: 'payroll', admin: true }, { key: 'accounting' }, { key: 'crm' }] });
    expect(made.status).toBe(200);
    expect(keys(made.body)).toEqual(['accounting', 'crm', 'payroll*']);
    const same = await w.programAdmin.patch(u, { modules: [{ key: 'payroll', admin: true }, { key: 'accounting' }, { key: 'crm' }] });
    expect(same.status).toBe(200);
    const removed = await w.programAdmin.patch(u, { modules: [{ key: 'accounting' }, { key: 'crm' }] });
    expect(removed.status).toBe(200);
    expect(keys(removed.body)).toEqual(['accounting', 'crm']);
    const viaPackage = await w.programAdmin.patch(u, { packages: ['base-payroll'] });
    expect(viaPackage.status).toBe(200);
    expect(viaPackage.body.packages).toEqual(['base-payroll']);
    expect(keys((await w.orgAdmin.get(u)).body)).toEqual(['accounting', 'crm']);
    expect((await w.orgAdmin.get(u)).body.effectiveModules.sort()).toEqual(['accounting', 'crm', 'payroll']);
    // Details stay the system administrator's (R-C6).
    expect((await w.programAdmin.patch(u, { jobTitle: 'Boss' })).status).toBe(403);
  });

  it('R-J2 a program administrator adds users with its modules only; the 403 names the others', async () => {
    const w = await world();
    const add = (body: Record<string, unknown>) =>
      w.programAdmin.post(`/api/v1/orgs/${w.org.id}/users`, { type: 'employee', email: email('new'), firstName: 'New', lastName: 'User', ...body });
    expect((await add({ modules: [{ key: 'payroll' }] })).status).toBe(201);
    const others = await add({ modules: [{ key: 'payroll' }, { key: 'accounting' }, { key: 'crm' }] });
    expect({ status: others.status, code: others.body.code, modules: [...others.body.modules].sort() }).toEqual({
      status: 403,
      code: 'forbidden',
      modules: ['accounting', 'crm'],
    });
    const none = await add({});
    expect({ status: none.status, code: none.body.code }).toEqual({ status: 403, code: 'forbidden' });
  });

  it('R-J2 a plain member changes no grants, not even to what they are', async () => {
    const w = await world();
    const u = await target(w);
    const same = await w.member.patch(u, { modules: [{ key: 'payroll' }, { key: 'accounting' }, { key: 'crm' }] });
    expect({ status: same.status, code: same.body.code, modules: same.body.modules }).toEqual({ status: 403, code: 'forbidden', modules: [] });
    const crm = await w.member.patch(u, { modules: [{ key: 'payroll' }, { key: 'accounting' }] });
    expect({ status: crm.status, modules: crm.body.modules }).toEqual({ status: 403, modules: ['crm'] });
  });

  it("R-J1 R-D1 /me names the program administrator's modules and the administrator's standing", async () => {
    const w = await world();
    expect((await myOrgs(w.programAdmin))[w.org.id]).toMatchObject({ admin: false, programAdminOf: ['payroll'] });
    expect((await myOrgs(w.orgAdmin))[w.org.id]).toMatchObject({ admin: true, programAdminOf: [] });
    expect((await myOrgs(w.member))[w.org.id]).toMatchObject({ admin: false, programAdminOf: [] });
  });
});

describe('R-J1 unknown organisation ids', () => {
  it('R-J1 an unknown organisation id answers 404 (never 500) on every org-scoped route kind, to operators and administrators', async () => {
    const w = await world();
    const o = `/api/v1/orgs/${randomUUID()}`;
    const m = `${o}/users/${randomUUID()}`;
    const target = randomUUID();
    const routes: [string, string, unknown?][] = [
      ['GET', o],
      ['PATCH', o, { name: 'Ghost' }],
      ['GET', `${o}/audit`],
      ['GET', `${o}/users`],
      ['GET', `${o}/users.xlsx`],
      ['POST', `${o}/users`, { type: 'employee', email: email('ghost'), firstName: 'G', lastName: 'H', modules: [{ key: 'payroll' }] }],
      ['GET', m],
      ['PATCH', m, { jobTitle: 'Ghost' }],
      ['PATCH', m, { modules: [{ key: 'payroll' }] }],
      ['DELETE', m],
      ['POST', `${m}/remove-access`, {}],
      ['POST', `${m}/deactivate`, {}],
      ['POST', `${m}/reactivate`, {}],
      ['POST', `${m}/remove-roles`, {}],
      ['POST', `${m}/resend-invitation`, {}],
      ['POST', `${m}/send-password-reset`, {}],
      ['POST', `${m}/role-assignments`, { scope: 'org', roles: ['org-viewer'] }],
      ['DELETE', `${m}/role-assignments`, { scope: 'org' }],
      ['PATCH', `${m}/role-assignments`, { scope: 'project', targetId: target, title: 'Ghost' }],
      ['GET', `${o}/licenses`],
      ['POST', `${o}/license-orders`, { seats: { cases: 1 } }],
      ['GET', `${o}/projects`],
      ['POST', `${o}/projects`, { name: 'Ghost' }],
      ['PATCH', `${o}/projects/${target}`, { name: 'Ghost' }],
      ['GET', `${o}/sites`],
      ['POST', `${o}/sites`, { name: 'Ghost' }],
      ['PATCH', `${o}/sites/${target}`, { name: 'Ghost' }],
      ['GET', `${o}/partner-orgs`],
    ];
    // Account lookup is a platform action first (administrators somewhere): the organisation is asked after it.
    const lookup: [string, string] = ['GET', `/api/v1/accounts/lookup?email=nobody%40test.nyckel&orgId=${o.split('/').pop()}`];
    const wrong: string[] = [];
    for (const [who, api] of [
      ['operator', w.op],
      ['admin', w.orgAdmin],
      ['member', w.member],
    ] as const) {
      for (const [method, path, body] of who === 'member' ? routes : [...routes, lookup]) {
        const r = await api.request(method, path, body);
        if (r.status !== 404 || r.body?.code !== 'not_found') wrong.push(`${who} ${method} ${path}: ${r.status} ${r.body?.code}`);
      }
    }
    expect(wrong).toEqual([]);
    expect((await w.member.get(lookup[1])).status).toBe(403);
    expect(await decision(() => policy.standingIn(t.database.db, actor(randomUUID(), true), randomUUID(), t.clock.now()))).toBe('not_found');
    expect((await policy.standingsIn(t.database.db, actor(randomUUID(), true), [], t.clock.now())).size).toBe(0);
  });

  it('R-A1 a client of an unknown agency is refused (validation), not a 500', async () => {
    const w = await world();
    const r = await w.adminA.post('/api/v1/orgs', { name: 'Orphan', kind: 'client', country: 'FI', businessId: nextBusinessId('FI'), agencyId: randomUUID() });
    expect({ status: r.status, code: r.body.code }).toEqual({ status: 400, code: 'validation_failed' });
    expect(await decision(() => policy.requireCreateOrg(t.database.db, actor(w.adminAId), { agencyId: randomUUID() }, t.clock.now()))).toBe('forbidden');
  });
});
