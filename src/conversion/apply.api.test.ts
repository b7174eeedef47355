import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, nextBusinessId } from '../../test/factories.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';
import { countSeatsFromScratch } from '../licenses/service.js';
import { sampleLegacyExport } from './legacy-sample.js';

/**
 * R-I6 all or nothing, on both databases: for random seat pools and random summary edits, apply either converts
 * everything (every person a member, seats counted as the rule says) or changes nothing. And R-I6/R-B2 under
 * concurrency: two applies of one plan → exactly one converts; an apply racing a license order keeps the seat invariant.
 */
let t: TestApp;
// A fresh database with every migration: slow on a loaded machine, so the hook gets more than the default minute.
beforeAll(async () => {
  t = await startTestApp();
}, 180_000);
afterAll(async () => {
  await t?.close();
});

let n = 0;
const operator = async () => {
  const a = await makeAccount(t, { operator: true });
  const api = t.client();
  await api.login(a.email, a.password);
  return api;
};

async function prepared(seats: Record<string, number>, agencyId: string | null = null) {
  const api = await operator();
  const d = `apply${Date.now().toString(36)}${n++}.test.nyckel`;
  const body = sampleLegacyExport({ org: { name: `Apply ${d}`, country: 'FI', businessId: nextBusinessId('FI'), agencyId }, domain: d, licenses: seats });
  const org = (await api.post('/api/v1/legacy-imports', body)).body.org;
  const c = `/api/v1/orgs/${org.id}/conversion`;
  await api.post(c);
  await api.put(`${c}/conflicts/shared_login.L3`, {
    decisions: [
      { personKey: 'P3', becomes: 'user' },
      { personKey: 'P4', becomes: 'user', email: `david@${d}` },
    ],
  });
  await api.put(`${c}/conflicts/missing_email.P2`, { decisions: [{ personKey: 'P2', becomes: 'user', email: `bo@${d}` }] });
  await api.put(`${c}/conflicts/duplicate_email.P5`, {
    decisions: [
      { personKey: 'P5', becomes: 'user' },
      { personKey: 'P6', becomes: 'person' },
    ],
  });
  return { api, org, c, d };
}

const state = async (orgId: string) => {
  const db = t.database.db;
  const [org, members, pools, accounts] = await Promise.all([
    db.selectFrom('orgs').select('permission_model').where('id', '=', orgId).executeTakeFirstOrThrow(),
    db.selectFrom('memberships').select('id').where('org_id', '=', orgId).execute(),
    db.selectFrom('license_pools').select(['module_key', 'seats', 'in_use']).where('org_id', '=', orgId).orderBy('module_key').execute(),
    db.selectFrom('accounts').select('id').where('home_org_id', '=', orgId).execute(),
  ]);
  return { model: org.permission_model, members: members.length, pools, accounts: accounts.length };
};

describe('R-I6 apply converts everything or changes nothing', () => {
  it('R-I6 R-B2 random pools and edits (fast-check): all or nothing, seats as the rule counts them', async () => {
    const modules = ['accounting', 'invoicing', 'payroll', 'crm', 'projects', 'timesheets'];
    let converted = 0;
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record(Object.fromEntries(modules.map((m) => [m, fc.integer({ min: 0, max: 4 })]))) as fc.Arbitrary<Record<string, number>>,
        fc.subarray(['P1', 'P3', 'P9']),
        fc.boolean(),
        async (seats, toPerson, order) => {
          const { api, org, c } = await prepared(seats);
          for (const k of toPerson) await api.patch(`${c}/users/${k}`, { type: 'person' });
          const plan = (await api.get(c)).body;
          const before = await state(org.id);
          const r = await api.post(`${c}/apply`, { version: plan.version, orderMissingSeats: order });
          const after = await state(org.id);
          if (r.status === 200) {
            converted++;
            expect(after.model).toBe('current');
            expect(after.members).toBe(plan.counts.persons);
            expect(Object.fromEntries(after.pools.filter((p) => p.in_use).map((p) => [p.module_key, p.in_use]))).toEqual(
              await countSeatsFromScratch(t.database.db, org.id),
            );
            for (const s of plan.seats) expect(after.pools.find((p) => p.module_key === s.module)!.in_use).toBe(s.needed);
          } else {
            refused++;
            expect(r.body.code).toBe('license_limit_reached');
            expect(order).toBe(false);
            expect(after).toEqual(before);
          }
        },
      ),
      { seed: 3, numRuns: 8 },
    );
    expect(converted).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  }, 240_000);
});

describe('R-I6 R-B2 concurrency', () => {
  it('R-I6 two applies of one plan: exactly one converts, the other is already_converted', async () => {
    const { api, org, c } = await prepared({ accounting: 9, invoicing: 9, payroll: 9, crm: 9, projects: 9, timesheets: 9 });
    const { version } = (await api.get(c)).body;
    const results = await Promise.all([api.post(`${c}/apply`, { version }), api.post(`${c}/apply`, { version })]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)!.body.code).toBe('already_converted');
    expect((await state(org.id)).members).toBe(9);
  });

  it('R-I6 R-B2 an apply racing a license order that lowers the pool: the seat invariant holds either way', async () => {
    for (let round = 0; round < 3; round++) {
      const { api, org, c } = await prepared({ accounting: 3, invoicing: 3, payroll: 3, crm: 3, projects: 3, timesheets: 3 });
      const { version } = (await api.get(c)).body;
      // The plan needs 3 projects seats; the order lowers the pool to 2 while apply runs.
      const [apply, order] = await Promise.all([
        api.post(`${c}/apply`, { version }),
        api.post(`/api/v1/orgs/${org.id}/license-orders`, { seats: { projects: 2 } }),
      ]);
      const pools = (await state(org.id)).pools;
      for (const p of pools) expect(p.in_use).toBeLessThanOrEqual(p.seats);
      // Exactly one of them wins the projects pool.
      expect([apply.status, order.status].filter((s) => s === 200 || s === 201)).toHaveLength(1);
      expect(pools.find((p) => p.module_key === 'projects')!.seats).toBe(order.status === 201 ? 2 : 3);
    }
  });
});

describe('R-I7 concurrency of opening', () => {
  it('R-I7 two administrators opening one conversion at once: one opens it, the other is told it is in progress', async () => {
    const op = await t.operator();
    const org = (
      await op.post(
        '/api/v1/legacy-imports',
        sampleLegacyExport({ org: { name: `Race ${n++}`, country: 'FI', businessId: nextBusinessId('FI') }, domain: `race${n}.test.nyckel` }),
      )
    ).body.org;
    const [a, b] = [await operator(), await operator()];
    const rs = await Promise.all([a.post(`/api/v1/orgs/${org.id}/conversion`), b.post(`/api/v1/orgs/${org.id}/conversion`)]);
    expect(rs.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(rs.find((r) => r.status === 409)!.body.code).toBe('conversion_in_progress');
  });
});
