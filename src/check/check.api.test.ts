import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeMembership, makeOrg, makeOrgAdmin } from '../../test/factories.js';
import type { ApiClient } from '../../test/http-client.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';
import { todayOf } from '../access/effective.js';

/** R-L1 the check API and R-L2 effective access, as an operator (applications: apps.api.test.ts). */
let t: TestApp;
let op: ApiClient;
let org: { id: string; name: string };
beforeAll(async () => {
  t = await startTestApp();
  op = await t.operator();
  org = await makeOrg(op, { name: 'Check Oy' });
});
afterAll(async () => {
  await t?.close();
});

const DAY = 86_400_000;
const day = (offset: number) => todayOf(new Date(t.clock.now().getTime() + offset * DAY));
const ask = (api: ApiClient, accountId: string, orgId: string, module: string) => api.post('/api/v1/check', { accountId, orgId, module });

describe('R-L1 check API', () => {
  it('R-L1 answers every reason of the access rule, plus granted, not_granted and no_membership', async () => {
    const other = await makeOrg(op);
    const member = async (input: Parameters<typeof makeMembership>[3] = {}, account: Parameters<typeof makeAccount>[1] = {}) => {
      const a = await makeAccount(t, { homeOrgId: org.id, ...account });
      const m = await makeMembership(t, org.id, a.id, { packages: ['base-accounting'], ...input });
      return { account: a, membership: m };
    };
    const granted = await member();
    const noAccess = await member({ type: 'no_access', packages: [] });
    const inactive = await member({ status: 'inactive' });
    const expiredStatus = await member({ type: 'external', status: 'expired', validUntil: day(-3) });
    const pastUntil = await member({ type: 'external', validUntil: day(-1) });
    const invited = await member({ status: 'invited' });
    const future = await member();
    await t.database.db
      .updateTable('memberships')
      .set({ valid_from: day(2) })
      .where('id', '=', future.membership.id)
      .execute();
    const loginEnded = await member({}, { loginValidUntil: day(-1) });
    const disabled = await member({}, { active: false });

    const cases: [string, string, string, object][] = [
      [granted.account.id, org.id, 'accounting', { allowed: true, reason: 'granted', type: 'employee', status: 'active' }],
      [granted.account.id, org.id, 'bank', { allowed: true, reason: 'granted' }],
      [granted.account.id, org.id, 'payroll', { allowed: false, reason: 'not_granted', type: 'employee', status: 'active' }],
      [granted.account.id, org.id, 'no-such-module', { allowed: false, reason: 'not_granted' }],
      [granted.account.id, other.id, 'accounting', { allowed: false, reason: 'no_membership', type: null, status: null }],
      [noAccess.account.id, org.id, 'accounting', { allowed: false, reason: 'not_granted', type: 'no_access', status: 'active' }],
      [inactive.account.id, org.id, 'accounting', { allowed: false, reason: 'inactive', status: 'inactive' }],
      [expiredStatus.account.id, org.id, 'accounting', { allowed: false, reason: 'expired', type: 'external', status: 'expired' }],
      // Status active or already expired: the expiry job (R-C4, every minute) may have run meanwhile; the rule says expired either way.
      [pastUntil.account.id, org.id, 'accounting', { allowed: false, reason: 'expired', type: 'external' }],
      [invited.account.id, org.id, 'accounting', { allowed: false, reason: 'invited', status: 'invited' }],
      [future.account.id, org.id, 'accounting', { allowed: false, reason: 'not_yet_valid' }],
      [loginEnded.account.id, org.id, 'accounting', { allowed: false, reason: 'login_expired' }],
      [disabled.account.id, org.id, 'accounting', { allowed: false, reason: 'account_disabled' }],
      ['00000000-0000-4000-8000-000000000001', org.id, 'accounting', { allowed: false, reason: 'no_membership' }],
    ];
    for (const [accountId, orgId, module, expected] of cases) {
      const r = await ask(op, accountId, orgId, module);
      expect(r.status, `${module} ${JSON.stringify(expected)}`).toBe(200);
      expect(r.body, JSON.stringify(expected)).toMatchObject(expected);
    }
    // The same questions again come from the cache and answer the same; the batch form answers them in order.
    const batch = await op.post('/api/v1/check/batch', { checks: cases.map(([accountId, orgId, module]) => ({ accountId, orgId, module })) });
    expect(batch.status).toBe(200);
    cases.forEach(([, , , expected], i) => expect(batch.body.results[i]).toMatchObject(expected));
  });

  it('R-L1 R-L4 a change through the API is answered at once: deactivate, reactivate, remove access, delete', async () => {
    const a = await makeAccount(t, { homeOrgId: org.id });
    const m = await makeMembership(t, org.id, a.id, { modules: [{ key: 'payroll' }] });
    const u = `/api/v1/orgs/${org.id}/users/${m.id}`;
    expect((await ask(op, a.id, org.id, 'payroll')).body.reason).toBe('granted');
    expect((await op.post(`${u}/deactivate`)).status).toBe(200);
    // Own user: the account is disabled everywhere (R-C8), which the account part of the rule reports first.
    expect((await ask(op, a.id, org.id, 'payroll')).body).toMatchObject({ allowed: false, reason: 'account_disabled', status: 'inactive' });
    expect((await op.post(`${u}/reactivate`)).status).toBe(200);
    expect((await ask(op, a.id, org.id, 'payroll')).body).toMatchObject({ allowed: true, reason: 'granted', status: 'active' });
    expect((await op.patch(u, { modules: [{ key: 'payroll' }, { key: 'crm' }] })).status).toBe(200);
    expect((await ask(op, a.id, org.id, 'crm')).body).toMatchObject({ allowed: true, reason: 'granted' });
    expect((await op.post(`${u}/remove-access`)).status).toBe(200);
    expect((await ask(op, a.id, org.id, 'crm')).body).toMatchObject({ allowed: false, reason: 'not_granted', type: 'no_access' });
    expect((await op.delete(u)).status).toBe(204);
    expect((await ask(op, a.id, org.id, 'crm')).body).toMatchObject({ allowed: false, reason: 'no_membership' });
  });

  it('R-L1 anonymous 401, members and administrators 403, bad input 400', async () => {
    const a = await makeAccount(t, { homeOrgId: org.id });
    await makeMembership(t, org.id, a.id, { modules: [{ key: 'crm' }] });
    const { api: admin } = await makeOrgAdmin(t, org.id);
    const body = { accountId: a.id, orgId: org.id, module: 'crm' };
    expect((await t.client().post('/api/v1/check', body)).status).toBe(401);
    expect((await t.client().post('/api/v1/check/batch', { checks: [body] })).status).toBe(401);
    const forbidden = await admin.post('/api/v1/check', body);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.code).toBe('forbidden');
    expect((await admin.post('/api/v1/check/batch', { checks: [body] })).status).toBe(403);
    const bad = await op.post('/api/v1/check', { accountId: 'x', orgId: org.id, module: '', extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation_failed');
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['accountId', 'extra', 'module'].sort());
    const tooMany = await op.post('/api/v1/check/batch', { checks: Array.from({ length: 1001 }, () => body) });
    expect(tooMany.status).toBe(400);
    expect((await op.post('/api/v1/check/batch', { checks: [] })).status).toBe(400);
  });
});

describe('R-L2 effective access of an account', () => {
  it('R-L2 lists the organisations with modules and roles, paged by organisation name; dormant ones with their reason', async () => {
    const a = await makeAccount(t, { homeOrgId: org.id });
    const orgs = [];
    for (const name of ['Alfa Ab', 'Beta Ab', 'Gamma Ab']) orgs.push(await makeOrg(op, { name: `${name} ${a.id.slice(0, 6)}` }));
    await makeMembership(t, orgs[0].id, a.id, { packages: ['base-payroll'], modules: [{ key: 'crm', admin: true }] });
    const m1 = await makeMembership(t, orgs[1].id, a.id, { modules: [{ key: 'cases' }] });
    await makeMembership(t, orgs[2].id, a.id, { status: 'inactive', modules: [{ key: 'cases' }] });
    const role = await op.post(`/api/v1/orgs/${orgs[1].id}/users/${m1.id}/role-assignments`, { scope: 'org', roles: ['org-viewer'] });
    expect(role.status).toBe(200);

    const p1 = await op.get(`/api/v1/accounts/${a.id}/access?limit=2`);
    expect(p1.status).toBe(200);
    expect(p1.body.total).toBe(3);
    expect(p1.body.items).toMatchObject([
      { orgId: orgs[0].id, orgName: orgs[0].name, type: 'employee', status: 'active', modules: ['payroll', 'crm'], roles: [], reason: null },
      { orgId: orgs[1].id, modules: ['cases'], roles: [{ scope: 'org', targetId: orgs[1].id, role: 'org-viewer' }], reason: null },
    ]);
    expect(p1.body.nextCursor).toBeTypeOf('string');
    const p2 = await op.get(`/api/v1/accounts/${a.id}/access?limit=2&cursor=${p1.body.nextCursor}`);
    expect(p2.body.items).toMatchObject([{ orgId: orgs[2].id, status: 'inactive', modules: [], roles: [], reason: 'inactive' }]);
    expect(p2.body.nextCursor).toBeNull();

    // The account itself may read its own access; another account may not; anonymous is 401; unknown account 404.
    const self = t.client();
    await self.login(a.email, a.password);
    expect((await self.get(`/api/v1/accounts/${a.id}/access`)).status).toBe(200);
    const { api: admin } = await makeOrgAdmin(t, orgs[0].id);
    expect((await admin.get(`/api/v1/accounts/${a.id}/access`)).status).toBe(403);
    expect((await t.client().get(`/api/v1/accounts/${a.id}/access`)).status).toBe(401);
    expect((await op.get('/api/v1/accounts/00000000-0000-4000-8000-000000000001/access')).status).toBe(404);
    expect((await op.get(`/api/v1/accounts/${a.id}/access?cursor=forged`)).status).toBe(400);
  });
});

// Last: it moves the clock forward two days.
describe('R-L1 R-L4 validity windows', () => {
  it('R-L1 R-L4 validity windows need no event: the answer changes when the day passes', async () => {
    const a = await makeAccount(t, { homeOrgId: org.id });
    await makeMembership(t, org.id, a.id, { type: 'external', modules: [{ key: 'crm' }], validUntil: day(1) });
    expect((await ask(op, a.id, org.id, 'crm')).body).toMatchObject({ allowed: true, reason: 'granted' });
    t.clock.advance(2 * DAY);
    // Sessions last hours: sign in again on the new day.
    op = await t.operator();
    expect((await ask(op, a.id, org.id, 'crm')).body).toMatchObject({ allowed: false, reason: 'expired' });
  });
});
