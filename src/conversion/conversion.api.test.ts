import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeMembership, makeOrg, makeOrgAdmin, nextBusinessId } from '../../test/factories.js';
import type { ApiClient } from '../../test/http-client.js';
import { mailsTo } from '../../test/mailbox.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';
import { sampleLegacyExport } from './legacy-sample.js';

let t: TestApp;
// A fresh database with every migration: slow on a loaded machine, so the hook gets more than the default minute.
beforeAll(async () => {
  t = await startTestApp();
}, 180_000);
afterAll(async () => {
  await t?.close();
});

let n = 0;
const domain = () => `conv${Date.now().toString(36)}${n++}.test.nyckel`;
const legacyExport = (input: { agencyId?: string; licenses?: Record<string, number> } = {}) => {
  const d = domain();
  return {
    d,
    body: sampleLegacyExport({
      org: { name: `Legacy ${d}`, country: 'SE', businessId: nextBusinessId('SE'), agencyId: input.agencyId ?? null },
      domain: d,
      licenses: input.licenses,
    }),
  };
};
const importLegacy = async (op: ApiClient, input: Parameters<typeof legacyExport>[0] = {}) => {
  const { d, body } = legacyExport(input);
  const r = await op.post('/api/v1/legacy-imports', body);
  expect(r.status).toBe(201);
  return { d, org: r.body.org as { id: string; name: string } };
};
/** A signed-in operator of its own (R-I7: each administrator has at most one conversion open). */
const freshOperator = async () => {
  const account = await makeAccount(t, { operator: true });
  const api = t.client();
  await api.login(account.email, account.password);
  return api;
};
/** An agency with an administrator (user-admin there), signed in. */
const makeAgencyAdmin = async (op: ApiClient) => {
  const agency = await makeOrg(op, { kind: 'agency' });
  const { api, account } = await makeOrgAdmin(t, agency.id);
  return { agency, api, account };
};
const resolveAll = async (api: ApiClient, orgId: string, d: string) => {
  const c = `/api/v1/orgs/${orgId}/conversion`;
  let r = await api.put(`${c}/conflicts/shared_login.L3`, {
    decisions: [
      { personKey: 'P3', becomes: 'user' },
      { personKey: 'P4', becomes: 'user', email: `david.holm@${d}` },
    ],
  });
  expect(r.status).toBe(200);
  r = await api.put(`${c}/conflicts/missing_email.P2`, { decisions: [{ personKey: 'P2', becomes: 'user', email: `bo.ek@${d}` }] });
  expect(r.status).toBe(200);
  r = await api.put(`${c}/conflicts/duplicate_email.P5`, {
    decisions: [
      { personKey: 'P5', becomes: 'user' },
      { personKey: 'P6', becomes: 'user', email: `fredrik.berg@${d}` },
    ],
  });
  expect(r.status).toBe(200);
  return r.body;
};

describe('R-I1 import a legacy customer', () => {
  it('R-I1 an operator imports an export: the organisation is legacy, under "must convert", with its license pools', async () => {
    const op = await t.operator();
    const { body } = legacyExport();
    const r = await op.post('/api/v1/legacy-imports', body);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ persons: 9, logins: 8, org: { permissionModel: 'legacy', name: body.org.name, kind: 'client' } });
    const list = await op.get(`/api/v1/orgs?mustConvert=true&q=${encodeURIComponent(body.org.name)}`);
    expect(list.body.items.map((o: any) => o.id)).toEqual([r.body.org.id]);
    const licenses = await op.get(`/api/v1/orgs/${r.body.org.id}/licenses`);
    expect(licenses.body.modules.find((m: any) => m.module === 'accounting')).toMatchObject({ seats: 10, inUse: 0 });
    const audit = await op.get(`/api/v1/orgs/${r.body.org.id}/audit`);
    expect(audit.body.items.map((e: any) => e.action)).toContain('conversion.legacy_imported');
  });

  it('R-I1 refuses a malformed export whole, listing every problem by path; nothing is created', async () => {
    const op = await t.operator();
    const { body } = legacyExport();
    body.org.businessId = '556677-0000';
    body.licenses = { ...body.licenses, telepathy: 3, bank: 2 };
    body.persons.push({ ...body.persons[0] });
    body.logins.push({ ...body.logins[0], key: 'L1' });
    body.logins[1].personKeys = ['P2', 'NOPE'];
    body.logins.push({ key: 'L99', username: 'orphan', kind: 'personal', email: null, rights: ['ACC'], personKeys: [] });
    const r = await op.post('/api/v1/legacy-imports', body);
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('validation_failed');
    const paths = r.body.errors.map((e: any) => `${e.path}:${e.code}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        'org.businessId:wrong_check_digit',
        'licenses.telepathy:unknown_module',
        'licenses.bank:not_licensed',
        'persons.9.key:duplicate_key',
        'logins.8.key:duplicate_key',
        'logins.1.personKeys.1:unknown_person',
        'logins.9.personKeys:required',
      ]),
    );
    const list = await op.get(`/api/v1/orgs?q=${encodeURIComponent(body.org.name)}`);
    expect(list.body.total).toBe(0);
    // Bad shapes are refused by the schema, also by path.
    const bad = await op.post('/api/v1/legacy-imports', { ...body, logins: [{ key: 'x y', username: '', kind: 'robot', rights: 'ACC', personKeys: [] }] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.path)).toEqual(expect.arrayContaining(['logins.0.key', 'logins.0.username', 'logins.0.kind', 'logins.0.rights']));
  });

  it('R-I1 only operators import', async () => {
    const op = await t.operator();
    const { api } = await makeAgencyAdmin(op);
    const r = await api.post('/api/v1/legacy-imports', legacyExport().body);
    expect(r.status).toBe(403);
    expect((await t.client().post('/api/v1/legacy-imports', legacyExport().body)).status).toBe(401);
  });
});

describe('R-I2 R-I3 R-I4 R-I5 the wizard: conflicts, deactivations, summary', () => {
  it('R-I3 R-I4 R-I5 proposes users from the rights map, lists one conflict of each kind, deactivations and warnings', async () => {
    const op = await freshOperator();
    const { org, d } = await importLegacy(op);
    const r = await op.post(`/api/v1/orgs/${org.id}/conversion`);
    expect(r.status).toBe(201);
    const v = r.body;
    expect(v).toMatchObject({ status: 'open', version: 1, orgId: org.id });
    expect(v.conflicts.map((c: any) => [c.id, c.kind, c.personKeys, c.resolution])).toEqual([
      ['shared_login.L3', 'shared_login', ['P3', 'P4'], null],
      ['missing_email.P2', 'missing_email', ['P2'], null],
      ['duplicate_email.P5', 'duplicate_email', ['P5', 'P6'], null],
    ]);
    expect(v.deactivations).toEqual([
      { loginKey: 'L7', username: 'greta', reason: 'no_rights' },
      { loginKey: 'L8', username: 'api-bank-sync', reason: 'integration' },
    ]);
    expect(v.warnings.map((w: any) => [w.code, w.loginKey])).toEqual([
      ['integration_stops', 'L8'],
      ['rights_not_mapped', 'L9'],
    ]);
    const user = (key: string) => v.users.find((u: any) => u.key === key);
    // SPEC §2: ACC+INV+BANK covers base-accounting, PAY base-payroll; TIME+PRJ without CRM stay single modules; ADMIN → user-admin.
    expect(user('P1')).toMatchObject({
      type: 'employee',
      email: `astrid.lind@${d}`,
      packages: ['base-accounting', 'base-payroll'],
      modules: [],
      fromLogins: ['L1'],
    });
    expect(user('P2')).toMatchObject({ type: 'employee', email: null, packages: [], pending: true });
    expect(user('P2').modules.map((m: any) => m.key)).toEqual(['projects', 'timesheets']);
    expect(user('P9').modules.map((m: any) => m.key)).toEqual(['accounting', 'user-admin']);
    expect([user('P7').type, user('P8').type]).toEqual(['person', 'person']);
    expect(v.counts).toMatchObject({ persons: 9, logins: 8, conflicts: 3, openConflicts: 3, users: 9 });
    expect(v.seats.find((s: any) => s.module === 'accounting')).toMatchObject({ seats: 10, needed: 3, short: 0 });
  });

  it('R-I2 the wizard step is kept on the server (a reload or another browser resumes there) without changing the version', async () => {
    const op = await freshOperator();
    const { org } = await importLegacy(op);
    const c = `/api/v1/orgs/${org.id}/conversion`;
    expect((await op.post(c)).body).toMatchObject({ step: 'instructions', version: 1 });
    const r = await op.patch(c, { step: 'deactivations' });
    expect(r.body).toMatchObject({ step: 'deactivations', version: 1 });
    expect((await op.get(c)).body.step).toBe('deactivations');
    expect((await op.patch(c, { step: 'somewhere' })).status).toBe(400);
  });

  it('R-I3 resolves each conflict on its own; a user needs an e-mail unique in the plan; every change bumps the version', async () => {
    const op = await freshOperator();
    const { org, d } = await importLegacy(op);
    const c = `/api/v1/orgs/${org.id}/conversion`;
    await op.post(c);
    // Every person of the conflict needs a decision.
    let r = await op.put(`${c}/conflicts/shared_login.L3`, { decisions: [{ personKey: 'P3', becomes: 'user' }] });
    expect(r.status).toBe(400);
    expect(r.body.errors[0]).toMatchObject({ path: 'decisions', code: 'required' });
    // A shared login's second person has no e-mail of its own.
    r = await op.put(`${c}/conflicts/shared_login.L3`, {
      decisions: [
        { personKey: 'P3', becomes: 'user' },
        { personKey: 'P4', becomes: 'user' },
      ],
    });
    expect(r.body.errors).toEqual([expect.objectContaining({ path: 'decisions.1.email', code: 'required' })]);
    // An e-mail another user of the plan has is taken.
    r = await op.put(`${c}/conflicts/missing_email.P2`, { decisions: [{ personKey: 'P2', becomes: 'user', email: `ASTRID.LIND@${d}` }] });
    expect(r.status).toBe(400);
    expect(r.body.errors[0]).toMatchObject({ path: 'decisions.0.email', code: 'taken' });
    r = await op.put(`${c}/conflicts/duplicate_email.P5`, {
      decisions: [
        { personKey: 'P5', becomes: 'user' },
        { personKey: 'P6', becomes: 'user' },
      ],
    });
    expect(r.body.errors[0]).toMatchObject({ code: 'taken' });
    expect((await op.put(`${c}/conflicts/nope`, { decisions: [{ personKey: 'P1', becomes: 'user' }] })).status).toBe(404);
    // Resolving: persons of the shared login become own users, the login-less one a person without user.
    r = await op.put(`${c}/conflicts/shared_login.L3`, {
      decisions: [
        { personKey: 'P3', becomes: 'user' },
        { personKey: 'P4', becomes: 'person' },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body.version).toBe(2);
    const byKey = (v: any, k: string) => v.users.find((u: any) => u.key === k);
    expect(byKey(r.body, 'P3')).toMatchObject({ type: 'employee', email: `cecilia.holm@${d}`, packages: ['base-crm'], fromLogins: ['L3'] });
    expect(byKey(r.body, 'P4')).toMatchObject({ type: 'person', fromLogins: [] });
    r = await op.put(`${c}/conflicts/missing_email.P2`, { decisions: [{ personKey: 'P2', becomes: 'person' }] });
    expect(byKey(r.body, 'P2').type).toBe('person');
    // L2 is nobody's any more: deactivated.
    expect(r.body.deactivations.map((x: any) => [x.loginKey, x.reason])).toContainEqual(['L2', 'no_user']);
    r = await op.put(`${c}/conflicts/duplicate_email.P5`, {
      decisions: [
        { personKey: 'P5', becomes: 'user' },
        { personKey: 'P6', becomes: 'user', email: `fredrik.berg@${d}` },
      ],
    });
    expect(r.body).toMatchObject({ version: 4, counts: { openConflicts: 0 } });
    const open = await op.get(`${c}/conflicts?open=true`);
    expect(open.body).toMatchObject({ total: 0, items: [] });
  });

  it('R-I5 edits a user in the summary (type, packages, modules) and pages the users', async () => {
    const op = await freshOperator();
    const { org } = await importLegacy(op);
    const c = `/api/v1/orgs/${org.id}/conversion`;
    await op.post(c);
    let r = await op.patch(`${c}/users/P1`, { packages: ['base-accounting'], modules: [{ key: 'cases', admin: true }] });
    expect(r.status).toBe(200);
    expect(r.body.version).toBe(2);
    expect(r.body.users.find((u: any) => u.key === 'P1')).toMatchObject({
      packages: ['base-accounting'],
      modules: [{ key: 'cases', admin: true }],
      edited: true,
    });
    r = await op.patch(`${c}/users/P9`, { type: 'no_access' });
    expect(r.body.users.find((u: any) => u.key === 'P9')).toMatchObject({ type: 'no_access', packages: [], modules: [] });
    r = await op.patch(`${c}/users/P9`, { type: 'person', packages: ['base-crm'] });
    expect(r.status).toBe(400);
    expect(r.body.errors[0]).toMatchObject({ code: 'not_for_type' });
    r = await op.patch(`${c}/users/P1`, { packages: ['no-such'] });
    expect(r.body.errors[0]).toMatchObject({ path: 'packages.0', code: 'unknown_package' });
    expect((await op.patch(`${c}/users/NOPE`, { type: 'person' })).status).toBe(404);
    const page1 = await op.get(`${c}/users?limit=4`);
    expect(page1.body).toMatchObject({ total: 9 });
    expect(page1.body.items).toHaveLength(4);
    const page2 = await op.get(`${c}/users?limit=10&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items).toHaveLength(5);
    expect(page2.body.nextCursor).toBeNull();
    expect((await op.get(`${c}/users?type=person`)).body.total).toBe(4);
    expect((await op.get(`${c}/users?cursor=bogus`)).status).toBe(400);
    const deactivations = await op.get(`${c}/deactivations`);
    expect(deactivations.body.items.find((x: any) => x.loginKey === 'L8').warning).toMatch(/integration/);
  });
});

describe('R-I6 apply', () => {
  it('R-I6 refuses while conflicts are open, with an outdated version, and when seats are short; then converts all at once', async () => {
    const op = await freshOperator();
    const { org, d } = await importLegacy(op, { licenses: { accounting: 10, invoicing: 10, payroll: 5, crm: 1, projects: 5, timesheets: 5 } });
    const c = `/api/v1/orgs/${org.id}/conversion`;
    const opened = await op.post(c);
    let r = await op.post(`${c}/apply`, { version: opened.body.version });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('conflicts_unresolved');
    expect(r.body.conflicts).toHaveLength(3);
    const resolved = await resolveAll(op, org.id, d);
    r = await op.post(`${c}/apply`, { version: opened.body.version });
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ code: 'plan_outdated', version: resolved.version });
    // crm: P3 and P4 need 2 seats, the pool has 1.
    r = await op.post(`${c}/apply`, { version: resolved.version });
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('license_limit_reached');
    expect(r.body.modules).toEqual([{ module: 'crm', seats: 1, inUse: 0, needed: 2 }]);
    expect((await op.get(`/api/v1/orgs/${org.id}`)).body.permissionModel).toBe('legacy');
    expect(await mailsTo(t, `astrid.lind@${d}`)).toHaveLength(0);
    // Ordering the missing seats with the conversion.
    r = await op.post(`${c}/apply`, { version: resolved.version, orderMissingSeats: true });
    expect(r.status).toBe(200);
    expect(r.body.org.permissionModel).toBe('current');
    expect(r.body.usersTotal).toBe(9);
    const astrid = r.body.users.find((u: any) => u.email === `astrid.lind@${d}`);
    expect(astrid).toMatchObject({ type: 'employee', status: 'invited', home: 'own', packages: ['base-accounting', 'base-payroll'] });
    expect(r.body.users.filter((u: any) => u.type === 'person')).toHaveLength(2);
    // Invited by e-mail through the outbox; administered like any other organisation.
    expect(await mailsTo(t, `astrid.lind@${d}`)).toHaveLength(1);
    expect(await mailsTo(t, `david.holm@${d}`)).toHaveLength(1);
    const licenses = (await op.get(`/api/v1/orgs/${org.id}/licenses`)).body;
    expect(licenses.modules.find((m: any) => m.module === 'crm')).toMatchObject({ seats: 2, inUse: 2 });
    // The import's seats are the first order (issue 11: initial seats are recorded); the conversion ordered the rest.
    expect(licenses.orders).toHaveLength(2);
    expect(licenses.orders.some((o: any) => o.changes.crm?.to === 2)).toBe(true);
    const users = await op.get(`/api/v1/orgs/${org.id}/users?limit=50`);
    expect(users.body.total).toBe(9);
    expect((await op.get(`/api/v1/orgs?mustConvert=true&q=${encodeURIComponent(org.name)}`)).body.total).toBe(0);
    // The before-state is in the audit event.
    const audit = (await op.get(`/api/v1/orgs/${org.id}/audit?limit=100`)).body.items.find((e: any) => e.action === 'conversion.applied');
    expect(audit.before.permissionModel).toBe('legacy');
    expect(audit.before.legacy.logins).toHaveLength(8);
    expect(audit.before.plan.users).toHaveLength(9);
    expect(audit.after).toMatchObject({ permissionModel: 'current', users: 7, persons: 2, deactivated: 2 });
    // R-K2: the converter is told.
    const note = (await op.get('/api/v1/notifications')).body.items.find((x: any) => x.kind === 'conversion_applied' && x.subject.id === org.id);
    expect(note).toMatchObject({ subject: { type: 'org', id: org.id }, summary: { orgName: org.name, users: 7, persons: 2, deactivated: 2 } });
    // Irreversible: once.
    r = await op.post(`${c}/apply`, { version: resolved.version });
    expect(r.body.code).toBe('already_converted');
    expect((await op.post(c)).body.code).toBe('already_converted');
    expect((await op.put(`${c}/conflicts/missing_email.P2`, { decisions: [{ personKey: 'P2', becomes: 'person' }] })).body.code).toBe('already_converted');
    expect((await op.delete(c)).body.code).toBe('already_converted');
    expect((await op.get(c)).body.status).toBe('applied');
  });

  it('R-I6 an e-mail of an existing account adds that account (a partner member, told of the new access)', async () => {
    const op = await freshOperator();
    const elsewhere = await makeOrg(op);
    const { org, d } = await importLegacy(op);
    const existing = await makeAccount(t, { email: `ida.falk@${d}`, homeOrgId: elsewhere.id });
    const c = `/api/v1/orgs/${org.id}/conversion`;
    await op.post(c);
    const resolved = await resolveAll(op, org.id, d);
    const r = await op.post(`${c}/apply`, { version: resolved.version });
    expect(r.status).toBe(200);
    const ida = r.body.users.find((u: any) => u.email === `ida.falk@${d}`);
    expect(ida).toMatchObject({ accountId: existing.id, home: 'partner', status: 'active' });
    const mails = await mailsTo(t, `ida.falk@${d}`);
    expect(mails).toHaveLength(1);
    expect(mails[0].text).not.toMatch(/accept-invitation/);
  });
});

describe('R-I7 who converts', () => {
  it('R-I7 an administrator of the client agency converts; others get 404, the client admin 403, one open conversion per administrator', async () => {
    const op = await freshOperator();
    const { agency, api: agencyAdmin } = await makeAgencyAdmin(op);
    const { org, d } = await importLegacy(op, { agencyId: agency.id });
    const { org: second } = await importLegacy(op, { agencyId: agency.id });
    const { api: stranger } = await makeAgencyAdmin(op);
    const clientAdmin = await makeAccount(t, { homeOrgId: org.id });
    await makeMembership(t, org.id, clientAdmin.id, { modules: [{ key: 'user-admin' }] });
    const clientApi = t.client();
    await clientApi.login(clientAdmin.email, clientAdmin.password);
    const c = `/api/v1/orgs/${org.id}/conversion`;

    expect((await stranger.post(c)).status).toBe(404);
    expect((await stranger.get(c)).status).toBe(404);
    expect((await clientApi.post(c)).status).toBe(403);
    // The agency's client list with the "must convert" filter finds both.
    const list = await agencyAdmin.get(`/api/v1/orgs?mustConvert=true&agencyId=${agency.id}`);
    expect(list.body.items.map((o: any) => o.id).sort()).toEqual([org.id, second.id].sort());

    const opened = await agencyAdmin.post(c);
    expect(opened.status).toBe(201);
    expect((await agencyAdmin.post(c)).status).toBe(200);
    // One conversion at a time per administrator: the open one is named.
    const other = await agencyAdmin.post(`/api/v1/orgs/${second.id}/conversion`);
    expect(other.status).toBe(409);
    expect(other.body).toMatchObject({ code: 'conversion_in_progress', conversion: { orgId: org.id, orgName: org.name } });
    // Another administrator (the operator) cannot open or change this one …
    const taken = await op.post(c);
    expect(taken.body).toMatchObject({ code: 'conversion_in_progress', conversion: { orgId: org.id } });
    expect((await op.patch(`${c}/users/P1`, { type: 'person' })).body.code).toBe('conversion_in_progress');
    // … but sees it and may abandon it.
    expect((await op.get(c)).body.openedBy.name).toBeTruthy();
    expect((await agencyAdmin.delete(`/api/v1/orgs/${second.id}/conversion`)).status).toBe(404);
    expect((await agencyAdmin.delete(c)).status).toBe(204);
    expect((await agencyAdmin.get(c)).status).toBe(404);
    expect((await agencyAdmin.post(`/api/v1/orgs/${second.id}/conversion`)).status).toBe(201);
    expect((await agencyAdmin.delete(`/api/v1/orgs/${second.id}/conversion`)).status).toBe(204);

    // The agency administrator converts end to end; it may not order licenses at the client.
    await agencyAdmin.post(c);
    const resolved = await resolveAll(agencyAdmin, org.id, d);
    expect(resolved.mayOrderLicenses).toBe(false);
    const r = await agencyAdmin.post(`${c}/apply`, { version: resolved.version });
    expect(r.status).toBe(200);
    expect((await op.get(`/api/v1/orgs/${org.id}/users`)).body.total).toBe(9 + 1);
  });
});
