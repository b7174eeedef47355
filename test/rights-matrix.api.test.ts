import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeMembership, makeOrg, makeOrgAdmin } from './factories.js';
import type { ApiClient } from './http-client.js';
import { mailsTo, tokenIn } from './mailbox.js';
import { startTestApp, type TestApp } from './test-app.js';

/**
 * R-J1, R-J2: every caller kind against every organisation endpoint, with the answer each must get.
 * Callers: operator, organisation administrator, program administrator (payroll), contract owner (not a member),
 * plain member, administrator of another organisation, anonymous.
 */
let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

type Caller = 'operator' | 'admin' | 'programAdmin' | 'contractOwner' | 'member' | 'stranger' | 'anonymous';
const CALLERS: Caller[] = ['operator', 'admin', 'programAdmin', 'contractOwner', 'member', 'stranger', 'anonymous'];

let n = 0;
const fresh = () => `matrix-${Date.now().toString(36)}-${n++}@test.nyckel`;

describe('R-J1 R-J2 rights matrix: caller kinds × endpoints', () => {
  it('R-J1 R-J2 answers every caller as the matrix says', async () => {
    const op = await t.operator();
    const ownerEmail = fresh();
    const org = await makeOrg(op, { contractOwner: { email: ownerEmail, firstName: 'Con', lastName: 'Tract' } });
    await t
      .client()
      .post('/api/v1/auth/accept-invitation', { token: tokenIn((await mailsTo(t, ownerEmail))[0].text, 'accept-invitation'), password: 'owner-password-1' });
    const { api: admin } = await makeOrgAdmin(t, org.id);
    const pa = await makeAccount(t, { homeOrgId: org.id });
    await makeMembership(t, org.id, pa.id, { modules: [{ key: 'payroll', admin: true }] });
    const plain = await makeAccount(t, { homeOrgId: org.id });
    await makeMembership(t, org.id, plain.id, { packages: ['base-crm'] });
    const other = await makeOrg(op);
    const { api: stranger } = await makeOrgAdmin(t, other.id);
    const login = async (email: string, password: string) => {
      const c = t.client();
      await c.login(email, password);
      return c;
    };
    const clients: Record<Caller, ApiClient> = {
      operator: op,
      admin,
      programAdmin: await login(pa.email, pa.password),
      contractOwner: await login(ownerEmail, 'owner-password-1'),
      member: await login(plain.email, plain.password),
      stranger,
      anonymous: t.client(),
    };
    const target = (
      await admin.post(`/api/v1/orgs/${org.id}/users`, { type: 'employee', email: fresh(), firstName: 'Tar', lastName: 'Get', modules: [{ key: 'payroll' }] })
    ).body;
    const o = `/api/v1/orgs/${org.id}`;
    const u = `${o}/users/${target.id}`;

    // [method, path, body (a function: fresh values per call), expected per caller in CALLERS order]
    const matrix: [string, string, (() => unknown) | undefined, number[]][] = [
      ['GET', o, undefined, [200, 200, 200, 200, 200, 404, 401]],
      ['PATCH', o, () => ({ name: `Renamed ${n++}` }), [200, 200, 403, 403, 403, 404, 401]],
      ['GET', `${o}/audit`, undefined, [200, 200, 403, 403, 403, 404, 401]],
      ['GET', `${o}/users`, undefined, [200, 200, 200, 403, 403, 404, 401]],
      ['GET', `${o}/users.xlsx`, undefined, [200, 200, 200, 403, 403, 404, 401]],
      [
        'POST',
        `${o}/users`,
        () => ({ type: 'employee', email: fresh(), firstName: 'M', lastName: 'X', modules: [{ key: 'payroll' }] }),
        [201, 201, 201, 403, 403, 404, 401],
      ],
      [
        'POST',
        `${o}/users`,
        () => ({ type: 'employee', email: fresh(), firstName: 'M', lastName: 'X', modules: [{ key: 'accounting' }] }),
        [201, 201, 403, 403, 403, 404, 401],
      ],
      ['GET', u, undefined, [200, 200, 200, 403, 403, 404, 401]],
      ['PATCH', u, () => ({ jobTitle: `Title ${n++}` }), [200, 200, 403, 403, 403, 404, 401]],
      ['PATCH', u, () => ({ modules: [{ key: 'payroll', admin: n++ % 2 === 0 }] }), [200, 200, 200, 403, 403, 404, 401]],
      // Allowed past the rights check: the target has not accepted its invitation, so the reset itself is refused (409
      // action_not_applicable, users/actions.ts) — the others are stopped by their rights first.
      ['POST', `${u}/send-password-reset`, () => ({}), [409, 409, 403, 403, 403, 404, 401]],
      ['POST', `${u}/role-assignments`, () => ({ scope: 'org', roles: ['org-viewer'] }), [200, 200, 403, 403, 403, 404, 401]],
      ['GET', `${o}/licenses`, undefined, [200, 200, 403, 200, 403, 404, 401]],
      ['POST', `${o}/license-orders`, () => ({ seats: { cases: 50 + (n++ % 5) } }), [201, 201, 403, 201, 403, 404, 401]],
      // Issue 14: free seats before a change for whoever may add users or order; eligible resellers for who may add users.
      ['GET', `${o}/licenses/seats`, undefined, [200, 200, 200, 200, 403, 404, 401]],
      ['GET', `${o}/eligible-resellers`, undefined, [200, 200, 200, 403, 403, 404, 401]],
      // R-C16: offices are seen by whoever opens the organisation, kept by its administrators.
      ['GET', `${o}/offices`, undefined, [200, 200, 200, 200, 200, 404, 401]],
      ['POST', `${o}/offices`, () => ({ name: `Office ${n++}` }), [201, 201, 403, 403, 403, 404, 401]],
      ['GET', `${o}/projects`, undefined, [200, 200, 200, 200, 200, 404, 401]],
      ['POST', `${o}/projects`, () => ({ name: `P ${n++}` }), [201, 201, 403, 403, 403, 404, 401]],
      ['GET', `${o}/partner-orgs`, undefined, [200, 200, 403, 403, 403, 404, 401]],
      ['GET', `/api/v1/accounts/lookup?email=${encodeURIComponent(ownerEmail)}`, undefined, [200, 200, 403, 403, 403, 200, 401]],
      ['GET', `${o}/mfa-policy`, undefined, [200, 200, 200, 200, 200, 404, 401]],
      ['PUT', `${o}/mfa-policy`, () => ({ required: false }), [200, 200, 403, 403, 403, 404, 401]],
      // The dev mailbox holds reset links: operators only, signed in, in every mode.
      ['GET', '/api/v1/mail/outbox', undefined, [200, 403, 403, 403, 403, 403, 401]],
      // R-H1: access jobs are an agency's (startAccessJob); on a client organisation nobody starts or lists them.
      [
        'POST',
        `${o}/access-jobs/preview`,
        () => ({ operation: 'revoke_clients', clientIds: [org.id], consultantIds: [pa.id] }),
        [403, 403, 403, 403, 403, 404, 401],
      ],
      ['GET', `${o}/access-jobs`, undefined, [403, 403, 403, 403, 403, 404, 401]],
      // R-L1, R-L2, R-L3: questions of module applications (their own token: src/apps/apps.api.test.ts) and their registration.
      ['POST', '/api/v1/check', () => ({ accountId: plain.id, orgId: org.id, module: 'crm' }), [200, 403, 403, 403, 403, 403, 401]],
      ['POST', '/api/v1/check/batch', () => ({ checks: [{ accountId: plain.id, orgId: org.id, module: 'crm' }] }), [200, 403, 403, 403, 403, 403, 401]],
      ['GET', `/api/v1/accounts/${plain.id}/access`, undefined, [200, 403, 403, 403, 200, 403, 401]],
      ['GET', '/api/v1/apps', undefined, [200, 403, 403, 403, 403, 403, 401]],
      ['POST', '/api/v1/apps', () => ({ name: `App ${n++}` }), [201, 403, 403, 403, 403, 403, 401]],
    ];
    const failures: string[] = [];
    for (const [method, path, body, expected] of matrix) {
      for (const [i, caller] of CALLERS.entries()) {
        const r = await clients[caller].request(method, path, body?.());
        if (r.status !== expected[i]) failures.push(`${caller} ${method} ${path}: ${r.status} (expected ${expected[i]}) ${r.body?.code ?? ''}`);
        if (r.status >= 400) expect(r.contentType).toContain('application/problem+json');
      }
    }
    expect(failures).toEqual([]);
    // A stranger's and an anonymous caller's attempts changed nothing.
    expect((await admin.get(u)).body.firstName).toBe('Tar');
  });
});
