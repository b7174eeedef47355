import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeMembership, makeOrg, makeOrgAdmin } from '../../test/factories.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

const users = (orgId: string) => `/api/v1/orgs/${orgId}/users`;

async function setup(seats?: Record<string, number>) {
  const op = await t.operator();
  const org = await makeOrg(op, seats ? { seats } : {});
  const { api: admin, account } = await makeOrgAdmin(t, org.id);
  const me = (await admin.get(`${users(org.id)}?q=${encodeURIComponent(account.email)}`)).body.items[0];
  return { op, org, admin, adminMembershipId: me.id as string };
}

async function member(
  orgId: string,
  input: Parameters<typeof makeMembership>[3] = { packages: ['base-crm'] },
  name: { firstName?: string; lastName?: string } = {},
) {
  const acc = await makeAccount(t, { homeOrgId: orgId, ...name });
  return { ...(await makeMembership(t, orgId, acc.id, input)), accountId: acc.id };
}

describe('R-C7 R-C8 R-C11 bulk actions from the user list (issue 14 item 10)', () => {
  it('R-C8 deactivates many users through the single rule, one transaction each: the last administrator and an inactive user are reported, the rest done', async () => {
    const { org, admin, adminMembershipId } = await setup();
    const a = await member(org.id);
    const b = await member(org.id);
    const inactive = await member(org.id, { packages: ['base-crm'], status: 'inactive' });
    const r = await admin.post(`${users(org.id)}/bulk`, { action: 'deactivate', ids: [a.id, b.id, inactive.id, adminMembershipId] });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ done: 2, failed: 2 });
    const byId = new Map(r.body.results.map((x: { id: string; code: string | null }) => [x.id, x.code]));
    expect(byId.get(a.id)).toBeNull();
    expect(byId.get(inactive.id)).toBe('already_inactive');
    expect(byId.get(adminMembershipId)).toBe('last_administrator');
    expect((await admin.get(`${users(org.id)}/${b.id}`)).body.status).toBe('inactive');
    const audit = await admin.get(`/api/v1/orgs/${org.id}/audit`);
    expect(audit.body.items.filter((e: { action: string }) => e.action === 'user.deactivated')).toHaveLength(2);
  });

  it('R-C7 R-C11 removes access and deletes in bulk; a plain member may not; an unknown action is a 400', async () => {
    const { org, admin } = await setup();
    const a = await member(org.id);
    const b = await member(org.id);
    const removed = await admin.post(`${users(org.id)}/bulk`, { action: 'remove-access', ids: [a.id] });
    expect(removed.body.done).toBe(1);
    expect((await admin.get(`${users(org.id)}/${a.id}`)).body.type).toBe('no_access');
    const deleted = await admin.post(`${users(org.id)}/bulk`, { action: 'delete', ids: [a.id, b.id] });
    expect(deleted.body.done).toBe(2);
    expect((await admin.get(`${users(org.id)}/${b.id}`)).status).toBe(404);
    expect((await admin.post(`${users(org.id)}/bulk`, { action: 'reactivate', ids: [a.id] })).status).toBe(400);

    const plain = await makeAccount(t, { homeOrgId: org.id });
    await makeMembership(t, org.id, plain.id, { packages: ['base-crm'] });
    const api = t.client();
    await api.login(plain.email, plain.password);
    expect((await api.post(`${users(org.id)}/bulk`, { action: 'delete', ids: [b.id] })).status).toBe(403);
  });
});

describe('R-C8 bulk actions on every user the filter matches, across pages (issue 14 item 10)', () => {
  it('R-C8 {filter} acts on every matching user (more than a page) through the single rules, names each, and leaves the others', async () => {
    const { org, admin } = await setup();
    const matched = [];
    for (let i = 0; i < 4; i++) matched.push(await member(org.id, { packages: ['base-crm'] }, { firstName: `Anna${i}`, lastName: 'Filterberg' }));
    const other = await member(org.id, { packages: ['base-crm'] }, { firstName: 'Erik', lastName: 'Berg' });
    // The list shows two per page; the filter reaches all four.
    const page = await admin.get(`${users(org.id)}?lastName=filterb&limit=2`);
    expect(page.body).toMatchObject({ total: 4 });
    expect(page.body.items).toHaveLength(2);

    const r = await admin.post(`${users(org.id)}/bulk`, { action: 'deactivate', filter: { view: 'all', lastName: 'filterb' } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ done: 4, failed: 0 });
    expect(new Set(r.body.results.map((x: { id: string }) => x.id))).toEqual(new Set(matched.map((m) => m.id)));
    expect(r.body.results.map((x: { name: string }) => x.name).sort()).toEqual([
      'Anna0 Filterberg',
      'Anna1 Filterberg',
      'Anna2 Filterberg',
      'Anna3 Filterberg',
    ]);
    expect((await admin.get(`${users(org.id)}/${other.id}`)).body.status).toBe('active');
    const audit = await admin.get(`/api/v1/orgs/${org.id}/audit`);
    expect(audit.body.items.filter((e: { action: string }) => e.action === 'user.deactivated')).toHaveLength(4);

    // Now inactive: "All users" no longer matches them, so a second run finds nobody.
    const again = await admin.post(`${users(org.id)}/bulk`, { action: 'deactivate', filter: { lastName: 'filterb' } });
    expect(again.body).toMatchObject({ done: 0, failed: 0 });
    // The same rules: the last administrator is reported, not deactivated.
    const all = await admin.post(`${users(org.id)}/bulk`, { action: 'deactivate', filter: { view: 'all' } });
    expect(all.body.results.find((x: { code: string | null }) => x.code === 'last_administrator')).toBeTruthy();
  });

  it('R-C8 ids and filter together, or neither, are a 400; a plain member may not act by filter', async () => {
    const { org, admin } = await setup();
    const a = await member(org.id);
    const both = await admin.post(`${users(org.id)}/bulk`, { action: 'delete', ids: [a.id], filter: { q: 'x' } });
    expect(both.status).toBe(400);
    expect(both.body.code).toBe('validation_failed');
    expect((await admin.post(`${users(org.id)}/bulk`, { action: 'delete' })).status).toBe(400);
    expect((await admin.post(`${users(org.id)}/bulk`, { action: 'delete', filter: { limit: 5 } })).status).toBe(400);

    const plain = await makeAccount(t, { homeOrgId: org.id });
    await makeMembership(t, org.id, plain.id, { packages: ['base-crm'] });
    const api = t.client();
    await api.login(plain.email, plain.password);
    expect((await api.post(`${users(org.id)}/bulk`, { action: 'delete', filter: {} })).status).toBe(403);
    expect((await admin.get(`${users(org.id)}/${a.id}`)).status).toBe(200);
  });

  it('R-C11 users deleted in bulk (by ids or by filter) are restorable within 30 days like a single delete', async () => {
    const { org, admin } = await setup();
    const a = await member(org.id, { packages: ['base-crm'], modules: [{ key: 'accounting' }] });
    const b = await member(org.id, { packages: ['base-crm'] }, { firstName: 'Bo', lastName: 'Bulkqvist' });
    expect((await admin.post(`${users(org.id)}/bulk`, { action: 'delete', ids: [a.id] })).body.done).toBe(1);
    expect((await admin.post(`${users(org.id)}/bulk`, { action: 'delete', filter: { lastName: 'Bulkqvist' } })).body.done).toBe(1);

    const deleted = await admin.get(`/api/v1/orgs/${org.id}/deleted-users`);
    expect(deleted.body.total).toBe(2);
    expect(new Set(deleted.body.items.map((u: { id: string }) => u.id))).toEqual(new Set([a.id, b.id]));
    const restored = await admin.post(`/api/v1/orgs/${org.id}/deleted-users/${a.id}/restore`, {});
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ id: a.id, status: 'active', packages: ['base-crm'], modules: [{ key: 'accounting', admin: false }] });
    expect((await admin.post(`/api/v1/orgs/${org.id}/deleted-users/${b.id}/restore`, {})).status).toBe(200);
    expect((await admin.get(`${users(org.id)}/${b.id}`)).body.lastName).toBe('Bulkqvist');
  });
});

describe('R-C11 R-B2 restoring a deleted user within 30 days (issue 14 item 10)', () => {
  it('R-C11 the membership comes back under its id with its grants and roles, audited; then it is no longer in the deleted list', async () => {
    const { org, admin } = await setup();
    const u = await member(org.id, { packages: ['base-crm'], modules: [{ key: 'accounting' }] });
    expect((await admin.post(`${users(org.id)}/${u.id}/role-assignments`, { scope: 'org', roles: ['org-viewer'] })).status).toBeLessThan(300);
    expect((await admin.delete(`${users(org.id)}/${u.id}`)).status).toBe(204);

    const deleted = await admin.get(`/api/v1/orgs/${org.id}/deleted-users`);
    expect(deleted.status).toBe(200);
    expect(deleted.body.total).toBe(1);
    expect(deleted.body.items[0]).toMatchObject({ id: u.id, packages: ['base-crm'], roles: 1 });

    const restored = await admin.post(`/api/v1/orgs/${org.id}/deleted-users/${u.id}/restore`, {});
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ id: u.id, status: 'active', packages: ['base-crm'], modules: [{ key: 'accounting', admin: false }] });
    expect(restored.body.roles).toEqual([expect.objectContaining({ scope: 'org', role: 'org-viewer' })]);
    expect((await admin.get(`/api/v1/orgs/${org.id}/deleted-users`)).body.total).toBe(0);
    const audit = await admin.get(`/api/v1/orgs/${org.id}/audit`);
    expect(audit.body.items.some((e: { action: string; targetId: string }) => e.action === 'user.restored' && e.targetId === u.id)).toBe(true);
    expect((await admin.post(`/api/v1/orgs/${org.id}/deleted-users/${u.id}/restore`, {})).status).toBe(404);
  });

  it('R-B2 a restore that needs seats the pool no longer has is refused whole with license_limit_reached', async () => {
    const { org, admin } = await setup({ crm: 1, projects: 1, timesheets: 1 });
    const u = await member(org.id, { packages: ['base-crm'] });
    await admin.delete(`${users(org.id)}/${u.id}`);
    await member(org.id, { packages: ['base-crm'] });
    const r = await admin.post(`/api/v1/orgs/${org.id}/deleted-users/${u.id}/restore`, {});
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('license_limit_reached');
    expect((await admin.get(`/api/v1/orgs/${org.id}/deleted-users`)).body.total).toBe(1);
  });

  it('R-C11 after 30 days a deleted user is no longer restorable, and the scheduled job purges the record', async () => {
    const { org, admin } = await setup();
    const u = await member(org.id);
    await admin.delete(`${users(org.id)}/${u.id}`);
    await t.database.db
      .updateTable('deleted_memberships')
      .set({ deleted_at: new Date(t.clock.now().getTime() - 31 * 86_400_000) } as never)
      .where('id', '=', u.id)
      .execute();
    expect((await admin.get(`/api/v1/orgs/${org.id}/deleted-users`)).body.total).toBe(0);
    expect((await admin.post(`/api/v1/orgs/${org.id}/deleted-users/${u.id}/restore`, {})).status).toBe(404);
    const { purgeDeletedUsers } = await import('./restore.js');
    expect(await purgeDeletedUsers(t.nyckel.deps)).toBeGreaterThanOrEqual(1);
  });

  it('R-C11 an account added again after its deletion is not restored twice (already_member)', async () => {
    const { org, admin } = await setup();
    const u = await member(org.id);
    await admin.delete(`${users(org.id)}/${u.id}`);
    await makeMembership(t, org.id, u.accountId, { packages: ['base-crm'] });
    const r = await admin.post(`/api/v1/orgs/${org.id}/deleted-users/${u.id}/restore`, {});
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('already_member');
  });
});
