import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeMembership, makeOrg, makeOrgAdmin } from '../../test/factories.js';
import { ApiClient } from '../../test/http-client.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';

/** R-L3 module applications: registration by operators, secrets shown once and hashed, rotation, disabling, client credentials. */
let t: TestApp;
let op: ApiClient;
beforeAll(async () => {
  t = await startTestApp();
  // The issuer is the public URL: here, the test server itself.
  t.config.publicUrl = t.url;
  op = await t.operator();
});
afterAll(async () => {
  await t?.close();
});

const register = async (body: Record<string, unknown> = {}) => {
  const r = await op.post('/api/v1/apps', { name: 'Payroll', redirectUris: ['http://127.0.0.1:9/cb'], modules: ['payroll'], ...body });
  expect(r.status).toBe(201);
  return r.body as { id: string; clientId: string; clientSecret: string; name: string };
};

async function tokenFor(clientId: string, secret: string) {
  const config = await oidc.discovery(new URL(t.url), clientId, undefined, oidc.ClientSecretBasic(secret), { execute: [oidc.allowInsecureRequests] });
  return (await oidc.clientCredentialsGrant(config, { scope: 'nyckel:check' })).access_token;
}

const bearer = (token: string) => {
  const c = new ApiClient(t.url);
  c.bearer = token;
  return c;
};

describe('R-L3 registering module applications', () => {
  it('R-L3 an operator registers an application: the secret is answered once and stored as an argon2id hash; audited', async () => {
    const app = await register({ postLogoutRedirectUris: ['http://127.0.0.1:9/bye'] });
    expect(app).toMatchObject({
      name: 'Payroll',
      redirectUris: ['http://127.0.0.1:9/cb'],
      postLogoutRedirectUris: ['http://127.0.0.1:9/bye'],
      modules: ['payroll'],
      disabledAt: null,
    });
    expect(app.clientSecret).toMatch(/^nys_/);
    const list = await op.get('/api/v1/apps');
    expect(list.status).toBe(200);
    const listed = list.body.items.find((a: { id: string }) => a.id === app.id);
    expect(listed.clientId).toBe(app.clientId);
    expect(listed).not.toHaveProperty('clientSecret');
    const row = await t.database.db
      .selectFrom('apps' as never)
      .select(['secret_hash' as never])
      .where('id' as never, '=', app.id as never)
      .executeTakeFirstOrThrow();
    expect((row as { secret_hash: string }).secret_hash).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(row)).not.toContain(app.clientSecret);
    const audit = await t.database.db.selectFrom('audit_events').select(['action', 'target_id']).where('target_id', '=', app.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['app.registered']);
  });

  it('R-L3 only operators manage applications: others 403, anonymous 401; bad input 400', async () => {
    const org = await makeOrg(op);
    const { api: admin } = await makeOrgAdmin(t, org.id);
    expect((await admin.get('/api/v1/apps')).status).toBe(403);
    expect((await admin.post('/api/v1/apps', { name: 'X' })).status).toBe(403);
    expect((await t.client().get('/api/v1/apps')).status).toBe(401);
    const app = await register();
    expect((await admin.post(`/api/v1/apps/${app.id}/rotate-secret`)).status).toBe(403);
    expect((await admin.delete(`/api/v1/apps/${app.id}`)).status).toBe(403);
    const bad = await op.post('/api/v1/apps', { name: '', redirectUris: ['javascript:alert(1)', 'http://x/cb#frag'], modules: ['nope'] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['name', 'redirectUris.0', 'redirectUris.1']);
    const unknownModule = await op.post('/api/v1/apps', { name: 'X', modules: ['accounting', 'nope'] });
    expect(unknownModule.status).toBe(400);
    expect(unknownModule.body.errors).toMatchObject([{ path: 'modules.1', code: 'unknown_module' }]);
    expect((await op.post('/api/v1/apps/00000000-0000-4000-8000-000000000001/rotate-secret')).status).toBe(404);
  });
});

describe('R-L3 R-L1 client credentials', () => {
  it('R-L3 R-L1 R-L2 an application gets a token with its secret and asks the check and access APIs; nothing else', async () => {
    const app = await register();
    const org = await makeOrg(op);
    const a = await makeAccount(t, { homeOrgId: org.id });
    await makeMembership(t, org.id, a.id, { modules: [{ key: 'payroll' }] });
    const token = await tokenFor(app.clientId, app.clientSecret);
    expect(token.split('.')).toHaveLength(3);
    const api = bearer(token);
    const r = await api.post('/api/v1/check', { accountId: a.id, orgId: org.id, module: 'payroll' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ allowed: true, reason: 'granted' });
    const batch = await api.post('/api/v1/check/batch', { checks: [{ accountId: a.id, orgId: org.id, module: 'crm' }] });
    expect(batch.body.results).toMatchObject([{ allowed: false, reason: 'not_granted' }]);
    const access = await api.get(`/api/v1/accounts/${a.id}/access`);
    expect(access.status).toBe(200);
    expect(access.body.items).toMatchObject([{ orgId: org.id, modules: ['payroll'] }]);
    // The token opens nothing else: an application is no account.
    expect((await api.get(`/api/v1/orgs/${org.id}`)).status).toBe(401);
    expect((await api.get('/api/v1/apps')).status).toBe(401);
    // A forged or foreign token is refused.
    const [h, p] = token.split('.');
    expect((await bearer(`${h}.${p}.AAAA`).post('/api/v1/check', { accountId: a.id, orgId: org.id, module: 'payroll' })).status).toBe(401);
    // The node remembers verified tokens (found by the end of the signature): the valid signature under another
    // payload is no remembered token.
    const sig = token.split('.')[2];
    const otherPayload = `${p.slice(0, 10)}${p[10] === 'A' ? 'B' : 'A'}${p.slice(11)}`;
    expect((await bearer(`${h}.${otherPayload}.${sig}`).post('/api/v1/check', { accountId: a.id, orgId: org.id, module: 'payroll' })).status).toBe(401);
    await expect(tokenFor(app.clientId, `${app.clientSecret}x`)).rejects.toMatchObject({ status: 401 });
  });

  it('R-L3 rotating the secret stops the old secret and its tokens at once; disabling stops everything', async () => {
    const app = await register();
    const org = await makeOrg(op);
    const a = await makeAccount(t, { homeOrgId: org.id });
    await makeMembership(t, org.id, a.id, { modules: [{ key: 'payroll' }] });
    const q = { accountId: a.id, orgId: org.id, module: 'payroll' };
    const oldToken = await tokenFor(app.clientId, app.clientSecret);
    expect((await bearer(oldToken).post('/api/v1/check', q)).status).toBe(200);
    // Tokens are minted with a whole-second iat: let the rotation fall in a later second than the old token.
    await new Promise((r) => setTimeout(r, 1100));
    const rotated = await op.post(`/api/v1/apps/${app.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.clientSecret).not.toBe(app.clientSecret);
    await expect(tokenFor(app.clientId, app.clientSecret)).rejects.toMatchObject({ status: 401 });
    expect((await bearer(oldToken).post('/api/v1/check', q)).status).toBe(401);
    const newToken = await tokenFor(app.clientId, rotated.body.clientSecret);
    expect((await bearer(newToken).post('/api/v1/check', q)).status).toBe(200);

    expect((await op.delete(`/api/v1/apps/${app.id}`)).status).toBe(204);
    expect((await bearer(newToken).post('/api/v1/check', q)).status).toBe(401);
    await expect(tokenFor(app.clientId, rotated.body.clientSecret)).rejects.toMatchObject({ status: 401 });
    const listed = (await op.get('/api/v1/apps')).body.items.find((x: { id: string }) => x.id === app.id);
    expect(listed.disabledAt).toBeTypeOf('string');
    const audit = await t.database.db.selectFrom('audit_events').select('action').where('target_id', '=', app.id).orderBy('at').execute();
    expect(audit.map((x) => x.action)).toEqual(['app.registered', 'app.secret_rotated', 'app.disabled']);
  });
});
