import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount } from '../../test/factories.js';
import { SoftwareAuthenticator } from '../../test/software-authenticator.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';

/** Issue 11 MFA: WebAuthn passkeys through the API, with a software authenticator (ES256, "none" attestation). */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp(); // NYCKEL_PUBLIC_URL http://nyckel.test: rpID nyckel.test
});
afterAll(async () => {
  await t?.close();
});

describe('MFA passkeys', () => {
  it('MFA-9 registers a passkey (recovery codes with it), then signs in with it; a forged origin or another key is refused', async () => {
    const acc = await makeAccount(t);
    const api = t.client();
    await api.login(acc.email, acc.password);
    const key = new SoftwareAuthenticator('nyckel.test', 'http://nyckel.test');
    const options = (await api.post('/api/v1/me/mfa/webauthn/options')).body;
    expect(options.rp).toEqual({ name: 'Nyckel', id: 'nyckel.test' });
    const registered = await api.post('/api/v1/me/mfa/webauthn', { name: 'Laptop', response: key.register(options) });
    expect(registered.status).toBe(201);
    expect(registered.body.id).toBe(key.id);
    expect(registered.body.recoveryCodes).toHaveLength(10);
    expect((await api.get('/api/v1/me/mfa')).body).toMatchObject({ verified: true, passkeys: [{ id: key.id, name: 'Laptop' }] });

    const signIn = async (answer: (o: { challenge: string }) => unknown) => {
      const c = t.client();
      const first = await c.post('/api/v1/auth/login', { email: acc.email, password: acc.password });
      expect(first.body.mfa.methods).toEqual(['webauthn', 'recovery']);
      const o = await c.post('/api/v1/auth/mfa/webauthn/options', { token: first.body.mfa.token });
      expect(o.body.allowCredentials).toEqual([expect.objectContaining({ id: key.id })]);
      return { c, r: await c.post('/api/v1/auth/mfa/webauthn', { token: first.body.mfa.token, response: answer(o.body) }) };
    };
    const phished = await signIn((o) => key.authenticate(o, 'http://evil.example'));
    expect(phished.r.body.code).toBe('mfa_invalid');
    const stranger = new SoftwareAuthenticator('nyckel.test', 'http://nyckel.test');
    expect((await signIn((o) => ({ ...stranger.authenticate(o), id: key.id, rawId: key.id }))).r.body.code).toBe('mfa_invalid');
    const { c, r } = await signIn((o) => key.authenticate(o));
    expect(r.status).toBe(200);
    c.csrfToken = r.body.csrfToken;
    expect((await c.get('/api/v1/me/mfa')).body.verified).toBe(true);

    // Removing the only factor takes the recovery codes with it; the password alone signs in again.
    expect((await c.delete(`/api/v1/me/mfa/webauthn/${encodeURIComponent(key.id)}`)).status).toBe(204);
    expect((await c.get('/api/v1/me/mfa')).body).toMatchObject({ passkeys: [], recoveryCodesLeft: 0 });
    expect((await t.client().post('/api/v1/auth/login', { email: acc.email, password: acc.password })).body.csrfToken).toEqual(expect.any(String));
  });
});
