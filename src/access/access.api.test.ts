import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeMembership, makeOrg, makeOrgAdmin } from '../../test/factories.js';
import { mailsTo, waitForMails } from '../../test/mailbox.js';
import { OPERATOR, startTestApp, type TestApp } from '../../test/test-app.js';
import { newId } from '../kernel/crypto.js';
import { resetOperator } from '../auth/service.js';
import { todayOf } from './effective.js';

/** Defects the scattered copies of the access rule and the rights caused (issue 15), each through the HTTP API. */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

let n = 0;
const DAY = 24 * 3600_000;

describe('R-D2 a renamed organisation', () => {
  it('R-D2 its partner users elsewhere show the new name and are found by it', async () => {
    const op = await t.operator();
    const home = await makeOrg(op, { name: `Home ${n++}` });
    const other = await makeOrg(op);
    const { api: homeAdmin } = await makeOrgAdmin(t, home.id);
    const { api: otherAdmin } = await makeOrgAdmin(t, other.id);
    const partner = await makeAccount(t, { homeOrgId: home.id });
    expect((await otherAdmin.post(`/api/v1/orgs/${other.id}/users`, { type: 'no_access', email: partner.email })).status).toBe(201);

    const newName = `Renamed Home ${n++}`;
    expect((await homeAdmin.patch(`/api/v1/orgs/${home.id}`, { name: newName })).status).toBe(200);
    const list = await otherAdmin.get(`/api/v1/orgs/${other.id}/users?view=partner`);
    expect(list.body.items.map((u: any) => u.homeOrg)).toEqual([{ id: home.id, name: newName }]);
    const found = await otherAdmin.get(`/api/v1/orgs/${other.id}/users?organization=${encodeURIComponent(newName.slice(0, 12))}`);
    expect(found.body.items.map((u: any) => u.accountId)).toEqual([partner.id]);
    // Its own users show the new name too.
    const own = await homeAdmin.get(`/api/v1/orgs/${home.id}/users?organization=${encodeURIComponent(newName)}`);
    expect(own.body.total).toBeGreaterThan(0);
  });
});

describe('R-C4 a membership that is not yet valid', () => {
  it('R-C4 neither opens the organisation nor lists it before validFrom; both do from validFrom on', async () => {
    const op = await t.operator();
    const org = await makeOrg(op);
    const { api: admin } = await makeOrgAdmin(t, org.id);
    const home = await makeOrg(op);
    const ext = await makeAccount(t, { homeOrgId: home.id });
    await makeMembership(t, home.id, ext.id, { type: 'no_access' });
    const today = todayOf(t.clock.now());
    const from = todayOf(new Date(t.clock.now().getTime() + 3 * DAY));
    const until = todayOf(new Date(t.clock.now().getTime() + 30 * DAY));
    const added = await admin.post(`/api/v1/orgs/${org.id}/users`, {
      type: 'external',
      email: ext.email,
      validFrom: from,
      validUntil: until,
      packages: ['base-crm'],
    });
    expect(added.status).toBe(201);
    expect(from > today).toBe(true);

    const api = t.client();
    await api.login(ext.email, ext.password);
    const listed = async () => {
      const me = await api.get('/api/v1/me');
      expect(me.status, JSON.stringify(me.body)).toBe(200);
      return me.body.organisations.map((o: any) => o.id).includes(org.id);
    };
    expect(await listed()).toBe(false);
    expect((await api.get(`/api/v1/orgs/${org.id}`)).status).toBe(404);
    expect((await api.get('/api/v1/orgs')).body.items.map((o: any) => o.id)).not.toContain(org.id);

    t.clock.advance(3 * DAY);
    try {
      await api.login(ext.email, ext.password); // the session of three days ago has expired
      expect(await listed()).toBe(true);
      expect((await api.get(`/api/v1/orgs/${org.id}`)).status).toBe(200);
      expect((await api.get('/api/v1/orgs')).body.items.map((o: any) => o.id)).toContain(org.id);
    } finally {
      t.clock.advance(-3 * DAY);
    }
  });
});

describe('R-J2 an organisation cannot lock out a platform operator', () => {
  it('R-J2 R-G2 adding the operator makes it a partner there: deactivation and a sign-in end date leave the operator signing in', async () => {
    const op = await t.operator();
    const org = await makeOrg(op);
    const { api: admin } = await makeOrgAdmin(t, org.id);
    const added = await admin.post(`/api/v1/orgs/${org.id}/users`, { type: 'no_access', email: OPERATOR.email });
    expect(added.status).toBe(201);
    expect(added.body.home).toBe('partner');

    const past = todayOf(new Date(t.clock.now().getTime() - DAY));
    const end = await admin.patch(`/api/v1/orgs/${org.id}/users/${added.body.id}`, { loginValidUntil: past });
    expect(end.status).toBe(403);
    expect((await admin.post(`/api/v1/orgs/${org.id}/users/${added.body.id}/deactivate`)).status).toBe(200);

    // The operator's session survives and it signs in afresh; its password can be reset.
    expect((await op.get('/api/v1/me')).status).toBe(200);
    const again = t.client();
    await again.login(OPERATOR.email, OPERATOR.password);
    expect((await again.get('/api/v1/me')).body.operator).toBe(true);
    const before = (await mailsTo(t, OPERATOR.email)).length;
    expect((await t.client().post('/api/v1/auth/forgot-password', { email: OPERATOR.email })).status).toBe(202);
    expect((await waitForMails(t, OPERATOR.email, before + 1)).length).toBe(before + 1);
  });

  it("R-J2 an operator whose home is an organisation is still not disabled by that organisation's administrator", async () => {
    const op = await t.operator();
    const org = await makeOrg(op);
    const { api: admin } = await makeOrgAdmin(t, org.id);
    const second = await makeAccount(t, { homeOrgId: org.id, operator: true });
    const m = await makeMembership(t, org.id, second.id, { type: 'no_access' });
    expect((await admin.post(`/api/v1/orgs/${org.id}/users/${m.id}/deactivate`)).status).toBe(200);
    const api = t.client();
    await api.login(second.email, second.password);
    expect((await api.get('/api/v1/me')).body.operator).toBe(true);
    // An operator may still end it.
    expect((await op.patch(`/api/v1/orgs/${org.id}/users/${m.id}`, { loginValidUntil: todayOf(new Date(t.clock.now().getTime() - DAY)) })).status).toBe(200);
    expect((await t.client().post('/api/v1/auth/login', { email: second.email, password: second.password })).status).toBe(403);
  });
});

describe('R-J2 npm run operator:reset', () => {
  it('R-J2 R-G2 re-enables a locked-out operator and gives a reset link that works', async () => {
    const locked = await makeAccount(t, { operator: true });
    await t.database.db.updateTable('accounts').set({ active: false, login_valid_until: '2020-01-01' }).where('id', '=', locked.id).execute();
    expect((await t.client().post('/api/v1/auth/login', { email: locked.email, password: locked.password })).status).toBe(403);

    let link: string;
    if (t.databaseUrl) {
      // On PostgreSQL the real command runs beside the server, as an operator would run it.
      const { stdout } = await promisify(execFile)('npx', ['tsx', 'scripts/operator-reset.ts', locked.email], {
        env: { ...process.env, DATABASE_URL: t.databaseUrl, NYCKEL_PUBLIC_URL: t.config.publicUrl },
        timeout: 100_000,
      });
      link = /(http\S+reset-password\?token=\S+)/.exec(stdout)![1];
    } else {
      link = await resetOperator(t.nyckel.deps, locked.email);
    }
    const token = decodeURIComponent(new URL(link).searchParams.get('token')!);
    expect((await t.client().post('/api/v1/auth/reset-password', { token, password: 'brand-new-password-1' })).status).toBe(204);
    const api = t.client();
    await api.login(locked.email, 'brand-new-password-1');
    expect((await api.get('/api/v1/me')).body.operator).toBe(true);
    await expect(resetOperator(t.nyckel.deps, 'nobody@test.nyckel')).rejects.toMatchObject({ code: 'not_found' });
  }, 120_000);
});

describe('R-G2 /me for a member of many organisations', () => {
  it('R-G2 pages its organisations instead of truncating: the total, and every one reachable by cursor', async () => {
    const account = await makeAccount(t);
    const db = t.database.db;
    const count = 130;
    const orgIds: string[] = [];
    for (let i = 0; i < count; i++) {
      const id = newId();
      orgIds.push(id);
      await db
        .insertInto('orgs')
        .values({
          id,
          name: `Many ${String(i).padStart(3, '0')} ${n}`,
          kind: 'client',
          country: 'FI',
          business_id: `M${n}-${i}`,
          default_language: 'fi',
          agency_id: null,
          contract_owner_account_id: null,
        })
        .execute();
      await makeMembership(t, id, account.id, { type: 'no_access' });
    }
    const api = t.client();
    await api.login(account.email, account.password);
    const me = (await api.get('/api/v1/me')).body;
    expect(me.organisationsTotal).toBe(count);
    const seen: string[] = me.organisations.map((o: any) => o.id);
    let cursor: string | null = me.organisationsNextCursor;
    expect(cursor).not.toBeNull();
    while (cursor) {
      const page = await api.get(`/api/v1/me/organisations?limit=50&cursor=${cursor}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((o: any) => o.id));
      cursor = page.body.nextCursor;
    }
    expect(new Set(seen)).toEqual(new Set(orgIds));
    expect(seen).toHaveLength(count);
  });
});

describe("R-J1 R-J2 the caller's standing in one organisation", () => {
  it('R-J1 R-J2 GET /me/organisations/{id} tells an administrator, a program administrator and a stranger apart', async () => {
    const op = await t.operator();
    const org = await makeOrg(op);
    const { api: admin } = await makeOrgAdmin(t, org.id);
    const pa = await makeAccount(t, { homeOrgId: org.id });
    await makeMembership(t, org.id, pa.id, { modules: [{ key: 'payroll', admin: true }] });
    const paApi = t.client();
    await paApi.login(pa.email, pa.password);
    const other = await makeOrg(op);
    const { api: stranger } = await makeOrgAdmin(t, other.id);
    const path = `/api/v1/me/organisations/${org.id}`;
    expect((await admin.get(path)).body).toMatchObject({ id: org.id, name: org.name, admin: true, member: true });
    expect((await paApi.get(path)).body).toMatchObject({ admin: false, programAdminOf: ['payroll'], member: true });
    expect((await stranger.get(path)).status).toBe(404);
    expect((await op.get(path)).body).toMatchObject({ admin: true, member: false });
  });
});

describe('R-J1 the rights of a request cost one statement', () => {
  it('R-J1 an org-scoped read makes the session lookup, one rights statement and its own read', async () => {
    const op = await t.operator();
    const agency = await makeOrg(op, { kind: 'agency' });
    const org = await makeOrg(op, { agencyId: agency.id });
    const { api: admin } = await makeOrgAdmin(t, org.id);
    const r = await admin.get(`/api/v1/orgs/${org.id}`);
    expect(r.status).toBe(200);
    // session (1) + standing: organisation, membership, grants and agency administration in one statement (1) + the organisation (1)
    expect(Number(r.headers.get('x-nyckel-queries'))).toBeLessThanOrEqual(3);
  });
});
