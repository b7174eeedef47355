import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeMembership, makeOrg, makeOrgAdmin } from '../../test/factories.js';
import type { ApiClient } from '../../test/http-client.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

let n = 0;
const email = () => `roles-${Date.now().toString(36)}-${n++}@test.nyckel`;
const base = (orgId: string) => `/api/v1/orgs/${orgId}`;

async function setup() {
  const op = await t.operator();
  const org = await makeOrg(op);
  const { api } = await makeOrgAdmin(t, org.id);
  return { op, org, api };
}
const create = async (api: ApiClient, orgId: string, kind: 'projects' | 'sites', name: string) => {
  const r = await api.post(`${base(orgId)}/${kind}`, { name });
  expect(r.status).toBe(201);
  return r.body as { id: string; name: string };
};
const addUser = async (api: ApiClient, orgId: string, body: Record<string, unknown>) => {
  const r = await api.post(`${base(orgId)}/users`, { firstName: 'R', lastName: 'Ole', ...body });
  expect(r.status).toBe(201);
  return r.body;
};

describe('projects and sites', () => {
  it('are created, renamed, archived and listed with search and pages; administrators only change them', async () => {
    const { org, api } = await setup();
    const names = ['Kohde Beta', 'Projekti Alfa', 'projekti gamma', 'Projekti Delta'];
    const made = [];
    for (const name of names) made.push(await create(api, org.id, 'projects', name));
    const renamed = await api.patch(`${base(org.id)}/projects/${made[0].id}`, { name: 'Projekti Beta' });
    expect(renamed.body.name).toBe('Projekti Beta');
    await api.patch(`${base(org.id)}/projects/${made[3].id}`, { archived: true });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const r: any = await api.get(`${base(org.id)}/projects?q=projekti&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.body.total).toBe(3);
      seen.push(...r.body.items.map((p: any) => p.name));
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['Projekti Alfa', 'Projekti Beta', 'projekti gamma']);
    expect((await api.get(`${base(org.id)}/projects?archived=true`)).body.items.map((p: any) => p.name)).toEqual(['Projekti Delta']);
    expect((await api.get(`${base(org.id)}/projects?archived=all`)).body.total).toBe(4);
    const site = await create(api, org.id, 'sites', 'Työmaa 1');
    expect((await api.get(`${base(org.id)}/sites`)).body.items.map((s: any) => s.id)).toEqual([site.id]);

    const plain = await makeAccount(t, { homeOrgId: org.id });
    await makeMembership(t, org.id, plain.id, { packages: ['base-crm'] });
    const member = t.client();
    await member.login(plain.email, plain.password);
    expect((await member.get(`${base(org.id)}/projects`)).status).toBe(200);
    expect((await member.post(`${base(org.id)}/projects`, { name: 'Nope' })).status).toBe(403);
    expect((await member.patch(`${base(org.id)}/projects/${made[1].id}`, { archived: true })).status).toBe(403);
    const audit = (await api.get(`${base(org.id)}/audit?action=project.`)).body.items.map((e: any) => e.action);
    expect(audit).toContain('project.updated');
  });
});

describe('R-E1 organisation roles', () => {
  it('R-E1 adds and removes org-level roles of a member; a role of another level is refused', async () => {
    const { org, api } = await setup();
    const u = await addUser(api, org.id, { type: 'employee', email: email() });
    const r = await api.post(`${base(org.id)}/users/${u.id}/role-assignments`, { scope: 'org', roles: ['org-manager', 'org-viewer'] });
    expect(r.status).toBe(200);
    expect(r.body.roles).toEqual([
      { scope: 'org', targetId: org.id, role: 'org-manager', title: null },
      { scope: 'org', targetId: org.id, role: 'org-viewer', title: null },
    ]);
    const bad = await api.post(`${base(org.id)}/users/${u.id}/role-assignments`, { scope: 'org', roles: ['site-worker', 'wizard'] });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.path)).toEqual(['roles.0', 'roles.1']);
    const removed = await api.delete(`${base(org.id)}/users/${u.id}/role-assignments`, { scope: 'org', roles: ['org-viewer'] });
    expect(removed.body.roles.map((x: any) => x.role)).toEqual(['org-manager']);
  });
});

describe('R-E2 R-E3 R-C14 project and site roles', () => {
  it('R-E2 attaches a member to several projects with several roles in one action and removes by selection; title starts as the job title (R-C14)', async () => {
    const { org, api } = await setup();
    const [p1, p2, p3] = [
      await create(api, org.id, 'projects', 'P1'),
      await create(api, org.id, 'projects', 'P2'),
      await create(api, org.id, 'projects', 'P3'),
    ];
    const u = await addUser(api, org.id, { type: 'employee', email: email(), jobTitle: 'Työnjohtaja' });
    const r = await api.post(`${base(org.id)}/users/${u.id}/role-assignments`, {
      scope: 'project',
      targetIds: [p1.id, p2.id, p3.id],
      roles: ['project-manager', 'project-member'],
    });
    expect(r.status).toBe(200);
    expect(r.body.roles).toHaveLength(6);
    expect(new Set(r.body.roles.map((x: any) => x.title))).toEqual(new Set(['Työnjohtaja']));
    // The title is editable per project.
    const titled = await api.patch(`${base(org.id)}/users/${u.id}/role-assignments`, { scope: 'project', targetId: p2.id, title: 'Vastaava mestari' });
    expect(titled.body.roles.filter((x: any) => x.targetId === p2.id).map((x: any) => x.title)).toEqual(['Vastaava mestari', 'Vastaava mestari']);
    // Adding another role on p2 keeps its title.
    const more = await api.post(`${base(org.id)}/users/${u.id}/role-assignments`, { scope: 'project', targetIds: [p2.id], roles: ['project-viewer'] });
    expect(more.body.roles.find((x: any) => x.targetId === p2.id && x.role === 'project-viewer').title).toBe('Vastaava mestari');
    const removed = await api.delete(`${base(org.id)}/users/${u.id}/role-assignments`, { scope: 'project', targetIds: [p1.id, p3.id] });
    expect(removed.body.roles.map((x: any) => x.targetId)).toEqual([p2.id, p2.id, p2.id]);
  });

  it('R-E2 site roles likewise; unknown, foreign and archived targets are named', async () => {
    const { op, org, api } = await setup();
    const s1 = await create(api, org.id, 'sites', 'Kohde 1');
    const s2 = await create(api, org.id, 'sites', 'Kohde 2');
    await api.patch(`${base(org.id)}/sites/${s2.id}`, { archived: true });
    const other = await makeOrg(op);
    const { api: otherAdmin } = await makeOrgAdmin(t, other.id);
    const foreign = await create(otherAdmin, other.id, 'sites', 'Foreign');
    const u = await addUser(api, org.id, { type: 'employee', email: email() });
    const bad = await api.post(`${base(org.id)}/users/${u.id}/role-assignments`, {
      scope: 'site',
      targetIds: [s1.id, s2.id, foreign.id],
      roles: ['site-worker'],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.path)).toEqual(['targetIds.1', 'targetIds.2']);
    expect((await api.post(`${base(org.id)}/users/${u.id}/role-assignments`, { scope: 'site', roles: ['site-worker'] })).body.errors[0].path).toBe('targetIds');
    const ok = await api.post(`${base(org.id)}/users/${u.id}/role-assignments`, {
      scope: 'site',
      targetIds: [s1.id],
      roles: ['site-supervisor', 'site-worker'],
    });
    expect(ok.body.roles.map((x: any) => `${x.scope}:${x.role}:${x.title}`)).toEqual(['site:site-supervisor:null', 'site:site-worker:null']);
  });

  it('R-E3 partner members get roles like own members', async () => {
    const { op, org, api } = await setup();
    const home = await makeOrg(op);
    const partner = await makeAccount(t, { homeOrgId: home.id });
    const u = await addUser(api, org.id, { type: 'employee', email: partner.email });
    expect(u.home).toBe('partner');
    const p = await create(api, org.id, 'projects', 'Shared');
    const r = await api.post(`${base(org.id)}/users/${u.id}/role-assignments`, { scope: 'project', targetIds: [p.id], roles: ['project-member'] });
    expect(r.body.roles).toEqual([{ scope: 'project', targetId: p.id, role: 'project-member', title: null }]);
  });

  it('roles are dormant while inactive, come back on reactivation, and go with remove roles and delete', async () => {
    const { org, api } = await setup();
    const p = await create(api, org.id, 'projects', 'Dormant');
    const u = await addUser(api, org.id, { type: 'employee', email: email() });
    await api.post(`${base(org.id)}/users/${u.id}/role-assignments`, { scope: 'project', targetIds: [p.id], roles: ['project-member'] });
    const inactive = await api.post(`${base(org.id)}/users/${u.id}/deactivate`);
    expect(inactive.body.roles).toHaveLength(1);
    const dormant = await api.post(`${base(org.id)}/users/${u.id}/role-assignments`, { scope: 'org', roles: ['org-viewer'] });
    expect(dormant.status).toBe(409);
    expect(dormant.body.code).toBe('member_inactive');
    const back = await api.post(`${base(org.id)}/users/${u.id}/reactivate`);
    expect(back.body.roles.map((x: any) => x.role)).toEqual(['project-member']);
    await api.post(`${base(org.id)}/users/${u.id}/deactivate`);
    expect((await api.post(`${base(org.id)}/users/${u.id}/remove-roles`)).body.roles).toEqual([]);
  });

  it('R-J2 only an organisation administrator assigns roles; another organisation gets 404', async () => {
    const { op, org, api } = await setup();
    const u = await addUser(api, org.id, { type: 'employee', email: email() });
    const pa = await makeAccount(t, { homeOrgId: org.id });
    await makeMembership(t, org.id, pa.id, { modules: [{ key: 'projects', admin: true }] });
    const programAdmin = t.client();
    await programAdmin.login(pa.email, pa.password);
    expect((await programAdmin.post(`${base(org.id)}/users/${u.id}/role-assignments`, { scope: 'org', roles: ['org-viewer'] })).status).toBe(403);
    const other = await makeOrg(op);
    const { api: stranger } = await makeOrgAdmin(t, other.id);
    expect((await stranger.post(`${base(org.id)}/users/${u.id}/role-assignments`, { scope: 'org', roles: ['org-viewer'] })).status).toBe(404);
    expect((await stranger.get(`${base(org.id)}/projects`)).status).toBe(404);
  });
});
