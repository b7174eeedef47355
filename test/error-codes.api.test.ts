import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/kernel/crypto.js';
import { ERROR_CODES, FIELD_CODES, type ErrorCode } from '../src/kernel/errors.js';
import { databaseProblem } from '../src/kernel/http.js';
import { makeAccount, makeOrg, makeOrgAdmin } from './factories.js';
import type { ApiClient } from './http-client.js';
import { startTestApp, type TestApp } from './test-app.js';

// Each specific code that replaced the generic `conflict` is answered with the status and title docs/api.md
// documents (generated from ERROR_CODES), and validation_failed's field errors carry a field code.

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

let n = 0;
const email = () => `codes-${Date.now().toString(36)}-${n++}@test.nyckel`;
const users = (orgId: string) => `/api/v1/orgs/${orgId}/users`;

type Answer = { status: number; body: any; contentType: string };

function expectProblem(r: Answer, code: ErrorCode) {
  expect(r.body?.code, JSON.stringify(r.body)).toBe(code);
  expect(r.status).toBe(ERROR_CODES[code].status);
  expect(r.body.status).toBe(ERROR_CODES[code].status);
  expect(r.body.title).toBe(ERROR_CODES[code].title);
  expect(r.contentType).toContain('application/problem+json');
}

async function setup() {
  const op = await t.operator();
  const org = await makeOrg(op);
  const { api: admin } = await makeOrgAdmin(t, org.id);
  return { org, admin };
}

async function add(admin: ApiClient, orgId: string, body: Record<string, unknown>) {
  const r = await admin.post(users(orgId), body);
  if (r.status !== 201) throw new Error(`add user: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { id: string };
}

const employee = () => ({ type: 'employee', email: email(), firstName: 'Err', lastName: 'Or', packages: ['base-crm'] });
const person = { type: 'person', firstName: 'Pia', lastName: 'Person' };

describe('specific codes instead of conflict', () => {
  it('R-C1 already a member: 409 already_member', async () => {
    const { org, admin } = await setup();
    const body = employee();
    await add(admin, org.id, body);
    const again = await admin.post(users(org.id), { type: 'no_access', email: body.email.toUpperCase() });
    expect(again.status).toBe(409);
    expectProblem(again, 'already_member');
  });

  it('R-C7 remove access from a person without user: 409 not_applicable_to_person', async () => {
    const { org, admin } = await setup();
    const p = await add(admin, org.id, person);
    const r = await admin.post(`${users(org.id)}/${p.id}/remove-access`);
    expect(r.status).toBe(409);
    expectProblem(r, 'not_applicable_to_person');
  });

  it('R-C8 already inactive: 409 already_inactive; a person is not deactivated: not_applicable_to_person', async () => {
    const { org, admin } = await setup();
    const u = await add(admin, org.id, employee());
    expect((await admin.post(`${users(org.id)}/${u.id}/deactivate`)).status).toBe(200);
    const again = await admin.post(`${users(org.id)}/${u.id}/deactivate`);
    expect(again.status).toBe(409);
    expectProblem(again, 'already_inactive');
    const p = await add(admin, org.id, person);
    expectProblem(await admin.post(`${users(org.id)}/${p.id}/deactivate`), 'not_applicable_to_person');
  });

  it('R-C9 reactivate only inactive: 409 not_inactive', async () => {
    const { org, admin } = await setup();
    const u = await add(admin, org.id, employee());
    const r = await admin.post(`${users(org.id)}/${u.id}/reactivate`);
    expect(r.status).toBe(409);
    expectProblem(r, 'not_inactive');
  });

  it('R-C10 remove roles only from inactive: 409 not_inactive', async () => {
    const { org, admin } = await setup();
    const u = await add(admin, org.id, employee());
    expectProblem(await admin.post(`${users(org.id)}/${u.id}/remove-roles`), 'not_inactive');
  });

  it('R-C12 resend only invited: 409 not_invited (accepted, or inactive); a person: not_applicable_to_person', async () => {
    const { org, admin } = await setup();
    const existing = await makeAccount(t);
    const active = await add(admin, org.id, { type: 'no_access', email: existing.email });
    const r = await admin.post(`${users(org.id)}/${active.id}/resend-invitation`, {});
    expect(r.status).toBe(409);
    expectProblem(r, 'not_invited');
    const invited = await add(admin, org.id, employee());
    expect((await admin.post(`${users(org.id)}/${invited.id}/deactivate`)).status).toBe(200);
    expectProblem(await admin.post(`${users(org.id)}/${invited.id}/resend-invitation`, {}), 'not_invited');
    const p = await add(admin, org.id, person);
    expectProblem(await admin.post(`${users(org.id)}/${p.id}/resend-invitation`, {}), 'not_applicable_to_person');
  });

  it('R-C13 a person without user has no password to reset: 409 not_applicable_to_person', async () => {
    const { org, admin } = await setup();
    const p = await add(admin, org.id, person);
    expectProblem(await admin.post(`${users(org.id)}/${p.id}/send-password-reset`), 'not_applicable_to_person');
  });

  it('R-C8 an inactive member gets no new roles: 409 member_inactive', async () => {
    const { org, admin } = await setup();
    const u = await add(admin, org.id, employee());
    await admin.post(`${users(org.id)}/${u.id}/deactivate`);
    const r = await admin.post(`${users(org.id)}/${u.id}/role-assignments`, { scope: 'org', roles: ['org-viewer'] });
    expect(r.status).toBe(409);
    expectProblem(r, 'member_inactive');
  });

  it('a unique violation answers the code its constraint names; an unnamed one the generic conflict', async () => {
    const taken = await makeAccount(t);
    const err = await t.database.db
      .insertInto('accounts')
      .values({
        id: newId(),
        email: taken.email.toUpperCase(),
        first_name: 'Dup',
        last_name: 'Licate',
        language: 'en',
        home_org_id: null,
        password_hash: null,
        operator: false,
        active: true,
        login_valid_until: null,
      })
      .execute()
      .then(
        () => null,
        (e: unknown) => e as { code?: string; constraint?: string },
      );
    expect(err?.code).toBe('23505');
    expect(err?.constraint).toBe('accounts_email_unique');
    expect(databaseProblem(err!)).toBe('email_taken');
    expect(databaseProblem({ code: '23505', constraint: 'orgs_business_id_unique' })).toBe('duplicate_business_id');
    expect(databaseProblem({ code: '23505', constraint: 'memberships_account_unique' })).toBe('already_member');
    expect(databaseProblem({ code: '23505', constraint: 'sessions_pkey' })).toBe('conflict');
    expect(databaseProblem({ code: '23505' })).toBe('conflict');
  });
});

describe('validation_failed field errors carry a field code', () => {
  const codesByPath = (r: Answer) => Object.fromEntries((r.body.errors as { path: string; code: string }[]).map((e) => [e.path, e.code]));

  it('R-C1 zod issues map onto the stable field codes: required, wrong_type, too_long, invalid_email, invalid_choice, unknown_field', async () => {
    const { org, admin } = await setup();
    const r = await admin.post(users(org.id), {
      type: 'employee',
      email: 'not-an-address',
      firstName: 42,
      lastName: 'x'.repeat(101),
      jobTitle: 'ok',
      colour: 'blue',
    });
    expectProblem(r, 'validation_failed');
    expect(codesByPath(r)).toMatchObject({ email: 'invalid_email', firstName: 'wrong_type', lastName: 'too_long', colour: 'unknown_field' });
    expect(codesByPath(await admin.post(users(org.id), { type: 'spaceship' }))).toMatchObject({ type: 'invalid_choice' });
    expect(codesByPath(await admin.post(users(org.id), {}))).toMatchObject({ type: 'required' });
    for (const e of r.body.errors) expect(Object.keys(e).sort()).toEqual(['code', 'message', 'path']);
  });

  it('R-C1 R-C4 service rules name their field codes: required, unknown_package, unknown_module, ends_before_start', async () => {
    const { org, admin } = await setup();
    const r = await admin.post(users(org.id), { type: 'employee' });
    expectProblem(r, 'validation_failed');
    expect(codesByPath(r)).toEqual({ email: 'required' });
    const grants = await admin.post(users(org.id), { ...employee(), packages: ['gold'], modules: [{ key: 'teleport' }] });
    expect(codesByPath(grants)).toEqual({ 'packages.0': 'unknown_package', 'modules.0.key': 'unknown_module' });
    const dates = await admin.post(users(org.id), { ...employee(), type: 'external', validFrom: '2030-02-01', validUntil: '2030-01-01' });
    expect(codesByPath(dates)).toEqual({ validUntil: 'ends_before_start' });
    const names = await admin.post(users(org.id), { type: 'employee', email: email() });
    expect(codesByPath(names)).toEqual({ firstName: 'required', lastName: 'required' });
  });

  it('R-D1 a forged cursor is invalid_cursor on querystring.cursor; query issues have codes too', async () => {
    const { org, admin } = await setup();
    const r = await admin.get(`${users(org.id)}?cursor=forged`);
    expectProblem(r, 'validation_failed');
    expect(r.body.errors).toEqual([{ path: 'querystring.cursor', code: 'invalid_cursor', message: expect.any(String) }]);
    const query = await admin.get(`${users(org.id)}?sort=shoeSize&limit=9999`);
    expect(codesByPath(query)).toEqual({ 'querystring.sort': 'invalid_choice', 'querystring.limit': 'too_large' });
  });

  it('every field code answered is one of the documented FIELD_CODES', async () => {
    const { org, admin } = await setup();
    const r = await admin.post(users(org.id), { type: 'reseller', email: 'x', phone: 7, packages: 'all', modules: [{}], validFrom: 'soon' });
    expectProblem(r, 'validation_failed');
    expect(r.body.errors.length).toBeGreaterThan(0);
    for (const e of r.body.errors) expect(Object.keys(FIELD_CODES)).toContain(e.code);
  });
});
