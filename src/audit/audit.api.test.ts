import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOrg, makeOrgAdmin } from '../../test/factories.js';
import type { ApiClient } from '../../test/http-client.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';

let t: TestApp;
let op: ApiClient;
let opToken: string;
let org: { id: string; name: string };
let admin: ApiClient;
let erik: { id: string; email: string };
let other: { id: string };

type Event = { action: string; actor: { name: string } | null; targetName: string | null; targetId: string | null; before: unknown; after: unknown };
const audit = async (query: Record<string, string> = {}, as: ApiClient = admin) => {
  const r = await as.get(`/api/v1/orgs/${org.id}/audit?${new URLSearchParams({ limit: '100', ...query })}`);
  return r;
};
const items = async (query: Record<string, string> = {}) => {
  const r = await audit(query);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.items as Event[];
};
const xlsx = async (query: Record<string, string>, headers: Record<string, string> = {}) => {
  const res = await fetch(`${t.url}/api/v1/orgs/${org.id}/audit.xlsx?${new URLSearchParams(query)}`, {
    headers: { authorization: `Bearer ${opToken}`, ...headers },
  });
  const body = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) return { status: res.status, res, sheet: null };
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return { status: res.status, res, sheet: wb.worksheets[0]! };
};
const today = () => new Date().toISOString().slice(0, 10);
const dayOffset = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await startTestApp();
  op = await t.operator();
  opToken = (await op.post('/api/v1/me/api-tokens', { name: 'audit export tests' })).body.token;
  org = await makeOrg(op, { name: `Audit Names Oy ${Date.now()}` });
  const a = await makeOrgAdmin(t, org.id);
  admin = a.api;
  await t.database.db.updateTable('accounts').set({ first_name: 'Anna', last_name: 'Andersson' }).where('id', '=', a.account.id).execute();
  const email = `erik.berg.${Date.now()}@example.test`;
  const added = await admin.post(`/api/v1/orgs/${org.id}/users`, {
    type: 'employee',
    email,
    firstName: 'Erik',
    lastName: 'Berg',
    packages: ['base-accounting'],
  });
  expect(added.status, JSON.stringify(added.body)).toBe(201);
  erik = { id: added.body.id, email };
  const deactivated = await admin.post(`/api/v1/orgs/${org.id}/users/${erik.id}/deactivate`);
  expect(deactivated.status, JSON.stringify(deactivated.body)).toBe(200);
  const second = await admin.post(`/api/v1/orgs/${org.id}/users`, { type: 'person', firstName: 'Olli', lastName: 'Ojala' });
  expect(second.status, JSON.stringify(second.body)).toBe(201);
  other = { id: second.body.id };
});
afterAll(async () => {
  await t?.close();
});

describe('R-K1 issue 14 item 11: a readable audit log', () => {
  it('R-K1 events name the actor and the target, not ids: "Anna Andersson" deactivated "Erik Berg"', async () => {
    const events = await items();
    const deactivated = events.find((e) => e.action === 'user.deactivated')!;
    expect(deactivated.actor?.name).toBe('Anna Andersson');
    expect(deactivated.targetName).toBe('Erik Berg');
    expect(events.find((e) => e.action === 'org.created')?.targetName).toBe(org.name);
  });

  it('R-K1 names are current: a renamed user shows the new name on old events; a deleted one keeps the recorded name', async () => {
    expect((await admin.patch(`/api/v1/orgs/${org.id}/users/${erik.id}`, { lastName: 'Bergström' })).status).toBe(200);
    expect((await items({ action: 'user.deactivated' }))[0]!.targetName).toBe('Erik Bergström');
    expect((await admin.delete(`/api/v1/orgs/${org.id}/users/${other.id}`)).status).toBe(204);
    const added = (await items({ action: 'user.added' })).find((e) => e.targetId === other.id)!;
    expect(added.targetName).toBe('Olli Ojala');
  });

  it('R-K1 filters: what (an action or its prefix), who, about whom, and the period', async () => {
    expect((await items({ action: 'user.deactivated' })).map((e) => e.action)).toEqual(['user.deactivated']);
    const userEvents = await items({ action: 'user.' });
    expect(userEvents.length).toBeGreaterThanOrEqual(4);
    expect(userEvents.every((e) => e.action.startsWith('user.'))).toBe(true);

    const byAnna = await items({ actor: 'andersson' });
    expect(byAnna.length).toBeGreaterThanOrEqual(4);
    expect(byAnna.every((e) => e.actor?.name === 'Anna Andersson')).toBe(true);
    expect((await items()).length).toBeGreaterThan(byAnna.length); // the operator's org.created is not Anna's

    const aboutErik = await items({ target: 'bergstr' });
    expect(aboutErik.map((e) => e.action).sort()).toEqual(['user.added', 'user.deactivated', 'user.updated']);
    expect((await items({ target: 'OJALA' })).map((e) => e.action).sort()).toEqual(['user.added', 'user.deleted']);

    expect(await items({ from: today(), to: today() })).toHaveLength((await items()).length);
    expect(await items({ to: dayOffset(-1) })).toEqual([]);
    expect(await items({ from: dayOffset(1) })).toEqual([]);
    const r = await audit({ from: 'yesterday' });
    expect(r.status).toBe(400);
  });

  it('R-K1 the total and the pages follow the filter', async () => {
    const r = await audit({ action: 'user.', limit: '2' });
    expect(r.body.items).toHaveLength(2);
    expect(r.body.total).toBe((await items({ action: 'user.' })).length);
    const next = await audit({ action: 'user.', limit: '2', cursor: r.body.nextCursor });
    expect(next.status).toBe(200);
    expect(next.body.items.every((e: Event) => e.action.startsWith('user.'))).toBe(true);
  });

  it('R-K1 the export is .xlsx with the same filters, in the asked language: sentence, names, changes, time as a date', async () => {
    const fi = await xlsx({ lang: 'fi', action: 'user.deactivated' });
    expect(fi.status).toBe(200);
    expect(fi.res.headers.get('content-language')).toBe('fi');
    expect(fi.sheet!.name).toBe('Tapahtumaloki');
    expect(fi.sheet!.rowCount).toBe(2);
    expect(fi.sheet!.getRow(1).getCell(2).value).toBe('Tapahtuma');
    const row = fi.sheet!.getRow(2);
    expect(row.getCell(1).value).toBeInstanceOf(Date);
    expect(Math.abs((row.getCell(1).value as Date).getTime() - Date.now())).toBeLessThan(3_600_000);
    expect(row.getCell(2).value).toBe('Anna Andersson passivoi käyttäjän Erik Bergström');
    expect(row.getCell(3).value).toBe('Anna Andersson');
    expect(String(row.getCell(7).value)).toContain('Tila: Kutsuttu → Ei-aktiivinen');
    expect(row.getCell(8).value).toBe('user.deactivated');
    expect(fi.sheet!.getColumn(2).width).toBeGreaterThan(30);

    // Without ?lang= the request's Accept-Language decides.
    const sv = await xlsx({ target: 'ojala' }, { 'accept-language': 'sv-SE,sv;q=0.9,en;q=0.5' });
    expect(sv.sheet!.name).toBe('Händelselogg');
    const sentences = sv.sheet!.getColumn(2).values.slice(2);
    expect(sentences).toEqual(['Anna Andersson raderade Olli Ojala', 'Anna Andersson lade till Olli Ojala']);
  });

  it("R-K1 the audit view and its export are for the organisation's administrators: others are refused", async () => {
    const elsewhere = await makeOrg(op);
    const outsider = await makeOrgAdmin(t, elsewhere.id);
    expect([403, 404]).toContain((await audit({}, outsider.api)).status);
    const r = await outsider.api.get(`/api/v1/orgs/${org.id}/audit.xlsx`);
    expect([403, 404]).toContain(r.status);
  });
});
