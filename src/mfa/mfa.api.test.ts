import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeMembership, makeOrg, makeOrgAdmin } from '../../test/factories.js';
import { ApiClient } from '../../test/http-client.js';
import { enrolTotp, totpCode } from '../../test/mfa.js';
import { OPERATOR, startTestApp, type TestApp } from '../../test/test-app.js';
import { mfaSatisfied } from './service.js';

/** Issue 11 MFA: TOTP with recovery codes, per-organisation enforcement, operators in production. */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

async function signedIn(email: string, password: string) {
  const api = t.client();
  await api.login(email, password);
  return api;
}

/** Password, then the second factor with `code` (a function of the challenge's methods). */
async function signInWithTotp(email: string, password: string, secret: string, offsetSeconds = 0) {
  const api = t.client();
  const first = await api.post('/api/v1/auth/login', { email, password });
  expect(first.status).toBe(200);
  expect(first.body.mfa.methods).toContain('totp');
  expect(first.headers.get('set-cookie')).toBeNull();
  const second = await api.post('/api/v1/auth/mfa/totp', { token: first.body.mfa.token, code: await totpCode(t, secret, offsetSeconds) });
  return { api, second };
}

describe('MFA TOTP enrolment and sign-in', () => {
  it('MFA-1 enrols an authenticator app: the session is verified and ten recovery codes are shown once', async () => {
    const acc = await makeAccount(t);
    const api = await signedIn(acc.email, acc.password);
    expect((await api.get('/api/v1/me/mfa')).body).toMatchObject({ totp: false, verified: false, recoveryCodesLeft: 0 });
    const started = await api.post('/api/v1/me/mfa/totp');
    expect(started.body.uri).toMatch(/^otpauth:\/\/totp\/Nyckel:.*secret=/);
    expect((await api.post('/api/v1/me/mfa/totp/confirm', { code: '000000' })).body.code).toBe('mfa_invalid');
    const confirmed = await api.post('/api/v1/me/mfa/totp/confirm', { code: await totpCode(t, started.body.secret) });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.recoveryCodes).toHaveLength(10);
    expect(new Set(confirmed.body.recoveryCodes).size).toBe(10);
    expect((await api.get('/api/v1/me/mfa')).body).toMatchObject({ totp: true, verified: true, recoveryCodesLeft: 10 });
    // A second enrolment is refused while one is on.
    expect((await api.post('/api/v1/me/mfa/totp')).status).toBe(409);
  });

  it('MFA-2 the password alone no longer signs in; the code does, once, and five wrong codes end the attempt', async () => {
    const acc = await makeAccount(t);
    const { secret } = await enrolTotp(t, await signedIn(acc.email, acc.password));
    t.clock.advance(30_000); // past the enrolment's code

    const first = await t.client().post('/api/v1/auth/login', { email: acc.email, password: acc.password });
    expect(first.body).toEqual({ mfa: { token: expect.any(String), methods: ['totp', 'recovery'] } });
    const wrong = await t.client().post('/api/v1/auth/mfa/totp', { token: first.body.mfa.token, code: '123456' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('mfa_invalid');

    const { api, second } = await signInWithTotp(acc.email, acc.password, secret);
    expect(second.status).toBe(200);
    api.csrfToken = second.body.csrfToken;
    expect((await api.get('/api/v1/me')).status).toBe(200);
    expect((await api.get('/api/v1/me/mfa')).body.verified).toBe(true);

    // The same code again (same time step): refused — no replay.
    const replay = await signInWithTotp(acc.email, acc.password, secret);
    expect(replay.second.body.code).toBe('mfa_invalid');

    const attempt = (await t.client().post('/api/v1/auth/login', { email: acc.email, password: acc.password })).body.mfa.token;
    for (let i = 0; i < 5; i++) await t.client().post('/api/v1/auth/mfa/totp', { token: attempt, code: '000000' });
    t.clock.advance(30_000);
    const late = await t.client().post('/api/v1/auth/mfa/totp', { token: attempt, code: await totpCode(t, secret) });
    expect(late.body.code).toBe('mfa_invalid');
  });

  it('MFA-3 a recovery code signs in once', async () => {
    const acc = await makeAccount(t);
    const { recoveryCodes } = await enrolTotp(t, await signedIn(acc.email, acc.password));
    const token = async () => (await t.client().post('/api/v1/auth/login', { email: acc.email, password: acc.password })).body.mfa.token;
    const api = t.client();
    const ok = await api.post('/api/v1/auth/mfa/recovery', { token: await token(), code: recoveryCodes[0].toUpperCase() });
    expect(ok.status).toBe(200);
    expect((await api.get('/api/v1/me')).status).toBe(200);
    expect((await t.client().post('/api/v1/auth/mfa/recovery', { token: await token(), code: recoveryCodes[0] })).body.code).toBe('mfa_invalid');
    api.csrfToken = ok.body.csrfToken;
    expect((await api.get('/api/v1/me/mfa')).body.recoveryCodesLeft).toBe(9);
  });

  it('MFA-4 changing factors needs a verified session: a session from before the enrolment cannot remove it', async () => {
    const acc = await makeAccount(t);
    const older = await signedIn(acc.email, acc.password);
    await enrolTotp(t, await signedIn(acc.email, acc.password));
    const refused = await older.delete('/api/v1/me/mfa/totp');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('mfa_required');
    expect((await older.post('/api/v1/me/mfa/webauthn/options')).body.code).toBe('mfa_required');
    expect((await older.get('/api/v1/me/mfa')).body).toMatchObject({ totp: true, verified: false });
  });
});

describe('MFA organisations require it of their members', () => {
  it('MFA-5 an administrator needs MFA to turn it on; members without it are stopped at the organisation and let in after enrolling', async () => {
    const op = await t.operator();
    const org = await makeOrg(op);
    const { api: admin } = await makeOrgAdmin(t, org.id);
    const refused = await admin.put(`/api/v1/orgs/${org.id}/mfa-policy`, { required: true });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('mfa_required');
    await enrolTotp(t, admin);
    expect((await admin.put(`/api/v1/orgs/${org.id}/mfa-policy`, { required: true })).body).toEqual({ required: true });
    expect((await admin.get(`/api/v1/orgs/${org.id}/users`)).status).toBe(200);
    const audit = (await admin.get(`/api/v1/orgs/${org.id}/audit?action=org.mfa`)).body.items;
    expect(audit[0]).toMatchObject({ action: 'org.mfa_policy_changed', before: { required: false }, after: { required: true } });

    const acc = await makeAccount(t, { homeOrgId: org.id });
    await makeMembership(t, org.id, acc.id, { packages: ['base-crm'] });
    const member = await signedIn(acc.email, acc.password);
    const token = (await member.post('/api/v1/me/api-tokens', { name: 'before MFA' })).body.token as string;
    const stopped = await member.get(`/api/v1/orgs/${org.id}`);
    expect(stopped.status).toBe(403);
    expect(stopped.body.code).toBe('mfa_required');
    expect((await member.get(`/api/v1/me/organisations/${org.id}`)).body.code).toBe('mfa_required');
    const bearer = new ApiClient(t.url);
    bearer.bearer = token;
    expect((await bearer.get(`/api/v1/orgs/${org.id}`)).body.code).toBe('mfa_required');

    await enrolTotp(t, member);
    expect((await member.get(`/api/v1/orgs/${org.id}`)).status).toBe(200);
    expect(await mfaSatisfied(t.database.db, { mfa: false, operator: false }, org.id)).toBe(false);
    expect(await mfaSatisfied(t.database.db, { mfa: true, operator: false }, org.id)).toBe(true);
    // Operators are held to MFA by the platform rule, not by organisations.
    expect((await op.get(`/api/v1/orgs/${org.id}`)).status).toBe(200);
    // Turning it off needs no MFA of its own beyond entering the organisation.
    expect((await admin.put(`/api/v1/orgs/${org.id}/mfa-policy`, { required: false })).body).toEqual({ required: false });
    expect((await bearer.get(`/api/v1/orgs/${org.id}`)).status).toBe(200);
  });
});

describe('MFA operators in production', () => {
  let prod: TestApp;
  beforeAll(async () => {
    prod = await startTestApp({ production: true, devMailbox: false });
  }, 120_000);
  afterAll(async () => {
    await prod?.close();
  });

  it('MFA-6 an operator without a second factor can only enrol; after enrolling everything opens', async () => {
    const op = new ApiClient(prod.url);
    await op.login(OPERATOR.email, OPERATOR.password);
    expect((await op.get('/api/v1/me')).status).toBe(200);
    const blocked = await op.get('/api/v1/orgs');
    expect(blocked.status).toBe(403);
    expect(blocked.body.code).toBe('mfa_required');
    expect((await op.get('/api/v1/me/mfa')).body).toMatchObject({ operatorRequired: true, verified: false });
    await enrolTotp(prod, op);
    expect((await op.get('/api/v1/orgs')).status).toBe(200);
  });
});
