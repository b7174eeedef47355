import * as oidc from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeMembership, makeOrg } from '../../test/factories.js';
import type { ApiClient } from '../../test/http-client.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';

/**
 * R-L3 Nyckel as an OpenID Connect provider, driven by openid-client (a certified relying party): discovery, auth code
 * with PKCE, Nyckel's own sign-in and the organisation chooser, ID token claims verified against the JWKS, refresh
 * rotation, refresh refused once access ends, key rotation, RP-initiated logout.
 */
let t: TestApp;
let op: ApiClient;
const REDIRECT = 'http://127.0.0.1:9/cb';
beforeAll(async () => {
  t = await startTestApp();
  t.config.publicUrl = t.url;
  op = await t.operator();
});
afterAll(async () => {
  await t?.close();
});

/** A browser's cookie jar over fetch: keeps every cookie, follows nothing. */
class Browser {
  private cookies = new Map<string, string>();
  async get(url: string) {
    const res = await fetch(url, { redirect: 'manual', headers: { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      this.cookies.set(pair.slice(0, i).trim(), pair.slice(i + 1));
    }
    return res;
  }
}

async function setUp(modules = ['payroll', 'crm']) {
  const app = (await op.post('/api/v1/apps', { name: 'Lön', redirectUris: [REDIRECT], postLogoutRedirectUris: ['http://127.0.0.1:9/bye'], modules })).body;
  const config = await oidc.discovery(new URL(t.url), app.clientId, undefined, oidc.ClientSecretBasic(app.clientSecret), {
    execute: [oidc.allowInsecureRequests],
  });
  return { app, config };
}

/** Runs the authorization flow as `user` (signed in to Nyckel) picking `orgId`; answers the relying party's tokens. */
async function signIn(config: oidc.Configuration, user: ApiClient, pick: (orgs: { orgId: string; orgName: string }[]) => string) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: REDIRECT,
    scope: 'openid profile email offline_access',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    prompt: 'consent',
  });
  const browser = new Browser();
  const start = await browser.get(url.href);
  expect(start.status).toBe(303);
  const location = start.headers.get('location')!;
  const uid = /\/authorize\/([^/?]+)/.exec(location)![1];
  const view = await user.get(`/api/v1/oidc/interactions/${uid}`);
  expect(view.status).toBe(200);
  const chosen = await user.post(`/api/v1/oidc/interactions/${uid}/choose`, { orgId: pick(view.body.organisations) });
  expect(chosen.status).toBe(200);
  const back = await browser.get(new URL(chosen.body.redirectTo, t.url).href);
  expect(back.status).toBe(303);
  const callback = new URL(back.headers.get('location')!);
  expect(callback.origin + callback.pathname).toBe(REDIRECT);
  const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: verifier, expectedState: state });
  return { tokens, view: view.body, browser };
}

async function userOfTwoOrgs() {
  const orgA = await makeOrg(op, { name: `Alfa ${Date.now()}` });
  const orgB = await makeOrg(op, { name: `Beta ${Date.now()}` });
  const orgC = await makeOrg(op, { name: `Gamma ${Date.now()}` });
  const account = await makeAccount(t, { homeOrgId: orgA.id });
  await makeMembership(t, orgA.id, account.id, { modules: [{ key: 'payroll' }, { key: 'accounting' }] });
  const mB = await makeMembership(t, orgB.id, account.id, { packages: ['base-crm'] });
  // Gamma: only modules the application does not serve, so the chooser does not offer it.
  await makeMembership(t, orgC.id, account.id, { modules: [{ key: 'cases' }] });
  const user = t.client();
  await user.login(account.email, account.password);
  return { orgA, orgB, orgC, account, user, membershipB: mB.id };
}

describe('R-L3 OpenID Connect sign-in', () => {
  it('R-L3 discovery names the endpoints, S256 PKCE and the JWKS', async () => {
    const r = await fetch(`${t.url}/.well-known/openid-configuration`);
    expect(r.status).toBe(200);
    const d = await r.json();
    expect(d).toMatchObject({
      issuer: t.url,
      authorization_endpoint: `${t.url}/oidc/auth`,
      token_endpoint: `${t.url}/oidc/token`,
      jwks_uri: `${t.url}/oidc/jwks`,
      end_session_endpoint: `${t.url}/oidc/session/end`,
      code_challenge_methods_supported: ['S256'],
    });
    expect(d.grant_types_supported).toEqual(expect.arrayContaining(['authorization_code', 'refresh_token', 'client_credentials']));
    const jwks = await (await fetch(d.jwks_uri)).json();
    expect(jwks.keys.length).toBeGreaterThanOrEqual(1);
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });

  it('R-L3 sign-in with the organisation chooser: tokens name the chosen organisation, the type and the modules there', async () => {
    const { config, app } = await setUp();
    const { orgA, orgB, orgC, account, user } = await userOfTwoOrgs();
    const { tokens, view } = await signIn(config, user, () => orgB.id);
    expect(view.app.name).toBe(app.name);
    expect(view.account.email).toBe(account.email);
    // The chooser lists only organisations where the user may use a module of this application.
    const listed = view.organisations.map((o: { orgId: string }) => o.orgId);
    expect(listed.sort()).toEqual([orgA.id, orgB.id].sort());
    expect(listed).not.toContain(orgC.id);
    // openid-client verified the ID token's signature against the JWKS, its issuer, audience and nonce-less code flow.
    const claims = tokens.claims()!;
    expect(claims).toMatchObject({ sub: account.id, email: account.email, org_id: orgB.id, org_name: orgB.name, user_type: 'employee', modules: ['crm'] });
    expect(tokens.refresh_token).toBeTypeOf('string');
    // userinfo and the access token's introspection say the same.
    const info = await oidc.fetchUserInfo(config, tokens.access_token, account.id);
    expect(info).toMatchObject({ org_id: orgB.id, modules: ['crm'] });
    const intro = await oidc.tokenIntrospection(config, tokens.access_token);
    expect(intro).toMatchObject({ active: true, sub: account.id, org_id: orgB.id, modules: ['crm'] });
  });

  it('R-L3 PKCE is required; an organisation outside the chooser is refused; anonymous callers cannot choose', async () => {
    const { config } = await setUp();
    const { orgC, user } = await userOfTwoOrgs();
    const noPkce = oidc.buildAuthorizationUrl(config, { redirect_uri: REDIRECT, scope: 'openid', state: 'x' });
    const r = await new Browser().get(noPkce.href);
    expect(r.status).toBe(303);
    expect(r.headers.get('location')).toContain('error=invalid_request');
    const verifier = oidc.randomPKCECodeVerifier();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT,
      scope: 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const start = await new Browser().get(url.href);
    const uid = /\/authorize\/([^/?]+)/.exec(start.headers.get('location')!)![1];
    expect((await user.post(`/api/v1/oidc/interactions/${uid}/choose`, { orgId: orgC.id })).status).toBe(404);
    expect((await t.client().post(`/api/v1/oidc/interactions/${uid}/choose`, { orgId: orgC.id })).status).toBe(401);
    const anonymous = await t.client().get(`/api/v1/oidc/interactions/${uid}`);
    expect(anonymous.status).toBe(200);
    expect(anonymous.body).toMatchObject({ account: null, organisations: [] });
    expect((await t.client().get('/api/v1/oidc/interactions/unknown-interaction-id')).status).toBe(404);
  });

  it('R-L3 refresh tokens rotate; a used one is refused; once access ends in the organisation, refresh is refused', async () => {
    const { config } = await setUp();
    const { orgB, user, membershipB } = await userOfTwoOrgs();
    const { tokens } = await signIn(config, user, () => orgB.id);
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect(refreshed.claims()).toMatchObject({ org_id: orgB.id, modules: ['crm'] });
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });

    // A fresh sign-in (the reuse above revoked that grant), then the user is deactivated in that organisation.
    const again = await signIn(config, user, () => orgB.id);
    const d = await op.post(`/api/v1/orgs/${orgB.id}/users/${membershipB}/deactivate`);
    expect(d.status).toBe(200);
    await expect(oidc.refreshTokenGrant(config, again.tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('R-L3 key rotation: new tokens are signed with the new key; the previous key stays published', async () => {
    const { config } = await setUp();
    const { orgA, user } = await userOfTwoOrgs();
    const before = await (await fetch(`${t.url}/oidc/jwks`)).json();
    const first = await signIn(config, user, () => orgA.id);
    const kid0 = JSON.parse(Buffer.from(first.tokens.id_token!.split('.')[0], 'base64url').toString()).kid;
    expect(before.keys.map((k: { kid: string }) => k.kid)).toContain(kid0);
    const rotated = await op.post('/api/v1/oidc/keys/rotate');
    expect(rotated.status).toBe(200);
    const after = await (await fetch(`${t.url}/oidc/jwks`)).json();
    expect(after.keys.map((k: { kid: string }) => k.kid)).toEqual(expect.arrayContaining([kid0, rotated.body.kid]));
    const second = await signIn(config, user, () => orgA.id);
    expect(JSON.parse(Buffer.from(second.tokens.id_token!.split('.')[0], 'base64url').toString()).kid).toBe(rotated.body.kid);
    expect((await t.client().post('/api/v1/oidc/keys/rotate')).status).toBe(401);
  });

  it('R-L3 RP-initiated logout asks the user and returns to the registered post-logout URI', async () => {
    const { config } = await setUp();
    const { orgA, user } = await userOfTwoOrgs();
    const { tokens, browser } = await signIn(config, user, () => orgA.id);
    const url = oidc.buildEndSessionUrl(config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: 'http://127.0.0.1:9/bye', state: 's1' });
    const r = await browser.get(url.href);
    expect(r.status).toBe(200);
    const html = await r.text();
    expect(html).toContain('op.logoutForm');
  });
});
