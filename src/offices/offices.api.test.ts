import ExcelJS from 'exceljs';
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

let n = 0;
const email = (p = 'o') => `${p}-${Date.now().toString(36)}-${n++}@office.test`;
const offices = (orgId: string) => `/api/v1/orgs/${orgId}/offices`;
const users = (orgId: string) => `/api/v1/orgs/${orgId}/users`;

async function setup() {
  const org = await makeOrg(op);
  const { api: admin } = await makeOrgAdmin(t, org.id);
  return { org, admin };
}

async function addOffice(api: ApiClient, orgId: string, name: string, address?: string) {
  const r = await api.post(offices(orgId), { name, ...(address ? { address } : {}) });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; name: string; address: string | null; users: number };
}

async function addUser(api: ApiClient, orgId: string, body: Record<string, unknown>) {
  const r = await api.post(users(orgId), body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

const auditActions = async (api: ApiClient, orgId: string) =>
  ((await api.get(`/api/v1/orgs/${orgId}/audit?limit=100`)).body.items as { action: string; targetId: string }[]).map((e) => e.action);

describe('R-C16 offices of an organisation', () => {
  it('R-C16 an administrator adds, lists, renames and removes offices; each change is audited', async () => {
    const { org, admin } = await setup();
    const tampere = await addOffice(admin, org.id, 'Tampere', 'Hämeenkatu 1, 33100 Tampere');
    expect(tampere).toMatchObject({ name: 'Tampere', address: 'Hämeenkatu 1, 33100 Tampere', users: 0, orgId: org.id });
    const espoo = await addOffice(admin, org.id, 'Espoo');
    expect(espoo.address).toBeNull();

    const list = await admin.get(offices(org.id));
    expect(list.status).toBe(200);
    expect(list.body.items.map((o: { name: string }) => o.name)).toEqual(['Espoo', 'Tampere']);
    expect(list.body.total).toBe(2);

    // Names are unique in any letter case.
    const dup = await admin.post(offices(org.id), { name: 'tampere' });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('office_name_taken');
    expect(dup.body.errors[0].path).toBe('name');
    expect((await admin.post(offices(org.id), { name: '   ' })).status).toBe(400);

    const renamed = await admin.patch(`${offices(org.id)}/${tampere.id}`, { name: 'Tampere keskusta', address: null });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Tampere keskusta', address: null });
    const clash = await admin.patch(`${offices(org.id)}/${tampere.id}`, { name: 'ESPOO' });
    expect(clash.body.code).toBe('office_name_taken');

    expect((await admin.delete(`${offices(org.id)}/${espoo.id}`)).status).toBe(204);
    expect((await admin.get(offices(org.id))).body.items.map((o: { name: string }) => o.name)).toEqual(['Tampere keskusta']);
    expect((await admin.delete(`${offices(org.id)}/${espoo.id}`)).status).toBe(404);

    const actions = await auditActions(admin, org.id);
    expect(actions.filter((a) => a.startsWith('office.')).sort()).toEqual(['office.added', 'office.added', 'office.removed', 'office.updated']);
  });

  it('R-C16 R-J1 members see the offices; only administrators change them; another organisation sees nothing', async () => {
    const { org, admin } = await setup();
    const office = await addOffice(admin, org.id, 'Oulu');
    const plain = await makeAccount(t, { homeOrgId: org.id });
    await makeMembership(t, org.id, plain.id, { modules: [{ key: 'crm' }] });
    const member = t.client();
    await member.login(plain.email, plain.password);
    expect((await member.get(offices(org.id))).status).toBe(200);
    expect((await member.post(offices(org.id), { name: 'Mine' })).status).toBe(403);
    expect((await member.patch(`${offices(org.id)}/${office.id}`, { name: 'Mine' })).status).toBe(403);
    expect((await member.delete(`${offices(org.id)}/${office.id}`)).status).toBe(403);

    const other = await setup();
    expect((await other.admin.get(offices(org.id))).status).toBe(404);
    expect((await other.admin.post(offices(org.id), { name: 'X' })).status).toBe(404);
    // An office id of another organisation is not found under this one.
    expect((await other.admin.patch(`${offices(other.org.id)}/${office.id}`, { name: 'X' })).status).toBe(404);
  });

  it('R-C16 a user is placed at an office when added and later; a partner only at an office of their home organisation', async () => {
    const { org, admin } = await setup();
    const here = await addOffice(admin, org.id, 'Turku');
    const there = await addOffice(admin, org.id, 'Vaasa');
    const own = await addUser(admin, org.id, { type: 'employee', email: email(), firstName: 'Olli', lastName: 'Oma', officeId: here.id });
    expect(own.office).toEqual({ id: here.id, name: 'Turku' });
    const person = await addUser(admin, org.id, { type: 'person', firstName: 'Pia', lastName: 'Person', officeId: there.id });
    expect(person.office).toEqual({ id: there.id, name: 'Vaasa' });

    // A partner's home organisation keeps its own offices; the client's are refused for them.
    const home = await makeOrg(op);
    const { api: homeAdmin } = await makeOrgAdmin(t, home.id);
    const homeOffice = await addOffice(homeAdmin, home.id, 'Helsinki HQ');
    const partnerAccount = await makeAccount(t, { homeOrgId: home.id });
    const wrong = await admin.post(users(org.id), { type: 'employee', email: partnerAccount.email, officeId: here.id });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual([expect.objectContaining({ path: 'officeId', code: 'not_home_office' })]);
    // The client's administrator lists the offices of the partner's home organisation by the account.
    const placeable = await admin.get(`${offices(org.id)}?accountId=${partnerAccount.id}`);
    expect(placeable.status).toBe(200);
    expect(placeable.body.items.map((o: { id: string }) => o.id)).toEqual([homeOffice.id]);
    const partner = await addUser(admin, org.id, { type: 'employee', email: partnerAccount.email, officeId: homeOffice.id });
    expect(partner).toMatchObject({ home: 'partner', office: { id: homeOffice.id, name: 'Helsinki HQ' } });

    // Later: moved, cleared; a partner cannot be moved to the client's office.
    const moved = await admin.patch(`${users(org.id)}/${own.id}`, { officeId: there.id });
    expect(moved.status).toBe(200);
    expect(moved.body.office).toEqual({ id: there.id, name: 'Vaasa' });
    const refused = await admin.patch(`${users(org.id)}/${partner.id}`, { officeId: there.id });
    expect(refused.status).toBe(400);
    expect(refused.body.errors[0]).toMatchObject({ path: 'officeId', code: 'not_home_office' });
    const cleared = await admin.patch(`${users(org.id)}/${own.id}`, { officeId: null });
    expect(cleared.body.office).toBeNull();
    // An unknown office id is the same field error, never a 500.
    const unknown = await admin.patch(`${users(org.id)}/${own.id}`, { officeId: '00000000-0000-4000-8000-000000000001' });
    expect(unknown.body.errors[0]).toMatchObject({ path: 'officeId', code: 'not_home_office' });

    // Renaming the home office shows on the client's user; its count includes the placement at the client.
    await homeAdmin.patch(`${offices(home.id)}/${homeOffice.id}`, { name: 'Helsinki' });
    expect((await admin.get(`${users(org.id)}/${partner.id}`)).body.office).toEqual({ id: homeOffice.id, name: 'Helsinki' });
    expect((await homeAdmin.get(offices(home.id))).body.items[0].users).toBe(1);
  });

  it('R-C16 a new partner user is placed at an office of the home organisation they are added with (homeOrgId lists its offices)', async () => {
    const { org, admin } = await setup();
    const clientOffice = await addOffice(admin, org.id, 'Oulu');
    const home = await makeOrg(op);
    const { api: homeAdmin } = await makeOrgAdmin(t, home.id);
    const homeOffice = await addOffice(homeAdmin, home.id, 'Tampere');

    // The client's administrator lists the offices of the home organisation the new user is being added with.
    const placeable = await admin.get(`${offices(org.id)}?homeOrgId=${home.id}`);
    expect(placeable.status).toBe(200);
    expect(placeable.body.items.map((o: { id: string }) => o.id)).toEqual([homeOffice.id]);
    expect((await admin.get(`${offices(org.id)}?homeOrgId=00000000-0000-4000-8000-000000000001`)).status).toBe(404);
    const account = await makeAccount(t, { homeOrgId: home.id });
    expect((await admin.get(`${offices(org.id)}?homeOrgId=${home.id}&accountId=${account.id}`)).status).toBe(400);

    const base = { type: 'employee', firstName: 'Paula', lastName: 'Partner', homeOrgId: home.id };
    const wrong = await admin.post(users(org.id), { ...base, email: email(), officeId: clientOffice.id });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors).toEqual([expect.objectContaining({ path: 'officeId', code: 'not_home_office' })]);
    const added = await addUser(admin, org.id, { ...base, email: email(), officeId: homeOffice.id });
    expect(added).toMatchObject({ home: 'partner', office: { id: homeOffice.id, name: 'Tampere' } });

    // A member who may not add users may not list another organisation's offices either.
    const plain = await makeAccount(t, { homeOrgId: org.id });
    await makeMembership(t, org.id, plain.id, { packages: ['base-crm'] });
    const api = t.client();
    await api.login(plain.email, plain.password);
    expect((await api.get(`${offices(org.id)}?homeOrgId=${home.id}`)).status).toBe(403);
  });

  it('R-C16 removing an office users are placed at is refused with office_in_use, or clears the placements when asked', async () => {
    const { org, admin } = await setup();
    const office = await addOffice(admin, org.id, 'Lahti');
    const a = await addUser(admin, org.id, { type: 'person', firstName: 'A', lastName: 'One', officeId: office.id });
    const b = await addUser(admin, org.id, { type: 'person', firstName: 'B', lastName: 'Two', officeId: office.id });
    const refused = await admin.delete(`${offices(org.id)}/${office.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'office_in_use', users: 2 });
    expect((await admin.get(`${users(org.id)}/${a.id}`)).body.office).toEqual({ id: office.id, name: 'Lahti' });

    expect((await admin.delete(`${offices(org.id)}/${office.id}?clearPlacements=true`)).status).toBe(204);
    for (const u of [a, b]) expect((await admin.get(`${users(org.id)}/${u.id}`)).body.office).toBeNull();
    const events = (await admin.get(`/api/v1/orgs/${org.id}/audit?limit=100`)).body.items as { action: string; after: any }[];
    const removed = events.find((e) => e.action === 'office.removed');
    expect(removed?.after.clearedPlacements).toHaveLength(2);
  });
});

describe('R-C16 R-D2 R-D3 the user list by office', () => {
  it('R-C16 the list sorts by office through keyset pages in both orders, filters by an office prefix, and the export carries it', async () => {
    const { org, admin } = await setup();
    const names = ['Alpha', 'beta', 'Gamma'];
    const ids = [];
    for (const name of names) ids.push((await addOffice(admin, org.id, name)).id);
    const placed: { name: string; office: string }[] = [];
    for (let i = 0; i < 7; i++) {
      const officeIndex = i % 4; // 3 → no office
      const u = await addUser(admin, org.id, {
        type: 'person',
        firstName: `F${i}`,
        lastName: `L${i}`,
        ...(officeIndex < 3 ? { officeId: ids[officeIndex] } : {}),
      });
      placed.push({ name: u.lastName, office: u.office?.name ?? '' });
    }
    const all = (await admin.get(`${users(org.id)}?limit=500`)).body.items as { id: string; lastName: string; office: { name: string } | null }[];
    for (const order of ['asc', 'desc'] as const) {
      const seen: typeof all = [];
      let cursor: string | null = null;
      do {
        const r: any = await admin.get(`${users(org.id)}?sort=office&order=${order}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        expect(r.body.total).toBe(all.length);
        seen.push(...r.body.items);
        cursor = r.body.nextCursor;
      } while (cursor);
      const key = (u: (typeof all)[number]) => `${(u.office?.name ?? '').toLowerCase()} ${u.id}`;
      const expected = [...all].map(key).sort();
      if (order === 'desc') expected.reverse();
      expect(seen.map(key), order).toEqual(expected);
    }
    const beta = await admin.get(`${users(org.id)}?office=BE`);
    expect(beta.body.items.map((u: { lastName: string }) => u.lastName).sort()).toEqual(placed.filter((p) => p.office === 'beta').map((p) => p.name));
    expect((await admin.get(`${users(org.id)}?office=%20`)).status).toBe(400);

    const token = (await admin.post('/api/v1/me/api-tokens', { name: 'export' })).body.token as string;
    const res = await fetch(`${t.url}/api/v1/orgs/${org.id}/users.xlsx?sort=office`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
    const ws = wb.worksheets[0];
    const header = (ws.getRow(1).values as ExcelJS.CellValue[]).slice(1);
    const col = header.indexOf('Office') + 1;
    expect(col).toBeGreaterThan(0);
    const cells: string[] = [];
    ws.eachRow((row, i) => {
      if (i > 1) cells.push(String(row.getCell(col).value ?? ''));
    });
    expect(cells).toEqual(
      [...all].map((u) => u.office?.name ?? '').sort((x, y) => (x.toLowerCase() < y.toLowerCase() ? -1 : x.toLowerCase() > y.toLowerCase() ? 1 : 0)),
    );
  });
});
