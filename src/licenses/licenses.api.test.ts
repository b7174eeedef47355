import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeOrg, makeOrgAdmin } from '../../test/factories.js';
import type { ApiClient } from '../../test/http-client.js';
import { mailsTo, tokenIn } from '../../test/mailbox.js';
import { startTestApp, testDb, type TestApp } from '../../test/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

let n = 0;
const email = () => `lic-${Date.now().toString(36)}-${n++}@test.nyckel`;
const licenses = async (api: ApiClient, orgId: string) => {
  const r = await api.get(`/api/v1/orgs/${orgId}/licenses`);
  expect(r.status).toBe(200);
  return Object.fromEntries(r.body.modules.map((m: any) => [m.module, m])) as Record<string, { seats: number; inUse: number; available: number }>;
};
const addUser = (api: ApiClient, orgId: string, body: Record<string, unknown>) =>
  api.post(`/api/v1/orgs/${orgId}/users`, { firstName: 'L', lastName: 'Icense', ...body });

describe('R-B1 when a membership occupies a seat', () => {
  it('R-B1 one seat per licensed effective module, never two of one module; unlicensed modules and no_access/person take none', async () => {
    const op = await t.operator();
    const org = await makeOrg(op, { seats: { accounting: 5, invoicing: 5, crm: 5, cases: 5, documents: 5 } });
    const { api } = await makeOrgAdmin(t, org.id);
    await addUser(api, org.id, { type: 'employee', email: email(), packages: ['base-accounting'], modules: [{ key: 'accounting' }, { key: 'cases' }] });
    let l = await licenses(api, org.id);
    expect([l.accounting.inUse, l.invoicing.inUse, l.cases.inUse, l.documents.inUse]).toEqual([1, 1, 1, 0]);
    expect(l.bank).toBeUndefined(); // bank is not licensed: no pool
    await addUser(api, org.id, { type: 'no_access', email: email() });
    await addUser(api, org.id, { type: 'person' });
    l = await licenses(api, org.id);
    expect(l.accounting.inUse).toBe(1);
    // An invited (not yet accepted) user already holds its seat.
    const invited = await addUser(api, org.id, { type: 'employee', email: email(), packages: ['case-management'] });
    expect(invited.body.status).toBe('invited');
    l = await licenses(api, org.id);
    expect([l.cases.inUse, l.documents.inUse, l.cases.available]).toEqual([2, 1, 3]);
  });
});

describe('R-B2 no change may exceed the pool', () => {
  it('R-B2 refuses an add whole with license_limit_reached naming each module, seats, in use and needed', async () => {
    const op = await t.operator();
    const org = await makeOrg(op, { seats: { crm: 1, projects: 1, timesheets: 0 } });
    const { api } = await makeOrgAdmin(t, org.id);
    const before = (await api.get(`/api/v1/orgs/${org.id}/users`)).body.total;
    const address = email();
    const r = await addUser(api, org.id, { type: 'employee', email: address, packages: ['base-crm'] });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('license_limit_reached');
    expect(r.body.modules).toEqual([{ module: 'timesheets', seats: 0, inUse: 0, needed: 1 }]);
    expect((await api.get(`/api/v1/orgs/${org.id}/users`)).body.total).toBe(before);
    expect(await t.database.db.selectFrom('accounts').select('id').where('email', '=', address).executeTakeFirst()).toBeUndefined();
    expect(await mailsTo(t, address)).toHaveLength(0);
    const l = await licenses(api, org.id);
    expect([l.crm.inUse, l.projects.inUse]).toEqual([0, 0]);
  });

  it('R-B2 refuses a change of access whole: none of its other edits are applied', async () => {
    const op = await t.operator();
    const org = await makeOrg(op, { seats: { accounting: 1, invoicing: 1, payroll: 0 } });
    const { api } = await makeOrgAdmin(t, org.id);
    const u = (await addUser(api, org.id, { type: 'employee', email: email(), packages: ['base-accounting'] })).body;
    const r = await api.patch(`/api/v1/orgs/${org.id}/users/${u.id}`, { jobTitle: 'Should not stick', modules: [{ key: 'payroll' }] });
    expect(r.status).toBe(409);
    expect(r.body.modules).toEqual([{ module: 'payroll', seats: 0, inUse: 0, needed: 1 }]);
    const after = (await api.get(`/api/v1/orgs/${org.id}/users/${u.id}`)).body;
    expect(after.jobTitle).toBeNull();
    expect(after.modules).toEqual([]);
    // Swapping one licensed module for another within the pool is fine.
    const ok = await api.patch(`/api/v1/orgs/${org.id}/users/${u.id}`, { packages: [], modules: [{ key: 'accounting' }, { key: 'invoicing' }] });
    expect(ok.status).toBe(200);
    expect((await licenses(api, org.id)).accounting.inUse).toBe(1);
  });

  it(`R-B2 holds under concurrent requests: 50 parallel adds at 10 free seats → exactly 10 succeed (${testDb})`, async () => {
    const op = await t.operator();
    const org = await makeOrg(op, { seats: { documents: 10, cases: 100 } });
    const { api } = await makeOrgAdmin(t, org.id);
    const results = await Promise.all(
      Array.from({ length: 50 }, () => addUser(api, org.id, { type: 'employee', email: email(), modules: [{ key: 'documents' }, { key: 'cases' }] })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(40);
    expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'license_limit_reached')).toBe(true);
    const l = await licenses(api, org.id);
    expect([l.documents.inUse, l.cases.inUse]).toEqual([10, 10]);
    const { countSeatsFromScratch } = await import('./service.js');
    expect(await countSeatsFromScratch(t.database.db, org.id)).toMatchObject({ documents: 10, cases: 10 });
  });
});

describe('R-B3 license orders', () => {
  it('R-B3 raises and lowers per module in one checkout; lowering below use is refused whole; orders are kept', async () => {
    const op = await t.operator();
    const org = await makeOrg(op, { seats: { crm: 2, projects: 2, timesheets: 2, payroll: 3 } });
    const { api, account } = await makeOrgAdmin(t, org.id);
    await addUser(api, org.id, { type: 'employee', email: email(), packages: ['base-crm'] });
    await addUser(api, org.id, { type: 'employee', email: email(), modules: [{ key: 'crm' }] });

    const refused = await api.post(`/api/v1/orgs/${org.id}/license-orders`, { seats: { crm: 1, payroll: 10, projects: 0 } });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('license_in_use');
    expect(refused.body.modules).toEqual([
      { module: 'crm', seats: 1, inUse: 2, needed: 1 },
      { module: 'projects', seats: 0, inUse: 1, needed: 1 },
    ]);
    let l = await licenses(api, org.id);
    expect([l.crm.seats, l.payroll.seats, l.projects.seats]).toEqual([2, 3, 2]);

    const ok = await api.post(`/api/v1/orgs/${org.id}/license-orders`, { seats: { crm: 5, payroll: 1, projects: 1 } });
    expect(ok.status).toBe(201);
    expect(ok.body.changes).toEqual({ crm: { from: 2, to: 5 }, payroll: { from: 3, to: 1 }, projects: { from: 2, to: 1 } });
    expect(ok.body.by).toEqual({ accountId: account.id, name: expect.any(String) });
    l = await licenses(api, org.id);
    expect([l.crm.seats, l.crm.inUse, l.crm.available, l.payroll.seats, l.projects.seats]).toEqual([5, 2, 3, 1, 1]);
    const history = (await api.get(`/api/v1/orgs/${org.id}/licenses`)).body.orders;
    // Newest first: this order, then the initial seats (issue 11 defect 8: the first order of the history).
    expect(history).toHaveLength(2);
    expect(history[0].id).toBe(ok.body.id);
    expect(history[1].changes).toEqual({ crm: { from: 0, to: 2 }, payroll: { from: 0, to: 3 }, projects: { from: 0, to: 2 }, timesheets: { from: 0, to: 2 } });
    const audit = (await api.get(`/api/v1/orgs/${org.id}/audit?action=license.`)).body.items[0];
    expect(audit).toMatchObject({ action: 'license.order_placed', before: { crm: 2 }, after: { crm: 5 } });
    expect((await api.post(`/api/v1/orgs/${org.id}/license-orders`, { seats: { bank: 3 } })).body.errors).toEqual([
      { path: 'seats.bank', code: 'not_licensed', message: expect.any(String) },
    ]);
    expect((await api.post(`/api/v1/orgs/${org.id}/license-orders`, { seats: { crm: -1 } })).status).toBe(400);
  });
});

describe('R-B4 removing users never changes the pool', () => {
  it('R-B4 delete, deactivate and remove access free seats but keep the seats of the pool', async () => {
    const op = await t.operator();
    const org = await makeOrg(op, { seats: { payroll: 3 } });
    const { api } = await makeOrgAdmin(t, org.id);
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await addUser(api, org.id, { type: 'employee', email: email(), packages: ['base-payroll'] })).body.id);
    expect((await licenses(api, org.id)).payroll).toEqual({ module: 'payroll', seats: 3, inUse: 3, available: 0 } as any);
    await api.delete(`/api/v1/orgs/${org.id}/users/${ids[0]}`);
    await api.post(`/api/v1/orgs/${org.id}/users/${ids[1]}/deactivate`);
    await api.post(`/api/v1/orgs/${org.id}/users/${ids[2]}/remove-access`);
    expect((await licenses(api, org.id)).payroll).toEqual({ module: 'payroll', seats: 3, inUse: 0, available: 3 } as any);
  });
});

describe('R-B5 the contract owner', () => {
  it('R-B5 views licenses and places orders without being a member; other non-members see nothing', async () => {
    const op = await t.operator();
    const ownerEmail = email();
    const org = await makeOrg(op, { seats: { cases: 1 }, contractOwner: { email: ownerEmail, firstName: 'Cont', lastName: 'Ract' } });
    await t
      .client()
      .post('/api/v1/auth/accept-invitation', { token: tokenIn((await mailsTo(t, ownerEmail))[0].text, 'accept-invitation'), password: 'owner-password-1' });
    const owner = t.client();
    await owner.login(ownerEmail, 'owner-password-1');
    expect((await licenses(owner, org.id)).cases.seats).toBe(1);
    const order = await owner.post(`/api/v1/orgs/${org.id}/license-orders`, { seats: { cases: 4 } });
    expect(order.status).toBe(201);
    expect((await licenses(owner, org.id)).cases.seats).toBe(4);
    // Being contract owner does not make one a user administrator.
    expect((await owner.get(`/api/v1/orgs/${org.id}/users`)).status).toBe(403);
    const stranger = await makeAccount(t);
    const s = t.client();
    await s.login(stranger.email, stranger.password);
    expect((await s.get(`/api/v1/orgs/${org.id}/licenses`)).status).toBe(404);
    expect((await s.post(`/api/v1/orgs/${org.id}/license-orders`, { seats: { cases: 9 } })).status).toBe(404);
  });
});

describe('R-B6 access packages without licensed modules', () => {
  it('R-B6 a user holding only unlicensed modules takes no seat and signs in; past loginValidUntil it cannot', async () => {
    const op = await t.operator();
    const org = await makeOrg(op, { seats: {} });
    const { api } = await makeOrgAdmin(t, org.id);
    const acc = await makeAccount(t, { homeOrgId: org.id });
    const r = await addUser(api, org.id, { type: 'employee', email: acc.email, modules: [{ key: 'bank' }] });
    expect(r.status).toBe(201);
    expect(r.body.effectiveModules).toEqual(['bank']);
    expect(Object.values(await licenses(api, org.id)).every((p) => p.inUse === 0)).toBe(true);
    await t.client().login(acc.email, acc.password);
    // "Gäller t o m" set to a date already passed (seed 001): the user can no longer sign in.
    const changed = await api.patch(`/api/v1/orgs/${org.id}/users/${r.body.id}`, { loginValidUntil: '2001-01-01' });
    expect(changed.body.loginValidUntil).toBe('2001-01-01');
    expect((await t.client().post('/api/v1/auth/login', { email: acc.email, password: acc.password })).body.code).toBe('sign_in_refused');
  });
});
