import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeMembership, makeOrg, makeOrgAdmin } from '../../test/factories.js';
import type { ApiClient } from '../../test/http-client.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';

let t: TestApp;
let op: ApiClient;
beforeAll(async () => {
  t = await startTestApp();
  op = await t.operator();
});
afterAll(async () => {
  await t?.close();
});

const eligible = (orgId: string, query = '') => `/api/v1/orgs/${orgId}/eligible-resellers${query ? `?${query}` : ''}`;

/** An agency employee with a readable name (accounts get generated ones; the list reads the membership's copy). */
async function employee(agencyId: string, first: string, last: string, input: Parameters<typeof makeMembership>[3] = {}) {
  const account = await makeAccount(t, { homeOrgId: agencyId, email: `${first}.${last}.${Date.now()}@agency.test`.toLowerCase() });
  await t.database.db.updateTable('accounts').set({ first_name: first, last_name: last }).where('id', '=', account.id).execute();
  await makeMembership(t, agencyId, account.id, input);
  return account;
}

describe('R-C3 eligible resellers for a client (issue 14)', () => {
  it("R-C3 a client administrator lists only the agency's active employees, searches and pages them, and sees who is already a user here", async () => {
    const agency = await makeOrg(op, { kind: 'agency' });
    const client = await makeOrg(op, { agencyId: agency.id });
    const { api: admin } = await makeOrgAdmin(t, client.id);
    const anna = await employee(agency.id, 'Anna', 'Alm');
    const bo = await employee(agency.id, 'Bo', 'Berg');
    const cia = await employee(agency.id, 'Cia', 'Carlsson');
    await employee(agency.id, 'Dan', 'Deactivated', { status: 'inactive' });
    await employee(agency.id, 'Eva', 'External', { type: 'external', validUntil: '2099-12-31' });
    await employee(agency.id, 'Nils', 'Noaccess', { type: 'no_access' });
    const otherAgency = await makeOrg(op, { kind: 'agency' });
    await employee(otherAgency.id, 'Olle', 'Other');

    // Anna is already a reseller user of the client.
    const added = await admin.post(`/api/v1/orgs/${client.id}/users`, { type: 'reseller', email: anna.email, resellerRole: 'accountant' });
    expect(added.status, JSON.stringify(added.body)).toBe(201);

    const all = await admin.get(eligible(client.id));
    expect(all.status).toBe(200);
    expect(all.body.total).toBe(3);
    expect(all.body.items.map((p: { lastName: string }) => p.lastName)).toEqual(['Alm', 'Berg', 'Carlsson']);
    const byEmail = new Map(all.body.items.map((p: { email: string }) => [p.email, p]));
    expect(byEmail.get(anna.email)).toMatchObject({ firstName: 'Anna', membershipId: added.body.id });
    expect(byEmail.get(bo.email)).toMatchObject({ membershipId: null });
    expect(Object.keys(all.body.items[0]).sort()).toEqual(['accountId', 'email', 'firstName', 'lastName', 'membershipId', 'office']);

    const search = await admin.get(eligible(client.id, 'q=BERG'));
    expect(search.body.items.map((p: { email: string }) => p.email)).toEqual([bo.email]);
    expect((await admin.get(eligible(client.id, `q=${encodeURIComponent(cia.email.slice(0, 5))}`))).body.items.map((p: { email: string }) => p.email)).toEqual([
      cia.email,
    ]);

    const first = await admin.get(eligible(client.id, 'limit=2'));
    expect(first.body.items).toHaveLength(2);
    const second = await admin.get(eligible(client.id, `limit=2&cursor=${first.body.nextCursor}`));
    expect(second.body.items.map((p: { lastName: string }) => p.lastName)).toEqual(['Carlsson']);
    expect(second.body.total).toBe(3);
    expect(second.body.nextCursor).toBeNull();

    // Whoever is not listed is refused as a reseller, as before (the list and the check share one rule).
    const outsider = await admin.post(`/api/v1/orgs/${client.id}/users`, { type: 'reseller', email: (await makeAccount(t)).email, resellerRole: 'auditor' });
    expect(outsider.body.code).toBe('not_eligible');
  });

  it('R-C3 R-J1 only those who may add users here see the list; another organisation sees nothing; a client without an agency has none', async () => {
    const agency = await makeOrg(op, { kind: 'agency' });
    const client = await makeOrg(op, { agencyId: agency.id });
    await employee(agency.id, 'Pia', 'Pinnacle');
    const member = await makeAccount(t, { homeOrgId: client.id });
    await makeMembership(t, client.id, member.id, { modules: [{ key: 'bank' }] });
    const plain = t.client();
    await plain.login(member.email, member.password);
    expect((await plain.get(eligible(client.id))).status).toBe(403);

    const stranger = await makeOrg(op);
    const { api: strangerAdmin } = await makeOrgAdmin(t, stranger.id);
    expect((await strangerAdmin.get(eligible(client.id))).status).toBe(404);
    const none = await strangerAdmin.get(eligible(stranger.id));
    expect(none.status).toBe(200);
    expect(none.body).toEqual({ items: [], total: 0, nextCursor: null });
    expect((await strangerAdmin.get(eligible(stranger.id, 'cursor=forged'))).status).toBe(400);
  });
});
