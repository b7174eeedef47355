import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeMembership, makeOrg, makeOrgAdmin } from '../../test/factories.js';
import { FI_COMPANIES, NO_DELETED, startRegistryFixture, type RegistryFixture } from '../../test/fixtures/registry-server.js';
import { mailsTo } from '../../test/mailbox.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';

let t: TestApp;
let registry: RegistryFixture;
beforeAll(async () => {
  registry = await startRegistryFixture();
  t = await startTestApp({ registryFiUrl: registry.fiUrl, registryNoUrl: registry.noUrl, registryTimeoutMs: 800 });
});
afterAll(async () => {
  await t?.close();
  await registry?.close();
});

let n = 0;
const email = () => `partner-${Date.now().toString(36)}-${n++}@test.nyckel`;
const users = (orgId: string) => `/api/v1/orgs/${orgId}/users`;

describe('R-F1 add partner user', () => {
  it('R-F1 finds an account outside the organisation by e-mail and adds it as a partner member, with a notice instead of a password link', async () => {
    const op = await t.operator();
    const org = await makeOrg(op);
    const home = await makeOrg(op, { name: 'Kumppani Oy' });
    const { api } = await makeOrgAdmin(t, org.id);
    const partner = await makeAccount(t, { homeOrgId: home.id });
    await makeMembership(t, home.id, partner.id, { packages: ['base-crm'] });
    const look = await api.get(`/api/v1/accounts/lookup?email=${encodeURIComponent(partner.email)}`);
    expect(look.body).toMatchObject({ found: true, alreadyMember: null, account: { id: partner.id, homeOrg: { id: home.id, name: 'Kumppani Oy' } } });
    expect((await api.get(`/api/v1/accounts/lookup?email=${encodeURIComponent(partner.email)}&orgId=${org.id}`)).body.alreadyMember).toBe(false);
    const r = await api.post(users(org.id), { type: 'employee', email: partner.email, packages: ['base-crm'] });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ home: 'partner', homeOrg: { id: home.id, name: 'Kumppani Oy' }, status: 'active' });
    const [mail] = await mailsTo(t, partner.email);
    expect(mail.text).not.toContain('accept-invitation');
    expect((await api.get(`/api/v1/accounts/lookup?email=${encodeURIComponent(partner.email)}&orgId=${org.id}`)).body.alreadyMember).toBe(true);
    const list = await api.get(`${users(org.id)}?view=partner`);
    expect(list.body.items.map((u: any) => u.id)).toEqual([r.body.id]);
    expect((await api.get(`${users(org.id)}?view=own`)).body.items.map((u: any) => u.id)).not.toContain(r.body.id);
  });

  it('R-F1 a deleted partner loses every right here but keeps its account, and is found and added back by e-mail', async () => {
    const op = await t.operator();
    const org = await makeOrg(op);
    const home = await makeOrg(op);
    const { api } = await makeOrgAdmin(t, org.id);
    const partner = await makeAccount(t, { homeOrgId: home.id });
    await makeMembership(t, home.id, partner.id, { packages: ['base-crm'] });
    const u = (await api.post(users(org.id), { type: 'employee', email: partner.email, packages: ['base-crm'] })).body;
    const project = (await api.post(`/api/v1/orgs/${org.id}/projects`, { name: 'P' })).body;
    await api.post(`${users(org.id)}/${u.id}/role-assignments`, { scope: 'project', targetIds: [project.id], roles: ['project-member'] });
    expect((await api.delete(`${users(org.id)}/${u.id}`)).status).toBe(204);
    const me = t.client();
    await me.login(partner.email, partner.password);
    expect((await me.get(`/api/v1/orgs/${org.id}`)).status).toBe(404);
    expect((await me.get(`/api/v1/orgs/${home.id}`)).status).toBe(200);
    expect((await api.get(`/api/v1/accounts/lookup?email=${partner.email}`)).body.found).toBe(true);
    const back = await api.post(users(org.id), { type: 'employee', email: partner.email });
    expect(back.status).toBe(201);
    expect(back.body.roles).toEqual([]);
    const withRole = await api.post(`${users(org.id)}/${back.body.id}/role-assignments`, {
      scope: 'project',
      targetIds: [project.id],
      roles: ['project-viewer'],
    });
    expect(withRole.body.roles.map((r: any) => r.role)).toEqual(['project-viewer']);
  });
});

describe('R-F2 home organisation of a new user', () => {
  it('R-F2 a new user is created in this organisation by default; homeOrgId makes a partner; partner-orgs lists those homes', async () => {
    const op = await t.operator();
    const org = await makeOrg(op);
    const home = await makeOrg(op, { name: 'Partner Home AS', country: 'NO' });
    const { api } = await makeOrgAdmin(t, org.id);
    const own = (await api.post(users(org.id), { type: 'employee', email: email(), firstName: 'O', lastName: 'Wn' })).body;
    expect(own).toMatchObject({ home: 'own', homeOrg: { id: org.id } });
    const p = (await api.post(users(org.id), { type: 'employee', email: email(), firstName: 'P', lastName: 'Art', homeOrgId: home.id })).body;
    expect(p).toMatchObject({ home: 'partner', homeOrg: { id: home.id, name: 'Partner Home AS' } });
    const account = await t.database.db.selectFrom('accounts').select('home_org_id').where('id', '=', p.accountId).executeTakeFirstOrThrow();
    expect(account.home_org_id).toBe(home.id);
    const partners = await api.get(`/api/v1/orgs/${org.id}/partner-orgs`);
    expect(partners.body.items).toEqual([{ id: home.id, name: 'Partner Home AS', country: 'NO', businessId: expect.any(String), partnerUsers: 1 }]);
    expect(
      (await api.post(users(org.id), { type: 'employee', email: email(), firstName: 'X', lastName: 'Y', homeOrgId: crypto.randomUUID() })).body.errors[0].path,
    ).toBe('homeOrgId');
  });

  it('R-F2 a business id already in Nyckel is found there without asking the registry', async () => {
    const op = await t.operator();
    const org = await makeOrg(op);
    const known = await makeOrg(op, { country: 'NO', businessId: '974760673', name: 'Brønnøysundregistrene' });
    const { api } = await makeOrgAdmin(t, org.id);
    const before = registry.requests.length;
    const r = await api.get('/api/v1/registry/NO/974 760 673');
    expect(r.body).toEqual({ country: 'NO', businessId: '974760673', name: 'Brønnøysundregistrene', companyForm: null, orgId: known.id });
    expect(registry.requests.length).toBe(before);
  });

  it('R-F2 Finland: looked up in PRH/YTJ, then created from the registry data and picked as home', async () => {
    const op = await t.operator();
    const org = await makeOrg(op);
    const { api } = await makeOrgAdmin(t, org.id);
    const hit = await api.get('/api/v1/registry/FI/2331972-7');
    expect(hit.status).toBe(200);
    expect(hit.body).toEqual({ country: 'FI', businessId: '2331972-7', name: FI_COMPANIES['2331972-7'].name, companyForm: 'Limited company', orgId: null });
    expect(registry.requests.at(-1)).toBe('/opendata-ytj-api/v3/companies?businessId=2331972-7');
    // The company form comes in the caller's language where the registry has it.
    await api.patch('/api/v1/me', { language: 'fi' });
    expect((await api.get('/api/v1/registry/FI/2331972-7')).body.companyForm).toBe('Osakeyhtiö');
    await api.patch('/api/v1/me', { language: 'en' });
    const created = await api.post('/api/v1/orgs', { fromRegistry: { country: 'FI', businessId: '2331972-7' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'Verso Food Oy',
      kind: 'client',
      country: 'FI',
      businessId: '2331972-7',
      agencyId: null,
      defaultLanguage: 'fi',
    });
    const again = await api.post('/api/v1/orgs', { fromRegistry: { country: 'FI', businessId: '2331972-7' } });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'duplicate_business_id', orgId: created.body.id });
    const u = await api.post(users(org.id), { type: 'employee', email: email(), firstName: 'V', lastName: 'Erso', homeOrgId: created.body.id });
    expect(u.body.homeOrg).toEqual({ id: created.body.id, name: 'Verso Food Oy' });
    expect((await op.get(`/api/v1/orgs/${created.body.id}/audit`)).body.items[0].action).toBe('org.created_from_registry');
  });

  it('R-F2 Norway: Brønnøysund Enhetsregisteret; unknown and deleted companies are not_in_registry', async () => {
    const op = await t.operator();
    const org = await makeOrg(op);
    const { api } = await makeOrgAdmin(t, org.id);
    const hit = await api.get('/api/v1/registry/NO/923609016');
    expect(hit.body).toMatchObject({ name: 'EQUINOR ASA', companyForm: 'Allmennaksjeselskap', orgId: null });
    expect(registry.requests.at(-1)).toBe('/enhetsregisteret/api/enheter/923609016');
    // A deleted company (410 Gone) and one that never existed (404).
    for (const id of [NO_DELETED, '986186352']) {
      const r = await api.get(`/api/v1/registry/NO/${id}`);
      expect(r.status).toBe(404);
      expect(r.body.code).toBe('not_in_registry');
      expect(r.body.detail).toMatch(/operator/);
    }
    const fiUnknown = await api.get('/api/v1/registry/FI/0737546-2');
    expect(fiUnknown.body.code).toBe('not_in_registry');
  });

  it('R-F2 Sweden has no open registry: a clear not_in_registry; invalid ids are 400 before any lookup', async () => {
    const op = await t.operator();
    const org = await makeOrg(op);
    const { api } = await makeOrgAdmin(t, org.id);
    const se = await api.get('/api/v1/registry/SE/556036-0793');
    expect(se.status).toBe(404);
    expect(se.body.detail).toMatch(/Sweden/);
    const bad = await api.get('/api/v1/registry/FI/1234567-1x');
    expect(bad.status).toBe(400);
    expect((await api.get('/api/v1/registry/FI/1234567-2')).body.code).toBe('invalid_business_id');
    expect((await api.get('/api/v1/registry/DK/12345678')).status).toBe(400);
  });

  it('R-F2 a registry that fails or hangs answers 503 registry_unavailable and nothing is created', async () => {
    const op = await t.operator();
    const org = await makeOrg(op);
    const { api } = await makeOrgAdmin(t, org.id);
    const count = async () =>
      Number(
        (
          await t.database.db
            .selectFrom('orgs')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count();
    try {
      for (const mode of ['error', 'hang'] as const) {
        registry.mode = mode;
        const r = await api.post('/api/v1/orgs', { fromRegistry: { country: 'FI', businessId: '0112038-9' } });
        expect(r.status).toBe(503);
        expect(r.body.code).toBe('registry_unavailable');
        expect((await api.get('/api/v1/registry/NO/923609016')).status).toBe(503);
      }
    } finally {
      registry.mode = 'ok';
    }
    expect(await count()).toBe(before);
  });

  it('R-F2 only administrators use the registry and create organisations from it', async () => {
    const op = await t.operator();
    const org = await makeOrg(op);
    const plain = await makeAccount(t, { homeOrgId: org.id });
    await makeMembership(t, org.id, plain.id, { packages: ['base-crm'] });
    const api = t.client();
    await api.login(plain.email, plain.password);
    expect((await api.get('/api/v1/registry/FI/0112038-9')).status).toBe(403);
    expect((await api.post('/api/v1/orgs', { fromRegistry: { country: 'FI', businessId: '0112038-9' } })).status).toBe(403);
    expect((await t.client().get('/api/v1/registry/FI/0112038-9')).status).toBe(401);
    expect((await api.get(`/api/v1/orgs/${org.id}/partner-orgs`)).status).toBe(403);
  });
});
