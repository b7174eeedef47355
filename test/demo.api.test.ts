import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoData, DEMO_PASSWORD } from '../src/demo/seed.js';
import { countSeatsFromScratch } from '../src/licenses/service.js';
import { validateBusinessId } from '../src/orgs/business-id.js';
import { startTestApp, type TestApp } from './test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('demo data (NYCKEL_DEMO=1)', () => {
  it('loads one agency with 10 consultants, 25 clients in FI/SE/NO with valid business ids and two must-convert customers, once', async () => {
    const first = await loadDemoData(t.nyckel.deps);
    expect(first.created).toBe(true);
    const again = await loadDemoData(t.nyckel.deps);
    expect(again.created).toBe(false);

    const op = t.client();
    await op.login('operator@demo.nyckel.test', DEMO_PASSWORD);
    const orgs = (await op.get('/api/v1/orgs?limit=500')).body.items as any[];
    const agencies = orgs.filter((o) => o.kind === 'agency');
    expect(agencies).toHaveLength(1);
    const clients = orgs.filter((o) => o.agencyId === agencies[0].id && o.permissionModel === 'current');
    expect(clients).toHaveLength(25);
    expect(new Set(clients.map((o) => o.country))).toEqual(new Set(['FI', 'SE', 'NO']));
    for (const o of orgs) expect(validateBusinessId(o.country, o.businessId)).toEqual({ ok: true, normalized: o.businessId });
    expect((await op.get('/api/v1/orgs?mustConvert=true')).body.total).toBe(2);
    // Seed 000: the agency administrator finds both legacy customers in its client list and can walk the wizard:
    // one conflict of each kind and an integration login to be deactivated.
    const anna = t.client();
    await anna.login('anna.andersson@demo.nyckel.test', DEMO_PASSWORD);
    const legacy = (await anna.get(`/api/v1/orgs?mustConvert=true&agencyId=${agencies[0].id}`)).body.items as any[];
    expect(legacy).toHaveLength(2);
    const conversion = (await anna.post(`/api/v1/orgs/${legacy[0].id}/conversion`)).body;
    expect(conversion.conflicts.map((c: any) => c.kind).sort()).toEqual(['duplicate_email', 'missing_email', 'shared_login']);
    expect(conversion.deactivations.map((d: any) => d.reason)).toContain('integration');
    expect((await anna.delete(`/api/v1/orgs/${legacy[0].id}/conversion`)).status).toBe(204);
    const staff = await op.get(`/api/v1/orgs/${agencies[0].id}/users?type=employee`);
    expect(staff.body.total).toBe(10);

    // Every sign-in the README lists works, and the seat counters agree with a recount everywhere.
    for (const s of first.signIns) await t.client().login(s.email, s.password);
    for (const o of orgs) {
      const pools = (await op.get(`/api/v1/orgs/${o.id}/licenses`)).body.modules as any[];
      const recount = await countSeatsFromScratch(t.database.db, o.id);
      for (const p of pools) {
        expect(p.inUse).toBe(recount[p.module] ?? 0);
        expect(p.inUse).toBeLessThanOrEqual(p.seats);
      }
    }
    const aalto = orgs.find((o) => o.name === 'Aalto Rakennus Oy');
    expect((await op.get(`/api/v1/orgs/${aalto.id}/projects`)).body.total).toBe(3);
    expect((await op.get(`/api/v1/orgs/${aalto.id}/sites`)).body.total).toBe(2);
    // R-C16: offices to place people at, and the client administrator placed at one.
    const aaltoOffices = (await op.get(`/api/v1/orgs/${aalto.id}/offices`)).body.items as { name: string; users: number }[];
    expect(aaltoOffices.map((o) => o.name)).toEqual(['Helsinki', 'Oulu', 'Tampere']);
    expect(aaltoOffices.find((o) => o.name === 'Helsinki')?.users).toBe(1);
  });
});
