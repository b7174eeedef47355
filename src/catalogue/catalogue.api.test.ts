import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../test/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('catalogue (SPEC §2 default catalogue)', () => {
  it('serves modules, packages and roles with their stable keys', async () => {
    const api = await t.operator();
    const modules = await api.get('/api/v1/modules');
    expect(modules.status).toBe(200);
    const byKey = Object.fromEntries(modules.body.items.map((m: any) => [m.key, m.licensed]));
    expect(byKey).toEqual({
      accounting: true,
      invoicing: true,
      payroll: true,
      crm: true,
      projects: true,
      timesheets: true,
      cases: true,
      documents: true,
      bank: false,
      'user-admin': false,
    });
    const packages = await api.get('/api/v1/packages');
    const pk = Object.fromEntries(packages.body.items.map((p: any) => [p.key, [...p.modules].sort()]));
    expect(pk.agency).toEqual(['accounting', 'bank', 'invoicing', 'payroll']);
    expect(pk['base-accounting']).toEqual(['accounting', 'bank', 'invoicing']);
    expect(pk['case-management']).toEqual(['cases', 'documents']);
    const roles = await api.get('/api/v1/roles');
    expect(roles.body.items.filter((r: any) => r.scope === 'site').map((r: any) => r.key)).toEqual(['site-supervisor', 'site-worker', 'site-viewer']);
  });

  it('needs a signed-in caller', async () => {
    const r = await t.client().get('/api/v1/modules');
    expect(r.status).toBe(401);
    expect(r.body.code).toBe('unauthenticated');
    expect(r.contentType).toContain('application/problem+json');
  });
});
