import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeMembership, makeOrg, makeOrgAdmin } from '../../test/factories.js';
import type { ApiClient } from '../../test/http-client.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';
import { waitFor } from '../../test/worker-process.js';
import { countSeatsFromScratch } from '../licenses/service.js';

// Explicit: the vitest projects do not inherit the root timeouts; a loaded 2-core machine starts an app slowly.
const HOOK_MS = 180_000;
const TEST_MS = 120_000;
let t: TestApp;
let op: ApiClient;

beforeAll(async () => {
  t = await startTestApp();
  op = await t.operator();
}, HOOK_MS);
afterAll(async () => {
  await t?.close();
}, HOOK_MS);

const seatsOf = (n: number) =>
  Object.fromEntries(['accounting', 'invoicing', 'payroll', 'crm', 'projects', 'timesheets', 'cases', 'documents'].map((m) => [m, n]));

/**
 * An agency with its administrator (the initiator), `consultants` active employees and clients where the initiator is:
 * `admin` system administrator, `payrollAdmin` program administrator of payroll only, `none` not a member.
 */
async function world(opts: { consultants?: number; clients?: ('admin' | 'payrollAdmin' | 'none')[]; seats?: number } = {}) {
  const agency = await makeOrg(op, { kind: 'agency' });
  const { account: initiator, api } = await makeOrgAdmin(t, agency.id);
  const consultants = [];
  for (let i = 0; i < (opts.consultants ?? 2); i++) {
    const c = await makeAccount(t, { homeOrgId: agency.id });
    await makeMembership(t, agency.id, c.id, { type: 'employee', packages: ['base-accounting'] });
    consultants.push(c);
  }
  const clients = [];
  for (const rights of opts.clients ?? ['admin']) {
    const client = await makeOrg(op, { kind: 'client', agencyId: agency.id, seats: seatsOf(opts.seats ?? 50) });
    if (rights === 'admin') await makeMembership(t, client.id, initiator.id, { modules: [{ key: 'user-admin' }] });
    if (rights === 'payrollAdmin') await makeMembership(t, client.id, initiator.id, { modules: [{ key: 'payroll', admin: true }] });
    clients.push(client);
  }
  return { agency, initiator, api, consultants, clients };
}

async function waitDone(api: ApiClient, id: string) {
  return waitFor(
    'the access job to finish',
    async () => {
      const r = await api.get(`/api/v1/access-jobs/${id}`);
      return (r.body?.status === 'done' || r.body?.status === 'failed') && r.body;
    },
    60_000,
  );
}

async function allResults(api: ApiClient, id: string, outcome?: string) {
  const out: any[] = [];
  let cursor: string | null = null;
  do {
    const r: any = await api.get(`/api/v1/access-jobs/${id}/results?limit=3${outcome ? `&outcome=${outcome}` : ''}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(r.status).toBe(200);
    out.push(...r.body.items);
    cursor = r.body.nextCursor;
  } while (cursor);
  return out;
}

async function membershipOf(orgId: string, accountId: string) {
  return t.database.db.selectFrom('memberships').selectAll().where('org_id', '=', orgId).where('account_id', '=', accountId).executeTakeFirst();
}
async function modulesOf(orgId: string, accountId: string) {
  const m = await membershipOf(orgId, accountId);
  if (!m) return null;
  const direct = await t.database.db
    .selectFrom('membership_modules')
    .select('module_key')
    .where('org_id', '=', orgId)
    .where('membership_id', '=', m.id)
    .execute();
  const packages = await t.database.db
    .selectFrom('membership_packages')
    .select('package_key')
    .where('org_id', '=', orgId)
    .where('membership_id', '=', m.id)
    .execute();
  return { modules: direct.map((d) => d.module_key).sort(), packages: packages.map((p) => p.package_key).sort() };
}
async function expectSeatsConsistent(orgId: string) {
  const pools = await t.database.db.selectFrom('license_pools').select(['module_key', 'seats', 'in_use']).where('org_id', '=', orgId).execute();
  const counted = await countSeatsFromScratch(t.database.db, orgId);
  for (const p of pools) {
    expect(p.in_use, `${orgId} ${p.module_key}`).toBe(counted[p.module_key] ?? 0);
    expect(p.in_use).toBeLessThanOrEqual(p.seats);
  }
}

describe('R-H1 R-H2 R-H3 grant', () => {
  it(
    'R-H1 R-H2 R-B2 gives client access as reseller/accountant with the modules the initiator may grant at each client; a short pool fails that item only',
    async () => {
      const w = await world({ consultants: 2, clients: ['admin', 'payrollAdmin', 'none', 'admin'] });
      const [a, b, c, short] = w.clients;
      // At `short`, one payroll seat: the first consultant takes it, the second fails with license_limit_reached.
      expect((await w.api.post(`/api/v1/orgs/${short.id}/license-orders`, { seats: { ...seatsOf(50), payroll: 1 } })).status).toBe(201);
      // The second consultant already has accounting at `a` (through base-accounting, as an employee of the client).
      await makeMembership(t, a.id, w.consultants[1].id, { type: 'employee', packages: ['base-accounting'] });

      const started = await w.api.post(`/api/v1/orgs/${w.agency.id}/access-jobs`, {
        operation: 'grant',
        clientIds: w.clients.map((x) => x.id),
        consultantIds: w.consultants.map((x) => x.id),
        modules: ['payroll', 'accounting'],
      });
      expect(started.status).toBe(202);
      const job = await waitDone(w.api, started.body.id);
      expect(job).toMatchObject({ agencyId: w.agency.id, operation: 'grant', status: 'done', total: 16, processed: 16, modules: ['accounting', 'payroll'] });
      expect(job.counts).toEqual({ granted: 8, already_had: 1, denied: 6, failed: 1 });

      const results = await allResults(w.api, job.id);
      expect(results).toHaveLength(16);
      const at = (client: string, consultant: number, module: string) =>
        results.find((r) => r.clientId === client && r.consultantAccountId === w.consultants[consultant].id && r.module === module);
      expect(at(a.id, 0, 'accounting')).toMatchObject({ outcome: 'granted', reason: null, clientName: a.name });
      expect(at(a.id, 1, 'accounting')).toMatchObject({ outcome: 'already_had' });
      expect(at(a.id, 1, 'payroll')).toMatchObject({ outcome: 'granted' });
      // Program administrator of payroll: payroll only (R-H2).
      expect(at(b.id, 0, 'payroll')).toMatchObject({ outcome: 'granted' });
      expect(at(b.id, 0, 'accounting')).toMatchObject({ outcome: 'denied', reason: 'not_administrator' });
      // An administrator of the agency sees its clients, but administers only those where it holds user-admin.
      expect(at(c.id, 1, 'payroll')).toMatchObject({ outcome: 'denied', reason: 'not_administrator' });
      expect(at(short.id, 0, 'payroll')).toMatchObject({ outcome: 'granted' });
      expect(at(short.id, 1, 'payroll')).toMatchObject({ outcome: 'failed', reason: 'license_limit_reached' });
      expect(at(short.id, 1, 'accounting')).toMatchObject({ outcome: 'granted' });

      // New memberships are resellers (accountant); an existing one keeps its type and other grants.
      const created = await membershipOf(a.id, w.consultants[0].id);
      expect(created).toMatchObject({ type: 'reseller', reseller_role: 'accountant', status: 'active', home: 'partner', home_org_id: w.agency.id });
      expect(await modulesOf(a.id, w.consultants[0].id)).toEqual({ modules: ['accounting', 'payroll'], packages: [] });
      expect(await membershipOf(a.id, w.consultants[1].id)).toMatchObject({ type: 'employee' });
      expect(await modulesOf(a.id, w.consultants[1].id)).toEqual({ modules: ['payroll'], packages: ['base-accounting'] });
      expect(await modulesOf(b.id, w.consultants[0].id)).toEqual({ modules: ['payroll'], packages: [] });
      expect(await membershipOf(c.id, w.consultants[0].id)).toBeUndefined();
      for (const x of w.clients) await expectSeatsConsistent(x.id);
      const shortPayroll = await t.database.db
        .selectFrom('license_pools')
        .selectAll()
        .where('org_id', '=', short.id)
        .where('module_key', '=', 'payroll')
        .executeTakeFirstOrThrow();
      expect(shortPayroll).toMatchObject({ seats: 1, in_use: 1 });

      // R-K1: each changed membership has its audit event, by the initiator, naming the job.
      const audit = await t.database.db
        .selectFrom('audit_events')
        .selectAll()
        .where('org_id', '=', a.id)
        .where('action', 'in', ['user.added', 'user.updated'])
        .execute();
      expect(audit).toHaveLength(2);
      expect(audit.every((e) => e.actor_account_id === w.initiator.id && (e.after as any).accessJobId === job.id)).toBe(true);

      // R-H3, R-H5: results filtered by outcome, paged.
      const denied = await allResults(w.api, job.id, 'denied');
      expect(denied).toHaveLength(6);
      expect(denied.every((r) => r.outcome === 'denied')).toBe(true);
      const page = await w.api.get(`/api/v1/access-jobs/${job.id}/results?outcome=denied&limit=4`);
      expect(page.body).toMatchObject({ total: 6 });
      expect(page.body.items).toHaveLength(4);

      // R-K2: the initiator is notified once, with the counts.
      const notes = await w.api.get('/api/v1/notifications');
      expect(notes.body.items).toHaveLength(1);
      expect(notes.body.items[0]).toMatchObject({
        kind: 'access_job_finished',
        orgId: w.agency.id,
        subject: { type: 'access_job', id: job.id },
        summary: { operation: 'grant', status: 'done', total: 16, counts: job.counts },
      });

      // History.
      const history = await w.api.get(`/api/v1/orgs/${w.agency.id}/access-jobs`);
      expect(history.body).toMatchObject({ total: 1, items: [{ id: job.id, status: 'done' }] });
    },
    TEST_MS,
  );

  it(
    'R-H3 R-H5 exports the results as .xlsx, filtered by outcome',
    async () => {
      const w = await world({ consultants: 1, clients: ['admin', 'none'] });
      const started = await w.api.post(`/api/v1/orgs/${w.agency.id}/access-jobs`, {
        operation: 'grant',
        clientIds: w.clients.map((x) => x.id),
        consultantIds: [w.consultants[0].id],
        modules: ['invoicing'],
      });
      await waitDone(w.api, started.body.id);
      const res = await fetch(`${t.url}/api/v1/access-jobs/${started.body.id}/results.xlsx?outcome=denied`, {
        headers: { cookie: (w.api as any).cookie },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('spreadsheetml');
      const bytes = Buffer.from(await res.arrayBuffer());
      expect(bytes.subarray(0, 2).toString()).toBe('PK');
      const { default: ExcelJS } = await import('exceljs');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(bytes as never);
      const rows = wb.worksheets[0].getSheetValues().filter(Boolean) as unknown[][];
      expect(rows).toHaveLength(2);
      expect(rows[1].slice(1)).toEqual([w.clients[1].name, expect.any(String), 'invoicing', 'denied', 'not_administrator']);
    },
    TEST_MS,
  );
});

describe('R-H1 revoke', () => {
  it(
    'R-H1 R-H2 revoke_programs removes the modules, unpacking a package; not_present where missing; seats freed',
    async () => {
      const w = await world({ consultants: 2, clients: ['admin', 'payrollAdmin'] });
      const [a, b] = w.clients;
      await makeMembership(t, a.id, w.consultants[0].id, { type: 'reseller', packages: ['agency'] });
      await makeMembership(t, b.id, w.consultants[0].id, { type: 'reseller', modules: [{ key: 'payroll' }, { key: 'invoicing' }] });
      const before = await t.database.db
        .selectFrom('license_pools')
        .selectAll()
        .where('org_id', '=', a.id)
        .where('module_key', '=', 'invoicing')
        .executeTakeFirstOrThrow();
      const started = await w.api.post(`/api/v1/orgs/${w.agency.id}/access-jobs`, {
        operation: 'revoke_programs',
        clientIds: [a.id, b.id],
        consultantIds: w.consultants.map((x) => x.id),
        modules: ['invoicing', 'payroll'],
      });
      expect(started.status).toBe(202);
      const job = await waitDone(w.api, started.body.id);
      expect(job.counts).toEqual({ removed: 3, not_present: 4, denied: 1 });
      const results = await allResults(w.api, job.id);
      const at = (client: string, consultant: number, module: string) =>
        results.find((r) => r.clientId === client && r.consultantAccountId === w.consultants[consultant].id && r.module === module)?.outcome;
      expect([at(a.id, 0, 'invoicing'), at(a.id, 0, 'payroll'), at(a.id, 1, 'payroll')]).toEqual(['removed', 'removed', 'not_present']);
      expect([at(b.id, 0, 'invoicing'), at(b.id, 0, 'payroll')]).toEqual(['denied', 'removed']);
      // The agency package went; its other modules stay as individual grants.
      expect(await modulesOf(a.id, w.consultants[0].id)).toEqual({ modules: ['accounting', 'bank'], packages: [] });
      expect(await modulesOf(b.id, w.consultants[0].id)).toEqual({ modules: ['invoicing'], packages: [] });
      const after = await t.database.db
        .selectFrom('license_pools')
        .selectAll()
        .where('org_id', '=', a.id)
        .where('module_key', '=', 'invoicing')
        .executeTakeFirstOrThrow();
      expect(after.in_use).toBe(before.in_use - 1);
      for (const x of w.clients) await expectSeatsConsistent(x.id);
    },
    TEST_MS,
  );

  it(
    'R-H1 R-H2 revoke_clients removes the memberships (module null), only where the initiator is system administrator',
    async () => {
      const w = await world({ consultants: 2, clients: ['admin', 'payrollAdmin'] });
      const [a, b] = w.clients;
      await makeMembership(t, a.id, w.consultants[0].id, { type: 'reseller', packages: ['agency'] });
      await makeMembership(t, b.id, w.consultants[0].id, { type: 'reseller', modules: [{ key: 'payroll' }] });
      const started = await w.api.post(`/api/v1/orgs/${w.agency.id}/access-jobs`, {
        operation: 'revoke_clients',
        clientIds: [a.id, b.id],
        consultantIds: w.consultants.map((x) => x.id),
      });
      const job = await waitDone(w.api, started.body.id);
      expect(job).toMatchObject({ total: 4, processed: 4, counts: { removed: 1, not_present: 2, denied: 1 } });
      const results = await allResults(w.api, job.id);
      expect(results.every((r) => r.module === null)).toBe(true);
      expect(results.find((r) => r.outcome === 'denied')).toMatchObject({ clientId: b.id, reason: 'not_system_administrator' });
      expect(await membershipOf(a.id, w.consultants[0].id)).toBeUndefined();
      expect(await membershipOf(b.id, w.consultants[0].id)).toBeDefined();
      for (const x of w.clients) await expectSeatsConsistent(x.id);
      const audit = await t.database.db.selectFrom('audit_events').selectAll().where('org_id', '=', a.id).where('action', '=', 'user.deleted').execute();
      expect(audit).toHaveLength(1);
      expect(audit[0].before).toMatchObject({ accountId: w.consultants[0].id, accessJobId: job.id });
    },
    TEST_MS,
  );

  it(
    'R-H6 offboarding: after the consultant is deactivated at the agency, revoke_clients with allClients removes every client membership',
    async () => {
      const w = await world({ consultants: 1, clients: ['admin', 'admin', 'admin'] });
      const [a, b] = w.clients;
      await makeMembership(t, a.id, w.consultants[0].id, { type: 'reseller', modules: [{ key: 'payroll' }] });
      await makeMembership(t, b.id, w.consultants[0].id, { type: 'reseller', modules: [{ key: 'accounting' }] });
      const atAgency = await membershipOf(w.agency.id, w.consultants[0].id);
      expect((await w.api.post(`/api/v1/orgs/${w.agency.id}/users/${atAgency!.id}/deactivate`)).status).toBe(200);
      // No longer eligible for a grant, still for a removal.
      const grant = await w.api.post(`/api/v1/orgs/${w.agency.id}/access-jobs`, {
        operation: 'grant',
        allClients: true,
        consultantIds: [w.consultants[0].id],
        modules: ['payroll'],
      });
      expect(grant.body).toMatchObject({ code: 'not_eligible', consultantIds: [w.consultants[0].id] });
      const started = await w.api.post(`/api/v1/orgs/${w.agency.id}/access-jobs`, {
        operation: 'revoke_clients',
        allClients: true,
        consultantIds: [w.consultants[0].id],
      });
      const job = await waitDone(w.api, started.body.id);
      expect(job).toMatchObject({ total: 2, clientCount: 2, counts: { removed: 2 } });
      expect(await membershipOf(a.id, w.consultants[0].id)).toBeUndefined();
      expect(await membershipOf(b.id, w.consultants[0].id)).toBeUndefined();
    },
    TEST_MS,
  );
});

describe('R-H5 preview', () => {
  it(
    'R-H5 answers items, denials and per module the seats needed and the short clients; writes nothing; orderMissingSeats orders them',
    async () => {
      const w = await world({ consultants: 3, clients: ['admin', 'admin', 'payrollAdmin'] });
      const [a, b, c] = w.clients;
      expect((await w.api.post(`/api/v1/orgs/${b.id}/license-orders`, { seats: { payroll: 1 } })).status).toBe(201);
      const body = { operation: 'grant', clientIds: [a.id, b.id, c.id], consultantIds: w.consultants.map((x) => x.id), modules: ['payroll', 'accounting'] };
      const preview = await w.api.post(`/api/v1/orgs/${w.agency.id}/access-jobs/preview`, body);
      expect(preview.status).toBe(200);
      expect(preview.body).toMatchObject({ items: 18, denied: 3, deniedReasons: { not_administrator: 3 }, failed: 0 });
      const payroll = preview.body.modules.find((m: any) => m.module === 'payroll');
      expect(payroll).toMatchObject({ needed: 9, shortClients: [{ clientId: b.id, clientName: b.name, seats: 1, inUse: 0, needed: 3, mayOrder: true }] });
      expect(preview.body.modules.find((m: any) => m.module === 'accounting')).toMatchObject({ needed: 6, shortClients: [] });
      expect(await membershipOf(a.id, w.consultants[0].id)).toBeUndefined();
      expect((await w.api.get(`/api/v1/orgs/${w.agency.id}/access-jobs`)).body.total).toBe(0);

      const started = await w.api.post(`/api/v1/orgs/${w.agency.id}/access-jobs`, { ...body, orderMissingSeats: true });
      expect(started.status).toBe(202);
      const job = await waitDone(w.api, started.body.id);
      expect(job.counts).toEqual({ granted: 15, denied: 3 });
      const licenses = await w.api.get(`/api/v1/orgs/${b.id}/licenses`);
      expect(licenses.body.modules.find((m: any) => m.module === 'payroll')).toMatchObject({ seats: 3, inUse: 3 });
      expect(licenses.body.orders[0].changes).toEqual({ payroll: { from: 1, to: 3 } });
    },
    TEST_MS,
  );
});

describe('R-J1 R-H1 who may start jobs, and what', () => {
  it(
    'R-H1 consultants must be active employees and clients clients of the agency (422 not_eligible naming them); modules of the agency package (400)',
    async () => {
      const w = await world({ consultants: 1, clients: ['admin'] });
      const outsider = await makeAccount(t);
      const inactive = await makeAccount(t, { homeOrgId: w.agency.id });
      await makeMembership(t, w.agency.id, inactive.id, { type: 'employee', status: 'inactive' });
      const r1 = await w.api.post(`/api/v1/orgs/${w.agency.id}/access-jobs`, {
        operation: 'grant',
        clientIds: [w.clients[0].id],
        consultantIds: [w.consultants[0].id, outsider.id, inactive.id],
        modules: ['payroll'],
      });
      expect(r1.status).toBe(422);
      expect(r1.body).toMatchObject({ code: 'not_eligible', consultantIds: [outsider.id, inactive.id] });
      const foreign = await makeOrg(op);
      const r2 = await w.api.post(`/api/v1/orgs/${w.agency.id}/access-jobs/preview`, {
        operation: 'grant',
        clientIds: [w.clients[0].id, foreign.id],
        consultantIds: [w.consultants[0].id],
        modules: ['payroll'],
      });
      expect(r2.status).toBe(422);
      expect(r2.body).toMatchObject({ code: 'not_eligible', clientIds: [foreign.id] });
      const r3 = await w.api.post(`/api/v1/orgs/${w.agency.id}/access-jobs`, {
        operation: 'grant',
        clientIds: [w.clients[0].id],
        consultantIds: [w.consultants[0].id],
        modules: ['crm', 'nonsense'],
      });
      expect(r3.status).toBe(400);
      expect(r3.body.errors.map((e: any) => [e.path, e.code])).toEqual([
        ['modules.0', 'not_for_type'],
        ['modules.1', 'unknown_module'],
      ]);
      const r4 = await w.api.post(`/api/v1/orgs/${w.agency.id}/access-jobs`, { operation: 'grant', consultantIds: [w.consultants[0].id] });
      expect(r4.status).toBe(400);
      expect(r4.body.errors.map((e: any) => e.path).sort()).toEqual(['clientIds', 'modules']);
      expect((await w.api.get(`/api/v1/orgs/${w.agency.id}/access-jobs`)).body.total).toBe(0);
    },
    TEST_MS,
  );

  it(
    'R-J1 R-H1 only administrators of the agency and operators start and read jobs: a consultant 403, another organisation 404, a client organisation 403',
    async () => {
      const w = await world({ consultants: 1, clients: ['admin'] });
      const body = { operation: 'revoke_clients', clientIds: [w.clients[0].id], consultantIds: [w.consultants[0].id] };
      const started = await w.api.post(`/api/v1/orgs/${w.agency.id}/access-jobs`, body);
      expect(started.status).toBe(202);
      await waitDone(w.api, started.body.id);
      const consultant = t.client();
      await consultant.login(w.consultants[0].email, w.consultants[0].password);
      expect((await consultant.post(`/api/v1/orgs/${w.agency.id}/access-jobs`, body)).status).toBe(403);
      expect((await consultant.get(`/api/v1/access-jobs/${started.body.id}`)).status).toBe(403);
      const other = await makeOrg(op, { kind: 'agency' });
      const { api: stranger } = await makeOrgAdmin(t, other.id);
      expect((await stranger.post(`/api/v1/orgs/${w.agency.id}/access-jobs`, body)).status).toBe(404);
      expect((await stranger.get(`/api/v1/access-jobs/${started.body.id}`)).status).toBe(404);
      expect((await stranger.get(`/api/v1/access-jobs/${started.body.id}/results`)).status).toBe(404);
      expect((await stranger.get(`/api/v1/orgs/${w.agency.id}/access-jobs`)).status).toBe(404);
      const { api: clientAdmin } = await makeOrgAdmin(t, w.clients[0].id);
      expect((await clientAdmin.post(`/api/v1/orgs/${w.clients[0].id}/access-jobs`, body)).status).toBe(403);
      expect((await op.post(`/api/v1/orgs/${w.agency.id}/access-jobs/preview`, body)).status).toBe(200);
      expect((await op.get(`/api/v1/access-jobs/${started.body.id}`)).body.status).toBe('done');
      expect((await t.client().get(`/api/v1/access-jobs/${started.body.id}`)).status).toBe(401);
      expect((await w.api.get(`/api/v1/access-jobs/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    },
    TEST_MS,
  );
});
