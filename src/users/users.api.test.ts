import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeMembership, makeOrg, makeOrgAdmin } from '../../test/factories.js';
import type { ApiClient } from '../../test/http-client.js';
import { mailsTo, tokenIn } from '../../test/mailbox.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

let n = 0;
const email = (p = 'u') => `${p}-${Date.now().toString(36)}-${n++}@test.nyckel`;
const users = (orgId: string) => `/api/v1/orgs/${orgId}/users`;

async function setup() {
  const op = await t.operator();
  const org = await makeOrg(op);
  const { api: admin, account } = await makeOrgAdmin(t, org.id);
  return { op, org, admin, adminAccount: account };
}

async function add(api: ApiClient, orgId: string, body: Record<string, unknown>) {
  const r = await api.post(users(orgId), body);
  if (r.status !== 201) throw new Error(`add user: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

async function acceptInvitation(address: string, password = 'invited-password-1') {
  const [mail] = await mailsTo(t, address);
  const r = await t.client().post('/api/v1/auth/accept-invitation', { token: tokenIn(mail.text, 'accept-invitation'), password });
  expect(r.status).toBe(204);
  return password;
}

const runExpiryJob = async (orgId: string, membershipId: string, admin: ApiClient) => {
  await t.nyckel.deps.jobs.send('users.expire', {});
  for (let i = 0; i < 60; i++) {
    const u = await admin.get(`${users(orgId)}/${membershipId}`);
    if (u.body.status === 'expired') return u.body;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('expiry job did not run');
};

describe('R-C1 add a user of any type', () => {
  it('R-C1 adds an employee with a package and individual modules; effective modules are their union', async () => {
    const { org, admin } = await setup();
    const u = await add(admin, org.id, {
      type: 'employee',
      email: email(),
      firstName: 'Eva',
      lastName: 'Ek',
      phone: '+46 70 123',
      packages: ['base-accounting'],
      modules: [{ key: 'payroll' }, { key: 'accounting' }],
    });
    expect(u).toMatchObject({
      type: 'employee',
      status: 'invited',
      home: 'own',
      firstName: 'Eva',
      lastName: 'Ek',
      phone: '+46 70 123',
      packages: ['base-accounting'],
    });
    expect(u.modules).toEqual([
      { key: 'accounting', admin: false },
      { key: 'payroll', admin: false },
    ]);
    expect(u.effectiveModules).toEqual(['accounting', 'invoicing', 'payroll', 'bank']);
    expect(u.homeOrg).toEqual({ id: org.id, name: org.name });
  });

  it('R-C1 the e-mail lookup fills in names of an existing account — for administrators only', async () => {
    const { op, org, admin } = await setup();
    const existing = await makeAccount(t);
    const look = await admin.get(`/api/v1/accounts/lookup?email=${encodeURIComponent(existing.email.toUpperCase())}`);
    expect(look.status).toBe(200);
    expect(look.body.found).toBe(true);
    expect(look.body.account.lastName).toMatch(/^User /);
    expect((await admin.get('/api/v1/accounts/lookup?email=nobody%40x.test')).body).toEqual({ found: false, account: null, alreadyMember: null });
    expect((await t.client().get(`/api/v1/accounts/lookup?email=${existing.email}`)).status).toBe(401);
    const plain = await makeAccount(t);
    await makeMembership(t, org.id, plain.id, { packages: ['base-crm'] });
    const plainApi = t.client();
    await plainApi.login(plain.email, plain.password);
    expect((await plainApi.get(`/api/v1/accounts/lookup?email=${existing.email}`)).status).toBe(403);
    // Adding by e-mail alone takes the names from the account.
    const u = await add(admin, org.id, { type: 'employee', email: existing.email, packages: ['base-crm'] });
    expect(u.firstName).toBe('Test');
    expect(u.lastName).toBe(look.body.account.lastName);
    expect(u.status).toBe('active');
    expect(u.accountId).toBe(existing.id);
    void op;
  });

  it('R-C1 requires e-mail, first and last name (not for a person), each named', async () => {
    const { org, admin } = await setup();
    const r = await admin.post(users(org.id), { type: 'employee' });
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e: any) => e.path)).toEqual(['email']);
    const r2 = await admin.post(users(org.id), { type: 'employee', email: email() });
    expect(r2.body.errors.map((e: any) => e.path).sort()).toEqual(['firstName', 'lastName']);
    const unknown = await admin.post(users(org.id), {
      type: 'employee',
      email: email(),
      firstName: 'A',
      lastName: 'B',
      packages: ['gold'],
      modules: [{ key: 'teleport' }],
    });
    expect(unknown.body.errors.map((e: any) => e.path).sort()).toEqual(['modules.0.key', 'packages.0']);
  });

  it('R-C1 an account already in the organisation is a 409, not a second membership', async () => {
    const { org, admin } = await setup();
    const address = email();
    await add(admin, org.id, { type: 'employee', email: address, firstName: 'A', lastName: 'B' });
    const again = await admin.post(users(org.id), { type: 'no_access', email: address.toUpperCase() });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('already_member');
  });
});

describe('R-C2 invitations and notices', () => {
  it('R-C2 a new account gets a set-password link; accepting makes the user active and able to sign in', async () => {
    const { org, admin } = await setup();
    const address = email();
    const u = await add(admin, org.id, { type: 'employee', email: address, firstName: 'Ina', lastName: 'Vite', packages: ['base-payroll'], language: 'sv' });
    const [mail] = await mailsTo(t, address);
    expect(mail.subject).toContain(org.name);
    expect(mail.text).toContain('Hej Ina');
    const password = await acceptInvitation(address);
    expect((await admin.get(`${users(org.id)}/${u.id}`)).body.status).toBe('active');
    const me = t.client();
    await me.login(address, password);
    expect((await me.get('/api/v1/me')).body.organisations.map((o: any) => o.id)).toEqual([org.id]);
  });

  it('R-C2 an existing account is told of its new access, without a password link', async () => {
    const { org, admin } = await setup();
    const existing = await makeAccount(t);
    await add(admin, org.id, { type: 'no_access', email: existing.email });
    const [mail] = await mailsTo(t, existing.email);
    expect(mail.text).not.toContain('accept-invitation');
    expect(mail.text).toContain(org.name);
  });

  it('R-C2 a person without user gets no mail', async () => {
    const { org, admin } = await setup();
    const address = email('person');
    const p = await add(admin, org.id, { type: 'person', email: address, firstName: 'Pia', lastName: 'Person' });
    expect(p).toMatchObject({ type: 'person', accountId: null, effectiveModules: [] });
    expect(await mailsTo(t, address)).toHaveLength(0);
  });
});

describe('R-C3 reseller users', () => {
  it("R-C3 only active employees of the client's agency are eligible, with accountant/auditor and agency modules", async () => {
    const op = await t.operator();
    const agency = await makeOrg(op, { kind: 'agency', country: 'SE' });
    const client = await makeOrg(op, { country: 'SE', agencyId: agency.id });
    const { api: admin } = await makeOrgAdmin(t, client.id);
    const consultant = await makeAccount(t, { homeOrgId: agency.id });
    await makeMembership(t, agency.id, consultant.id, { packages: ['agency'] });
    const outsider = await makeAccount(t);

    const notEligible = await admin.post(users(client.id), { type: 'reseller', email: outsider.email, resellerRole: 'accountant' });
    expect(notEligible.status).toBe(422);
    expect(notEligible.body.code).toBe('not_eligible');
    expect((await admin.post(users(client.id), { type: 'reseller', email: consultant.email })).body.errors).toEqual([
      { path: 'resellerRole', code: 'required', message: expect.any(String) },
    ]);
    const badGrants = await admin.post(users(client.id), {
      type: 'reseller',
      email: consultant.email,
      resellerRole: 'auditor',
      packages: ['base-crm'],
      modules: [{ key: 'crm' }],
    });
    expect(badGrants.body.errors.map((e: any) => e.path).sort()).toEqual(['modules.0.key', 'packages.0']);

    const r = await add(admin, client.id, {
      type: 'reseller',
      email: consultant.email,
      resellerRole: 'accountant',
      packages: ['agency'],
      modules: [{ key: 'bank' }, { key: 'user-admin' }],
    });
    expect(r).toMatchObject({ type: 'reseller', resellerRole: 'accountant', home: 'partner', homeOrg: { id: agency.id } });
    expect(r.effectiveModules).toEqual(['accounting', 'invoicing', 'payroll', 'bank', 'user-admin']);

    // An inactive agency employee is no longer eligible.
    const former = await makeAccount(t, { homeOrgId: agency.id });
    await makeMembership(t, agency.id, former.id, { status: 'inactive', packages: ['agency'] });
    expect((await admin.post(users(client.id), { type: 'reseller', email: former.email, resellerRole: 'auditor' })).body.code).toBe('not_eligible');
  });
});

describe('R-C4 external users', () => {
  it('R-C4 need validUntil, and after it are blocked by the scheduled job: expired, no access, no seat', async () => {
    const { org, admin: firstSession, adminAccount } = await setup();
    let admin = firstSession;
    expect((await admin.post(users(org.id), { type: 'external', email: email(), firstName: 'E', lastName: 'X', packages: ['base-crm'] })).body.errors).toEqual([
      { path: 'validUntil', code: 'required', message: expect.any(String) },
    ]);
    const tomorrow = new Date(t.clock.now().getTime() + 24 * 3600_000).toISOString().slice(0, 10);
    const ext = await makeAccount(t, { homeOrgId: org.id });
    const u = await add(admin, org.id, { type: 'external', email: ext.email, packages: ['base-crm'], validUntil: tomorrow });
    expect(u.effectiveModules).toEqual(['crm', 'projects', 'timesheets']);
    const crmBefore = (await admin.get(`/api/v1/orgs/${org.id}/licenses`)).body.modules.find((m: any) => m.module === 'crm').inUse;
    const externalApi = t.client();
    await externalApi.login(ext.email, ext.password);
    expect((await externalApi.get(`/api/v1/orgs/${org.id}`)).status).toBe(200);

    t.clock.advance(2 * 24 * 3600_000);
    try {
      // Two days on, the sessions of before have expired too: sign in again.
      admin = t.client();
      await admin.login(adminAccount.email, adminAccount.password);
      const expired = await runExpiryJob(org.id, u.id, admin);
      expect(expired.effectiveModules).toEqual([]);
      expect(expired.packages).toEqual(['base-crm']);
      const crmAfter = (await admin.get(`/api/v1/orgs/${org.id}/licenses`)).body.modules.find((m: any) => m.module === 'crm').inUse;
      expect(crmAfter).toBe(crmBefore - 1);
      // R-G2: an expired member whose only access this was can no longer sign in.
      const refused = await t.client().post('/api/v1/auth/login', { email: ext.email, password: ext.password });
      expect(refused.body.code).toBe('sign_in_refused');
      const audit = await admin.get(`/api/v1/orgs/${org.id}/audit?action=user.expired`);
      expect(audit.body.items[0].targetId).toBe(u.id);
    } finally {
      t.clock.advance(-2 * 24 * 3600_000);
    }
  });
});

describe('R-C5 user without system access, person without user', () => {
  it('R-C5 no_access signs in and reaches only its own profile; holds no packages', async () => {
    const { org, admin } = await setup();
    expect((await admin.post(users(org.id), { type: 'no_access', email: email(), firstName: 'N', lastName: 'A', packages: ['base-crm'] })).status).toBe(400);
    const acc = await makeAccount(t, { homeOrgId: org.id });
    const u = await add(admin, org.id, { type: 'no_access', email: acc.email });
    expect(u.effectiveModules).toEqual([]);
    const api = t.client();
    await api.login(acc.email, acc.password);
    expect((await api.get('/api/v1/me')).status).toBe(200);
    expect((await api.get(`${users(org.id)}/${u.id}`)).body.id).toBe(u.id);
    expect((await api.get(users(org.id))).status).toBe(403);
    expect((await api.get(`/api/v1/orgs/${org.id}/licenses`)).status).toBe(403);
  });
});

describe('R-C6 change a user', () => {
  it('R-C6 edits details, packages, modules and validity in one change, audited with before and after', async () => {
    const { org, admin } = await setup();
    const u = await add(admin, org.id, { type: 'employee', email: email(), firstName: 'Carl', lastName: 'Change', packages: ['base-accounting'] });
    const r = await admin.patch(`${users(org.id)}/${u.id}`, {
      firstName: 'Karl',
      jobTitle: 'Controller',
      packages: ['base-payroll'],
      modules: [{ key: 'crm', admin: true }],
      type: 'external',
      validUntil: '2099-12-31',
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      firstName: 'Karl',
      jobTitle: 'Controller',
      type: 'external',
      validUntil: '2099-12-31',
      packages: ['base-payroll'],
      modules: [{ key: 'crm', admin: true }],
    });
    expect(r.body.effectiveModules).toEqual(['payroll', 'crm']);
    const audit = (await admin.get(`/api/v1/orgs/${org.id}/audit?action=user.updated`)).body.items[0];
    expect(audit.before.packages).toEqual(['base-accounting']);
    expect(audit.after.packages).toEqual(['base-payroll']);
    expect((await admin.get(`${users(org.id)}?lastName=change`)).body.items[0].firstName).toBe('Karl');
  });
});

describe('R-C7 R-C8 R-C9 R-C10 lifecycle', () => {
  it('R-C7 remove access: grants and roles go, the user becomes no_access and can still sign in', async () => {
    const { org, admin } = await setup();
    const acc = await makeAccount(t, { homeOrgId: org.id });
    const u = await add(admin, org.id, { type: 'employee', email: acc.email, packages: ['base-accounting'] });
    const r = await admin.post(`${users(org.id)}/${u.id}/remove-access`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ type: 'no_access', packages: [], modules: [], effectiveModules: [], roles: [] });
    await t.client().login(acc.email, acc.password);
  });

  it('R-C8 deactivate: an own user cannot sign in anywhere, grants stay dormant, no seats; shown under inactive', async () => {
    const { org, admin } = await setup();
    const acc = await makeAccount(t, { homeOrgId: org.id });
    const u = await add(admin, org.id, { type: 'employee', email: acc.email, packages: ['case-management'] });
    const session = t.client();
    await session.login(acc.email, acc.password);
    const before = (await admin.get(`/api/v1/orgs/${org.id}/licenses`)).body.modules.find((m: any) => m.module === 'cases');
    const r = await admin.post(`${users(org.id)}/${u.id}/deactivate`);
    expect(r.body).toMatchObject({ status: 'inactive', packages: ['case-management'], effectiveModules: [] });
    const after = (await admin.get(`/api/v1/orgs/${org.id}/licenses`)).body.modules.find((m: any) => m.module === 'cases');
    expect(after.inUse).toBe(before.inUse - 1);
    expect(after.seats).toBe(before.seats);
    expect((await session.get('/api/v1/me')).status).toBe(401);
    expect((await t.client().post('/api/v1/auth/login', { email: acc.email, password: acc.password })).body.code).toBe('sign_in_refused');
    expect((await admin.get(`${users(org.id)}?view=inactive`)).body.items.map((x: any) => x.id)).toEqual([u.id]);
    expect((await admin.get(users(org.id))).body.items.map((x: any) => x.id)).not.toContain(u.id);
  });

  it('R-C8 deactivating a partner user closes this organisation only; the account still signs in elsewhere', async () => {
    const { op, org, admin } = await setup();
    const home = await makeOrg(op);
    const acc = await makeAccount(t, { homeOrgId: home.id });
    await makeMembership(t, home.id, acc.id, { packages: ['base-crm'] });
    const u = await add(admin, org.id, { type: 'employee', email: acc.email, packages: ['base-crm'] });
    expect(u.home).toBe('partner');
    await admin.post(`${users(org.id)}/${u.id}/deactivate`);
    const api = t.client();
    await api.login(acc.email, acc.password);
    expect((await api.get(`/api/v1/orgs/${org.id}`)).status).toBe(404);
    expect((await api.get(`/api/v1/orgs/${home.id}`)).status).toBe(200);
  });

  it('R-C9 reactivate restores the grants, mails a set-password link, and is refused whole when seats do not suffice', async () => {
    const op = await t.operator();
    const org = await makeOrg(op, { seats: { cases: 1, documents: 1 } });
    const { api: admin } = await makeOrgAdmin(t, org.id);
    const first = await add(admin, org.id, { type: 'employee', email: email(), firstName: 'F', lastName: 'One', packages: ['case-management'] });
    await admin.post(`${users(org.id)}/${first.id}/deactivate`);
    const second = await add(admin, org.id, { type: 'employee', email: email(), firstName: 'S', lastName: 'Two', modules: [{ key: 'cases' }] });
    const refused = await admin.post(`${users(org.id)}/${first.id}/reactivate`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('license_limit_reached');
    expect(refused.body.modules).toEqual([{ module: 'cases', seats: 1, inUse: 1, needed: 1 }]);
    expect((await admin.get(`${users(org.id)}/${first.id}`)).body.status).toBe('inactive');

    await admin.delete(`${users(org.id)}/${second.id}`);
    const ok = await admin.post(`${users(org.id)}/${first.id}/reactivate`);
    expect(ok.status).toBe(200);
    // Never accepted its first invitation, so it comes back invited, with a fresh set-password link.
    expect(ok.body).toMatchObject({ status: 'invited', packages: ['case-management'], effectiveModules: ['cases', 'documents'] });
    const mails = await mailsTo(t, first.email);
    expect(mails[0].text).toContain('accept-invitation?token=');
    await acceptInvitation(first.email);
    expect((await admin.get(`${users(org.id)}/${first.id}`)).body.status).toBe('active');
  });

  it('R-C10 remove roles clears every dormant grant of an inactive user at once; refused on an active user', async () => {
    const { org, admin } = await setup();
    const u = await add(admin, org.id, {
      type: 'employee',
      email: email(),
      firstName: 'R',
      lastName: 'Roles',
      packages: ['base-crm'],
      modules: [{ key: 'bank' }],
    });
    const active = await admin.post(`${users(org.id)}/${u.id}/remove-roles`);
    expect(active.status).toBe(409);
    expect(active.body.code).toBe('not_inactive');
    await admin.post(`${users(org.id)}/${u.id}/deactivate`);
    const r = await admin.post(`${users(org.id)}/${u.id}/remove-roles`);
    expect(r.body).toMatchObject({ status: 'inactive', packages: [], modules: [], roles: [] });
  });
});

describe('R-C11 delete', () => {
  it('R-C11 the membership goes, the account remains and can be added again; history keeps the name', async () => {
    const { org, admin } = await setup();
    const acc = await makeAccount(t, { homeOrgId: org.id });
    const u = await add(admin, org.id, { type: 'employee', email: acc.email, firstName: 'Dora', lastName: 'Deleted', packages: ['base-crm'] });
    expect((await admin.delete(`${users(org.id)}/${u.id}`)).status).toBe(204);
    expect((await admin.get(`${users(org.id)}/${u.id}`)).status).toBe(404);
    await t.client().login(acc.email, acc.password);
    const audit = (await admin.get(`/api/v1/orgs/${org.id}/audit?action=user.deleted`)).body.items[0];
    expect(audit.before).toMatchObject({ firstName: 'Dora', lastName: 'Deleted' });
    const person = await t.database.db
      .selectFrom('persons')
      .select(['first_name', 'last_name'])
      .where('org_id', '=', org.id)
      .where('id', '=', u.personId)
      .executeTakeFirst();
    expect(person).toEqual({ first_name: 'Dora', last_name: 'Deleted' });
    const again = await add(admin, org.id, { type: 'employee', email: acc.email, packages: ['base-crm'] });
    expect(again.accountId).toBe(acc.id);
  });
});

describe('R-C12 R-C13 invitations again and password resets', () => {
  it('R-C12 resends an invitation with a personal message; the previous link stops working', async () => {
    const { org, admin } = await setup();
    const address = email();
    const u = await add(admin, org.id, { type: 'employee', email: address, firstName: 'Re', lastName: 'Send' });
    const oldToken = tokenIn((await mailsTo(t, address))[0].text, 'accept-invitation');
    expect((await admin.post(`${users(org.id)}/${u.id}/resend-invitation`, { message: 'Välkommen <b>hit</b>!' })).status).toBe(204);
    const [latest] = await mailsTo(t, address);
    expect(latest.text).toContain('Välkommen <b>hit</b>!');
    expect(latest.html).toContain('Välkommen &lt;b&gt;hit&lt;/b&gt;!');
    expect((await t.client().post('/api/v1/auth/accept-invitation', { token: oldToken, password: 'some-password-1' })).body.code).toBe('invalid_token');
    expect(
      (await t.client().post('/api/v1/auth/accept-invitation', { token: tokenIn(latest.text, 'accept-invitation'), password: 'some-password-1' })).status,
    ).toBe(204);
    const accepted = await admin.post(`${users(org.id)}/${u.id}/resend-invitation`, {});
    expect(accepted.status).toBe(409);
    expect(accepted.body.code).toBe('not_invited');
  });

  it('R-C13 an administrator sends a reset link to an own user, not to a partner', async () => {
    const { op, org, admin } = await setup();
    const own = await makeAccount(t, { homeOrgId: org.id });
    const u = await add(admin, org.id, { type: 'no_access', email: own.email });
    expect((await admin.post(`${users(org.id)}/${u.id}/send-password-reset`)).status).toBe(204);
    expect((await mailsTo(t, own.email))[0].text).toContain('reset-password?token=');
    const home = await makeOrg(op);
    const partner = await makeAccount(t, { homeOrgId: home.id });
    const p = await add(admin, org.id, { type: 'no_access', email: partner.email });
    expect((await admin.post(`${users(org.id)}/${p.id}/send-password-reset`)).status).toBe(403);
  });
});

describe('R-J2 no escalation, R-J1 isolation', () => {
  it('R-J2 a program administrator grants only the modules it administers, and no lifecycle actions', async () => {
    const { org, admin } = await setup();
    const pa = await makeAccount(t, { homeOrgId: org.id });
    await makeMembership(t, org.id, pa.id, { modules: [{ key: 'payroll', admin: true }] });
    const api = t.client();
    await api.login(pa.email, pa.password);
    const ok = await api.post(users(org.id), { type: 'employee', email: email(), firstName: 'P', lastName: 'Ay', modules: [{ key: 'payroll' }] });
    expect(ok.status).toBe(201);
    for (const grants of [{ modules: [{ key: 'accounting' }] }, { packages: ['base-accounting'] }, { modules: [{ key: 'user-admin' }] }, {}]) {
      const r = await api.post(users(org.id), { type: 'employee', email: email(), firstName: 'P', lastName: 'No', ...grants });
      expect(r.status).toBe(403);
      expect(r.body.code).toBe('forbidden');
    }
    const other = await add(admin, org.id, { type: 'employee', email: email(), firstName: 'O', lastName: 'Ther', packages: ['base-accounting'] });
    expect((await api.patch(`${users(org.id)}/${other.id}`, { modules: [{ key: 'payroll' }] })).status).toBe(200);
    expect((await api.patch(`${users(org.id)}/${other.id}`, { packages: [] })).status).toBe(403);
    expect((await api.patch(`${users(org.id)}/${other.id}`, { firstName: 'Renamed' })).status).toBe(403);
    expect((await api.post(`${users(org.id)}/${other.id}/deactivate`)).status).toBe(403);
    expect((await api.delete(`${users(org.id)}/${other.id}`)).status).toBe(403);
    expect((await admin.get(`${users(org.id)}/${other.id}`)).body.packages).toEqual(['base-accounting']);
  });

  it('R-J1 every user endpoint answers 404 for another organisation and 403 for a plain member', async () => {
    const { op, org, admin } = await setup();
    const u = await add(admin, org.id, { type: 'employee', email: email(), firstName: 'I', lastName: 'So' });
    const otherOrg = await makeOrg(op);
    const { api: stranger } = await makeOrgAdmin(t, otherOrg.id);
    const plainAcc = await makeAccount(t, { homeOrgId: org.id });
    await makeMembership(t, org.id, plainAcc.id, { packages: ['base-crm'] });
    const plain = t.client();
    await plain.login(plainAcc.email, plainAcc.password);
    const calls: [string, string, unknown?][] = [
      ['GET', users(org.id)],
      ['GET', `${users(org.id)}.xlsx`],
      ['POST', users(org.id), { type: 'person', firstName: 'X', lastName: 'Y' }],
      ['GET', `${users(org.id)}/${u.id}`],
      ['PATCH', `${users(org.id)}/${u.id}`, { firstName: 'Z' }],
      ['DELETE', `${users(org.id)}/${u.id}`],
      ...['remove-access', 'deactivate', 'reactivate', 'remove-roles', 'send-password-reset'].map(
        (a) => ['POST', `${users(org.id)}/${u.id}/${a}`, {}] as [string, string, unknown],
      ),
      ['POST', `${users(org.id)}/${u.id}/resend-invitation`, {}],
      ['GET', `/api/v1/orgs/${org.id}/licenses`],
      ['POST', `/api/v1/orgs/${org.id}/license-orders`, { seats: { crm: 1 } }],
    ];
    for (const [method, path, body] of calls) {
      expect([method, path, (await stranger.request(method, path, body)).status]).toEqual([method, path, 404]);
      const status = (await plain.request(method, path, body)).status;
      expect([method, path, status]).toEqual([method, path, 403]);
    }
    expect((await admin.get(`${users(org.id)}/${u.id}`)).body.firstName).toBe('I');
  });
});

describe('R-C15 e-mail settings', () => {
  it('R-C15 are chosen at creation and changeable by the user on its own profile', async () => {
    const { org, admin } = await setup();
    const address = email();
    await add(admin, org.id, {
      type: 'employee',
      email: address,
      firstName: 'Em',
      lastName: 'Ail',
      emailSettings: { accessNotices: false, productNews: true },
    });
    const password = await acceptInvitation(address);
    const me = t.client();
    await me.login(address, password);
    expect((await me.get('/api/v1/me')).body.emailSettings).toEqual({ accessNotices: false, productNews: true });
    const changed = await me.patch('/api/v1/me', { emailSettings: { accessNotices: true, productNews: false } });
    expect(changed.status).toBe(200);
    expect(changed.body.emailSettings).toEqual({ accessNotices: true, productNews: false });
    expect((await me.get('/api/v1/me')).body.emailSettings).toEqual({ accessNotices: true, productNews: false });
    expect((await me.patch('/api/v1/me', { emailSettings: { accessNotices: 'yes' } })).status).toBe(400);
  });
});

describe('R-C4 an external user whose end date has passed', () => {
  it('R-C4 is refused at creation (400 naming validUntil) unless recorded as historic, which creates it expired and sends no mail', async () => {
    const { org, admin } = await setup();
    const yesterday = new Date(t.clock.now().getTime() - 86_400_000).toISOString().slice(0, 10);
    const address = email('past');
    const body = { type: 'external', email: address, firstName: 'Past', lastName: 'External', validUntil: yesterday, packages: ['base-crm'] };
    const refused = await admin.post(users(org.id), body);
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('validation_failed');
    expect(refused.body.errors).toContainEqual(expect.objectContaining({ path: 'validUntil', code: 'in_past' }));
    expect((await admin.get(`${users(org.id)}?q=${encodeURIComponent(address)}`)).body.total).toBe(0);

    const notPast = await admin.post(users(org.id), { ...body, validUntil: '2999-01-01', historic: true });
    expect(notPast.body.errors).toContainEqual(expect.objectContaining({ path: 'historic', code: 'not_historic' }));

    const historic = await admin.post(users(org.id), { ...body, historic: true });
    expect(historic.status).toBe(201);
    expect(historic.body.status).toBe('expired');
    expect(historic.body.effectiveModules).toEqual([]);
    expect(await mailsTo(t, address)).toEqual([]);
  });
});

describe('R-C11 R-C12 links die with the access they were for', () => {
  const linkStatus = (token: string, purpose = 'invitation') => t.client().post('/api/v1/auth/link-status', { token, purpose });
  const invitationToken = async (address: string) => tokenIn((await mailsTo(t, address))[0].text, 'accept-invitation');

  it('R-C11 deleting or deactivating an invited user withdraws the invitation: the page says so at once and it sets no password', async () => {
    const { org, admin } = await setup();
    for (const end of ['delete', 'deactivate'] as const) {
      const address = email(end);
      const u = await add(admin, org.id, { type: 'employee', email: address, firstName: 'Gone', lastName: 'Soon', packages: ['base-crm'] });
      const token = await invitationToken(address);
      expect((await linkStatus(token)).body).toEqual({ state: 'valid', email: address });
      if (end === 'delete') expect((await admin.delete(`${users(org.id)}/${u.id}`)).status).toBe(204);
      else expect((await admin.post(`${users(org.id)}/${u.id}/deactivate`)).status).toBe(200);
      expect((await linkStatus(token)).body).toEqual({ state: 'withdrawn', email: null });
      const accept = await t.client().post('/api/v1/auth/accept-invitation', { token, password: 'too-late-password-1' });
      expect(accept.status).toBe(400);
      expect(accept.body.code).toBe('invalid_token');
      expect((await t.client().post('/api/v1/auth/login', { email: address, password: 'too-late-password-1' })).status).toBe(401);
    }
  });

  it('R-C11 an account that still has access elsewhere keeps its link; the expiry job withdraws it when the last access ends', async () => {
    const { org, admin } = await setup();
    const other = await makeOrg(await t.operator());
    const { api: otherAdmin, account: otherAccount } = await makeOrgAdmin(t, other.id);
    const address = email('two');
    const soon = new Date(t.clock.now().getTime() + 86_400_000).toISOString().slice(0, 10);
    const here = await add(admin, org.id, { type: 'employee', email: address, firstName: 'Two', lastName: 'Places', packages: ['base-crm'] });
    const there = await add(otherAdmin, other.id, { type: 'external', email: address, validUntil: soon, packages: ['base-crm'] });
    const token = await invitationToken(address); // the newest: a second invitation ends the first (R-C12)
    expect((await admin.delete(`${users(org.id)}/${here.id}`)).status).toBe(204);
    expect((await linkStatus(token)).body.state).toBe('valid');
    t.clock.advance(2 * 86_400_000);
    await otherAdmin.login(otherAccount.email, otherAccount.password); // two days later: a new session
    await runExpiryJob(other.id, there.id, otherAdmin);
    expect((await linkStatus(token)).body.state).toBe('withdrawn');
  });

  it('R-C12 the page tells a used, an expired and an unknown link apart', async () => {
    const { org, admin } = await setup();
    const used = email('used');
    await add(admin, org.id, { type: 'employee', email: used, firstName: 'U', lastName: 'Sed', packages: ['base-crm'] });
    const usedToken = await invitationToken(used);
    await acceptInvitation(used);
    expect((await linkStatus(usedToken)).body).toEqual({ state: 'used', email: null });
    const late = email('late');
    await add(admin, org.id, { type: 'employee', email: late, firstName: 'L', lastName: 'Ate', packages: ['base-crm'] });
    const lateToken = await invitationToken(late);
    expect((await linkStatus(lateToken, 'reset')).body.state).toBe('unknown');
    t.clock.advance(8 * 86_400_000);
    expect((await linkStatus(lateToken)).body.state).toBe('expired');
    expect((await linkStatus('x'.repeat(43))).body.state).toBe('unknown');
    expect((await t.client().post('/api/v1/auth/link-status', { token: usedToken, purpose: 'other' })).status).toBe(400);
  });
});
