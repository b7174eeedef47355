import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeMembership, makeOrg } from '../../test/factories.js';
import { mailsTo as mailboxOf, waitForMails as waitForMailsTo } from '../../test/mailbox.js';
import { OPERATOR, startTestApp, type TestApp } from '../../test/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

const mailsTo = (email: string) => mailboxOf(t, email);
/** Forgot-password mail is written by a job after the answer: wait for it. */
const waitForMails = (email: string, count = 1) => waitForMailsTo(t, email, count);
const tokenIn = (text: string, path: string) => {
  const m = new RegExp(`${path}\\?token=([A-Za-z0-9_%-]+)`).exec(text);
  if (!m) throw new Error(`no ${path} link in ${text}`);
  return decodeURIComponent(m[1]);
};

describe('R-G1 password sign-in with sessions', () => {
  it('R-G1 signs in with an httpOnly SameSite=Lax cookie and a CSRF token, and signs out', async () => {
    const acc = await makeAccount(t);
    const api = t.client();
    const r = await api.post('/api/v1/auth/login', { email: acc.email.toUpperCase(), password: acc.password });
    expect(r.status).toBe(200);
    expect(r.body.account.email).toBe(acc.email);
    expect(typeof r.body.csrfToken).toBe('string');
    const cookie = r.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^nyckel_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    api.csrfToken = r.body.csrfToken;
    const me = await api.get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.account.id).toBe(acc.id);
    expect(me.body.csrfToken).toBe(r.body.csrfToken);
    const cookieBefore = (api as any).cookie;
    expect((await api.post('/api/v1/auth/logout')).status).toBe(204);
    // The old session cookie no longer works, even when replayed.
    (api as any).cookie = cookieBefore;
    expect((await api.get('/api/v1/me')).status).toBe(401);
  });

  it('R-G1 answers wrong password and unknown e-mail alike (no enumeration)', async () => {
    const acc = await makeAccount(t);
    const wrong = await t.client().post('/api/v1/auth/login', { email: acc.email, password: 'not-the-password' });
    const unknown = await t.client().post('/api/v1/auth/login', { email: `nobody-${Date.now()}@test.nyckel`, password: 'not-the-password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.code).toBe('invalid_credentials');
  });

  it('R-G1 requires the CSRF token on cookie-authenticated writes', async () => {
    const acc = await makeAccount(t);
    const api = t.client();
    await api.login(acc.email, acc.password);
    const missing = await api.request('PATCH', '/api/v1/me', { language: 'sv' }, { 'x-csrf-token': '' });
    expect(missing.status).toBe(403);
    expect(missing.body.code).toBe('csrf_failed');
    const wrongToken = await api.request('PATCH', '/api/v1/me', { language: 'sv' }, { 'x-csrf-token': 'x'.repeat(43) });
    expect(wrongToken.body.code).toBe('csrf_failed');
    const ok = await api.patch('/api/v1/me', { language: 'sv' });
    expect(ok.status).toBe(200);
    expect(ok.body.account.language).toBe('sv');
  });

  it('R-F3 the language choice is stored on the account and survives a new sign-in', async () => {
    const acc = await makeAccount(t);
    const api = t.client();
    await api.login(acc.email, acc.password);
    expect((await api.patch('/api/v1/me', { language: 'fi' })).status).toBe(200);
    const again = t.client();
    const r = await again.login(acc.email, acc.password);
    expect(r.account.language).toBe('fi');
    const bad = await api.patch('/api/v1/me', { language: 'de' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.path)).toEqual(['language']);
  });

  it('creates the first operator from NYCKEL_ADMIN_EMAIL and NYCKEL_ADMIN_PASSWORD', async () => {
    const api = await t.operator();
    const me = await api.get('/api/v1/me');
    expect(me.body.operator).toBe(true);
    expect(me.body.account.email).toBe(OPERATOR.email);
  });
});

describe('R-G2 sign-in refusals', () => {
  it('R-G2 refuses a disabled account', async () => {
    const acc = await makeAccount(t, { active: false });
    const r = await t.client().post('/api/v1/auth/login', { email: acc.email, password: acc.password });
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('sign_in_refused');
  });

  it('R-G2 refuses an account past loginValidUntil, and ends its existing sessions', async () => {
    const acc = await makeAccount(t, { loginValidUntil: '2000-01-01' });
    const r = await t.client().post('/api/v1/auth/login', { email: acc.email, password: acc.password });
    expect(r.body.code).toBe('sign_in_refused');

    const today = new Date().toISOString().slice(0, 10);
    const later = await makeAccount(t, { loginValidUntil: today });
    const api = t.client();
    await api.login(later.email, later.password);
    expect((await api.get('/api/v1/me')).status).toBe(200);
    t.clock.advance(2 * 24 * 3600_000);
    try {
      expect((await api.get('/api/v1/me')).status).toBe(401);
    } finally {
      t.clock.advance(-2 * 24 * 3600_000);
    }
  });
});

describe('R-G2 member statuses', () => {
  it('R-G2 refuses an account whose only memberships are inactive or expired; one active membership is enough', async () => {
    const op = await t.operator();
    const a = await makeOrg(op);
    const b = await makeOrg(op);
    const acc = await makeAccount(t);
    await makeMembership(t, a.id, acc.id, { status: 'inactive', packages: ['base-crm'] });
    await makeMembership(t, b.id, acc.id, { type: 'external', packages: ['base-crm'], validUntil: '2001-01-01' });
    const refused = await t.client().post('/api/v1/auth/login', { email: acc.email, password: acc.password });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('sign_in_refused');
    const c = await makeOrg(op);
    await makeMembership(t, c.id, acc.id, { type: 'no_access' });
    expect((await t.client().post('/api/v1/auth/login', { email: acc.email, password: acc.password })).status).toBe(200);
  });
});

describe('sign-in throttling (SPEC §5 security)', () => {
  it('locks an e-mail after 5 failures with too_many_attempts and Retry-After, even for the right password', async () => {
    const acc = await makeAccount(t);
    for (let i = 0; i < 5; i++) {
      const r = await t.client().post('/api/v1/auth/login', { email: acc.email, password: `wrong-${i}-password` });
      expect(r.status).toBe(401);
    }
    const locked = await t.client().post('/api/v1/auth/login', { email: acc.email, password: acc.password });
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe('too_many_attempts');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    t.clock.advance(16 * 60_000);
    try {
      expect((await t.client().post('/api/v1/auth/login', { email: acc.email, password: acc.password })).status).toBe(200);
    } finally {
      t.clock.advance(-16 * 60_000);
    }
  });
});

describe('R-C13 forgot and reset password', () => {
  it('R-C13 answers the same for known and unknown e-mails and mails only the known one', async () => {
    const acc = await makeAccount(t);
    const known = await t.client().post('/api/v1/auth/forgot-password', { email: acc.email });
    const unknownEmail = `ghost-${Date.now()}@test.nyckel`;
    const unknown = await t.client().post('/api/v1/auth/forgot-password', { email: unknownEmail });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(known.body).toEqual(unknown.body);
    expect(await waitForMails(acc.email)).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 1_500)); // the unknown address's job has run by now, too
    expect(await mailsTo(unknownEmail)).toHaveLength(0);
  });

  it('R-C13 the reset link sets a new password once, ends old sessions, and comes from NYCKEL_PUBLIC_URL not the Host header', async () => {
    const acc = await makeAccount(t);
    const old = t.client();
    await old.login(acc.email, acc.password);
    await t.client().post('/api/v1/auth/forgot-password', { email: acc.email }, { host: 'evil.example' });
    const [mail] = await waitForMails(acc.email);
    expect(mail.text).toContain('http://nyckel.test/reset-password?token=');
    expect(mail.text).not.toContain('evil.example');
    const token = tokenIn(mail.text, 'reset-password');
    const r = await t.client().post('/api/v1/auth/reset-password', { token, password: 'brand-new-password' });
    expect(r.status).toBe(204);
    const again = await t.client().post('/api/v1/auth/reset-password', { token, password: 'another-new-password' });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('invalid_token');
    expect((await old.get('/api/v1/me')).status).toBe(401);
    expect((await t.client().post('/api/v1/auth/login', { email: acc.email, password: acc.password })).status).toBe(401);
    await t.client().login(acc.email, 'brand-new-password');
  });

  it('R-C13 a reset token is consumed by one atomic update: of 16 parallel uses exactly one succeeds', async () => {
    const acc = await makeAccount(t);
    await t.client().post('/api/v1/auth/forgot-password', { email: acc.email });
    const token = tokenIn((await waitForMails(acc.email))[0].text, 'reset-password');
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) => t.client().post('/api/v1/auth/reset-password', { token, password: `parallel-password-${i}` })),
    );
    expect(results.filter((r) => r.status === 204)).toHaveLength(1);
    expect(results.filter((r) => r.status === 400 && r.body.code === 'invalid_token')).toHaveLength(15);
  });

  it('R-C13 a reset link expires after 1 hour; a newer link replaces the older one', async () => {
    const acc = await makeAccount(t);
    await t.client().post('/api/v1/auth/forgot-password', { email: acc.email });
    const first = tokenIn((await waitForMails(acc.email))[0].text, 'reset-password');
    await t.client().post('/api/v1/auth/forgot-password', { email: acc.email });
    const mails = await waitForMails(acc.email, 2);
    const second = tokenIn(mails[0].text, 'reset-password');
    expect(second).not.toBe(first);
    expect((await t.client().post('/api/v1/auth/reset-password', { token: first, password: 'whatever-password' })).body.code).toBe('invalid_token');
    t.clock.advance(61 * 60_000);
    try {
      expect((await t.client().post('/api/v1/auth/reset-password', { token: second, password: 'whatever-password' })).body.code).toBe('invalid_token');
    } finally {
      t.clock.advance(-61 * 60_000);
    }
  });
});

describe('R-G1 invitation links set the password', () => {
  it('R-G1 a contract owner invited with a new organisation sets a password and signs in; the link lives 7 days', async () => {
    const op = await t.operator();
    const email = `owner-${Date.now()}@test.nyckel`;
    await makeOrg(op, { contractOwner: { email, firstName: 'Olle', lastName: 'Owner' } });
    const [mail] = await mailsTo(email);
    expect(mail.subject).toMatch(/invit|kutsu/i);
    const token = tokenIn(mail.text, 'accept-invitation');
    t.clock.advance(6 * 24 * 3600_000);
    try {
      expect((await t.client().post('/api/v1/auth/accept-invitation', { token, password: 'owner-password-1' })).status).toBe(204);
    } finally {
      t.clock.advance(-6 * 24 * 3600_000);
    }
    await t.client().login(email, 'owner-password-1');

    const email2 = `owner2-${Date.now()}@test.nyckel`;
    await makeOrg(op, { contractOwner: { email: email2, firstName: 'Otto', lastName: 'Owner' } });
    const token2 = tokenIn((await mailsTo(email2))[0].text, 'accept-invitation');
    t.clock.advance(8 * 24 * 3600_000);
    try {
      expect((await t.client().post('/api/v1/auth/accept-invitation', { token: token2, password: 'owner-password-1' })).body.code).toBe('invalid_token');
    } finally {
      t.clock.advance(-8 * 24 * 3600_000);
    }
  });

  it('an invitation token cannot be used as a reset token', async () => {
    const op = await t.operator();
    const email = `owner3-${Date.now()}@test.nyckel`;
    await makeOrg(op, { contractOwner: { email, firstName: 'Ada', lastName: 'Owner' } });
    const token = tokenIn((await mailsTo(email))[0].text, 'accept-invitation');
    expect((await t.client().post('/api/v1/auth/reset-password', { token, password: 'owner-password-1' })).body.code).toBe('invalid_token');
  });
});

describe('personal API tokens', () => {
  it('are shown once, stored hashed, work as Bearer without CSRF, and stop working when revoked', async () => {
    const acc = await makeAccount(t);
    const api = t.client();
    await api.login(acc.email, acc.password);
    const created = await api.post('/api/v1/me/api-tokens', { name: 'script' });
    expect(created.status).toBe(201);
    const token: string = created.body.token;
    expect(token).toMatch(/^nyk_/);
    const list = await api.get('/api/v1/me/api-tokens');
    expect(list.body.items).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain(token);
    const stored = await t.database.db.selectFrom('api_tokens').select('token_hash').where('id', '=', created.body.id).executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(token);

    const script = t.client();
    script.bearer = token;
    expect((await script.get('/api/v1/me')).body.account.id).toBe(acc.id);
    expect((await script.patch('/api/v1/me', { language: 'nb' })).status).toBe(200);

    expect((await api.delete(`/api/v1/me/api-tokens/${created.body.id}`)).status).toBe(204);
    const after = await script.get('/api/v1/me');
    expect(after.status).toBe(401);
    expect(after.body.code).toBe('unauthenticated');
  });
});

describe('GET /me organisation switcher', () => {
  it('names the organisations where the caller is system administrator or program administrator of modules', async () => {
    const op = await t.operator();
    const a = await makeOrg(op);
    const b = await makeOrg(op);
    const acc = await makeAccount(t);
    await makeMembership(t, a.id, acc.id, { modules: [{ key: 'user-admin' }] });
    await makeMembership(t, b.id, acc.id, { modules: [{ key: 'payroll', admin: true }, { key: 'crm', admin: true }, { key: 'bank' }] });
    const api = t.client();
    await api.login(acc.email, acc.password);
    const orgs = Object.fromEntries((await api.get('/api/v1/me')).body.organisations.map((o: any) => [o.id, o]));
    expect(orgs[a.id]).toMatchObject({ admin: true, programAdminOf: [] });
    expect(orgs[b.id].admin).toBe(false);
    expect([...orgs[b.id].programAdminOf].sort()).toEqual(['crm', 'payroll']);
  });
});
