import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeMembership, makeOrg, makeOrgAdmin } from '../../test/factories.js';
import { mailsTo } from '../../test/mailbox.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

let n = 0;
const email = (p = 'o') => `${p}-${Date.now().toString(36)}-${n++}@test.nyckel`;

describe("R-A1 R-B5 an organisation's agency and contract owner (issue 14 item 8)", () => {
  it('R-A1 a plain member of a client sees its agency by name (the agency itself stays invisible to it)', async () => {
    const op = await t.operator();
    const agency = await makeOrg(op, { kind: 'agency', name: `Byrå ${n++}` });
    const client = await makeOrg(op, { agencyId: agency.id });
    const acc = await makeAccount(t, { homeOrgId: client.id });
    await makeMembership(t, client.id, acc.id, { packages: ['base-crm'] });
    const member = t.client();
    await member.login(acc.email, acc.password);
    const seen = await member.get(`/api/v1/orgs/${client.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.agency).toEqual({ id: agency.id, name: agency.name });
    expect((await member.get(`/api/v1/orgs/${agency.id}`)).status).toBe(404);
    const listed = await op.get(`/api/v1/orgs?agencyId=${agency.id}`);
    expect(listed.body.items[0].agency).toEqual({ id: agency.id, name: agency.name });
  });

  it('R-A1 an operator changes the agency (audited); an administrator of the client may not; an unknown agency is a 400', async () => {
    const op = await t.operator();
    const a1 = await makeOrg(op, { kind: 'agency' });
    const a2 = await makeOrg(op, { kind: 'agency' });
    const client = await makeOrg(op, { agencyId: a1.id });
    const { api: admin } = await makeOrgAdmin(t, client.id);
    expect((await admin.patch(`/api/v1/orgs/${client.id}`, { agencyId: a2.id })).status).toBe(403);
    const unknown = await op.patch(`/api/v1/orgs/${client.id}`, { agencyId: client.id });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toContainEqual(expect.objectContaining({ path: 'agencyId', code: 'unknown_agency' }));
    const moved = await op.patch(`/api/v1/orgs/${client.id}`, { agencyId: a2.id });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ agencyId: a2.id, agency: { id: a2.id, name: a2.name } });
    const audit = await op.get(`/api/v1/orgs/${client.id}/audit`);
    const event = audit.body.items.find((e: { action: string }) => e.action === 'org.updated');
    expect(event.before.agencyId).toBe(a1.id);
    expect(event.after.agencyId).toBe(a2.id);
    // Sending the agency it already has is no change, so an administrator's whole form passes.
    expect((await admin.patch(`/api/v1/orgs/${client.id}`, { agencyId: a2.id, name: 'Renamed Oy' })).status).toBe(200);
  });

  it('R-B5 the contract owner is changed by an operator (a new address is invited) and handed over by the owner; an administrator may not', async () => {
    const op = await t.operator();
    const client = await makeOrg(op);
    const { api: admin } = await makeOrgAdmin(t, client.id);
    const address = email('owner');
    expect((await admin.patch(`/api/v1/orgs/${client.id}`, { contractOwner: { email: address, firstName: 'Olga', lastName: 'Owner' } })).status).toBe(403);
    const set = await op.patch(`/api/v1/orgs/${client.id}`, { contractOwner: { email: address, firstName: 'Olga', lastName: 'Owner' } });
    expect(set.status).toBe(200);
    expect(set.body.contractOwner).toMatchObject({ name: 'Olga Owner', email: address });
    expect(await mailsTo(t, address)).toHaveLength(1);

    const current = await makeAccount(t);
    await op.patch(`/api/v1/orgs/${client.id}`, { contractOwner: { email: current.email, firstName: 'X', lastName: 'Y' } });
    const owner = t.client();
    await owner.login(current.email, current.password);
    const next = await makeAccount(t);
    const handed = await owner.patch(`/api/v1/orgs/${client.id}`, { contractOwner: { email: next.email, firstName: 'N', lastName: 'N' } });
    expect(handed.status).toBe(200);
    expect(handed.body.contractOwnerAccountId).toBe(next.id);
    // Handed over: the former owner no longer sees the organisation.
    expect((await owner.get(`/api/v1/orgs/${client.id}`)).status).toBe(404);
  });

  it('R-C3 a client with reseller users of its agency does not change agency until they are removed', async () => {
    const op = await t.operator();
    const a1 = await makeOrg(op, { kind: 'agency' });
    const a2 = await makeOrg(op, { kind: 'agency' });
    const client = await makeOrg(op, { agencyId: a1.id });
    const consultant = await makeAccount(t, { homeOrgId: a1.id });
    await makeMembership(t, a1.id, consultant.id, { packages: ['agency'] });
    await makeMembership(t, client.id, consultant.id, { type: 'reseller', packages: ['agency'] });
    const refused = await op.patch(`/api/v1/orgs/${client.id}`, { agencyId: a2.id });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toContainEqual(expect.objectContaining({ path: 'agencyId', code: 'resellers_remain' }));
  });
});
