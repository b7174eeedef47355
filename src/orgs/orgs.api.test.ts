import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeMembership, makeOrg, makeOrgAdmin, nextBusinessId } from '../../test/factories.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => {
  await t?.close();
});

const auditOf = async (orgId: string) => (await (await t.operator()).get(`/api/v1/orgs/${orgId}/audit`)).body.items as any[];

describe('R-A1 create organisations', () => {
  it('R-A1 an operator creates an agency and a client of it with seats and a contract owner; audited in the same transaction', async () => {
    const op = await t.operator();
    const agency = await makeOrg(op, { kind: 'agency', country: 'SE', name: 'Byrå AB' });
    expect(agency.kind).toBe('agency');
    const r = await op.post('/api/v1/orgs', {
      name: 'Klient Oy',
      kind: 'client',
      country: 'FI',
      businessId: nextBusinessId('FI'),
      agencyId: agency.id,
      seats: { accounting: 5, payroll: 2 },
      contractOwner: { email: `co-${Date.now()}@test.nyckel`, firstName: 'Cora', lastName: 'Owner' },
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ name: 'Klient Oy', kind: 'client', country: 'FI', agencyId: agency.id, defaultLanguage: 'fi', permissionModel: 'current' });
    expect(r.body.contractOwnerAccountId).toMatch(/^[0-9a-f-]{36}$/);
    const pools = await t.database.db
      .selectFrom('license_pools')
      .select(['module_key', 'seats'])
      .where('org_id', '=', r.body.id)
      .where('seats', '>', 0)
      .orderBy('module_key')
      .execute();
    expect(pools).toEqual([
      { module_key: 'accounting', seats: 5 },
      { module_key: 'payroll', seats: 2 },
    ]);
    const events = await auditOf(r.body.id);
    // Issue 11 defect 8: the initial seats are the first license order, audited in the same transaction.
    expect(events.map((e) => e.action).sort()).toEqual(['license.initial_order', 'org.created']);
    events.sort((a, b) => a.action.localeCompare(b.action)).reverse();
    expect(events[0].actor.name).toBe('Platform Operator');
    expect(events[0].after).toMatchObject({ name: 'Klient Oy', seats: { accounting: 5, payroll: 2 } });
    expect((await op.get(`/api/v1/orgs/${r.body.id}`)).body).toEqual(r.body);
  });

  it('R-A1 refuses seats of unknown or unlicensed modules, naming each field', async () => {
    const op = await t.operator();
    const r = await op.post('/api/v1/orgs', { name: 'X', kind: 'client', country: 'FI', businessId: nextBusinessId('FI'), seats: { bank: 1, nonsense: 2 } });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('validation_failed');
    expect(r.body.errors.map((e: any) => e.path).sort()).toEqual(['seats.bank', 'seats.nonsense']);
  });

  it('R-A1 an agency administrator creates clients of its own agency only', async () => {
    const op = await t.operator();
    const agency = await makeOrg(op, { kind: 'agency', country: 'SE' });
    const other = await makeOrg(op, { kind: 'agency', country: 'SE' });
    const { api } = await makeOrgAdmin(t, agency.id);
    const own = await api.post('/api/v1/orgs', {
      name: 'Egen klient AB',
      kind: 'client',
      country: 'SE',
      businessId: nextBusinessId('SE'),
      agencyId: agency.id,
    });
    expect(own.status).toBe(201);
    const foreign = await api.post('/api/v1/orgs', {
      name: 'Främmande AB',
      kind: 'client',
      country: 'SE',
      businessId: nextBusinessId('SE'),
      agencyId: other.id,
    });
    expect(foreign.status).toBe(403);
    expect(foreign.body.code).toBe('forbidden');
    const standalone = await api.post('/api/v1/orgs', { name: 'Fri AB', kind: 'client', country: 'SE', businessId: nextBusinessId('SE') });
    expect(standalone.status).toBe(403);
    // The new client shows in the agency administrator's list.
    const list = await api.get(`/api/v1/orgs?agencyId=${agency.id}`);
    expect(list.body.items.map((o: any) => o.id)).toEqual([own.body.id]);
  });

  it('R-A1 a plain member cannot create organisations', async () => {
    const op = await t.operator();
    const org = await makeOrg(op);
    const acc = await makeAccount(t, { homeOrgId: org.id });
    await makeMembership(t, org.id, acc.id, { packages: ['base-accounting'] });
    const api = t.client();
    await api.login(acc.email, acc.password);
    const r = await api.post('/api/v1/orgs', { name: 'Nope Oy', kind: 'client', country: 'FI', businessId: nextBusinessId('FI') });
    expect(r.status).toBe(403);
  });
});

describe('R-A2 business ids validated by country', () => {
  it.each([
    ['FI', '1234567-2'],
    ['FI', '123456-78'],
    ['SE', '556677-8890'],
    ['SE', '55667788'],
    ['NO', '923609017'],
    ['NO', '12345678'],
  ])('R-A2 refuses %s %s with invalid_business_id naming businessId', async (country, businessId) => {
    const op = await t.operator();
    const r = await op.post('/api/v1/orgs', { name: 'Bad Id', kind: 'client', country, businessId });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('invalid_business_id');
    expect(r.body.errors).toEqual([{ path: 'businessId', code: expect.stringMatching(/^(invalid_format|wrong_check_digit)$/), message: expect.any(String) }]);
  });

  it('R-A2 accepts valid ids, normalises them, and refuses a duplicate (country, id) with 409', async () => {
    const op = await t.operator();
    const r = await op.post('/api/v1/orgs', { name: 'Equinor', kind: 'client', country: 'NO', businessId: 'NO 923 609 016 MVA' });
    expect(r.status).toBe(201);
    expect(r.body.businessId).toBe('923609016');
    const dup = await op.post('/api/v1/orgs', { name: 'Equinor again', kind: 'client', country: 'NO', businessId: '923609016' });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('duplicate_business_id');
    const se = await op.post('/api/v1/orgs', { name: 'Volvo', kind: 'client', country: 'SE', businessId: '5560125790' });
    expect(se.status).toBe(201);
    expect(se.body.businessId).toBe('556012-5790');
  });

  it('R-K1 a refused change writes no audit event and no organisation', async () => {
    const op = await t.operator();
    const before = await t.database.db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const email = `ghost-owner-${Date.now()}@test.nyckel`;
    const r = await op.post('/api/v1/orgs', {
      name: 'Equinor 3',
      kind: 'client',
      country: 'NO',
      businessId: '923609016',
      contractOwner: { email, firstName: 'G', lastName: 'O' },
    });
    expect(r.status).toBe(409);
    const after = await t.database.db
      .selectFrom('audit_events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    const account = await t.database.db.selectFrom('accounts').select('id').where('email', '=', email).executeTakeFirst();
    expect(account).toBeUndefined();
  });
});

describe('R-A3 organisation list', () => {
  it('R-A3 searches, filters by kind, agency and "must convert", sorts and pages with a cursor', async () => {
    const op = await t.operator();
    const tag = `zq${Date.now().toString(36)}`;
    const agency = await makeOrg(op, { kind: 'agency', name: `${tag} Agency` });
    const names = ['Delta', 'alpha', 'Charlie', 'bravo', 'Echo'];
    for (const n of names) await makeOrg(op, { name: `${tag} ${n}`, agencyId: agency.id });
    await t.database.db.updateTable('orgs').set({ permission_model: 'legacy' }).where('name', '=', `${tag} Charlie`).execute();

    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const r: any = await op.get(`/api/v1/orgs?q=${tag}&kind=client&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(r.status).toBe(200);
      expect(r.body.total).toBe(5);
      all.push(...r.body.items.map((o: any) => o.name.slice(tag.length + 1)));
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(all).toEqual(['alpha', 'bravo', 'Charlie', 'Delta', 'Echo']);

    const desc = await op.get(`/api/v1/orgs?q=${tag}&sort=name&order=desc&limit=3`);
    expect(desc.body.items.map((o: any) => o.name.slice(tag.length + 1))).toEqual(['Echo', 'Delta', 'Charlie']);

    const legacy = await op.get(`/api/v1/orgs?q=${tag}&mustConvert=true`);
    expect(legacy.body.items.map((o: any) => o.name)).toEqual([`${tag} Charlie`]);
    expect(legacy.body.items[0].permissionModel).toBe('legacy');

    const byAgency = await op.get(`/api/v1/orgs?agencyId=${agency.id}`);
    expect(byAgency.body.total).toBe(5);
    const agencies = await op.get(`/api/v1/orgs?q=${tag}&kind=agency`);
    expect(agencies.body.items.map((o: any) => o.id)).toEqual([agency.id]);

    const byCreated: string[] = [];
    cursor = null;
    do {
      const r: any = await op.get(`/api/v1/orgs?q=${tag}&kind=client&sort=createdAt&order=desc&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      byCreated.push(...r.body.items.map((o: any) => o.name.slice(tag.length + 1)));
      cursor = r.body.nextCursor;
    } while (cursor);
    expect(byCreated).toEqual([...names].reverse());
  });

  it('R-A3 refuses a forged cursor and a bad sort with 400', async () => {
    const op = await t.operator();
    expect((await op.get('/api/v1/orgs?cursor=bm9wZQ')).body.code).toBe('validation_failed');
    expect((await op.get('/api/v1/orgs?sort=password')).status).toBe(400);
  });
});

describe('R-J1 tenant isolation', () => {
  it('R-J1 another organisation is invisible (404) and absent from the list; its audit is forbidden to plain members', async () => {
    const op = await t.operator();
    const mine = await makeOrg(op);
    const theirs = await makeOrg(op);
    const acc = await makeAccount(t, { homeOrgId: mine.id });
    await makeMembership(t, mine.id, acc.id, { packages: ['base-accounting'] });
    const api = t.client();
    await api.login(acc.email, acc.password);
    expect((await api.get(`/api/v1/orgs/${mine.id}`)).status).toBe(200);
    const other = await api.get(`/api/v1/orgs/${theirs.id}`);
    expect(other.status).toBe(404);
    expect(other.body.code).toBe('not_found');
    expect((await api.get(`/api/v1/orgs/${theirs.id}/audit`)).status).toBe(404);
    expect((await api.patch(`/api/v1/orgs/${theirs.id}`, { name: 'Hacked' })).status).toBe(404);
    expect((await api.get(`/api/v1/orgs/${crypto.randomUUID()}`)).status).toBe(404);
    const list = await api.get('/api/v1/orgs');
    expect(list.body.items.map((o: any) => o.id)).toEqual([mine.id]);
    expect(list.body.total).toBe(1);
    // A member who is not an administrator sees the organisation but may not change it or read its audit.
    expect((await api.patch(`/api/v1/orgs/${mine.id}`, { name: 'Renamed' })).status).toBe(403);
    expect((await api.get(`/api/v1/orgs/${mine.id}/audit`)).status).toBe(403);
    const me = await api.get('/api/v1/me');
    expect(me.body.organisations).toEqual([{ id: mine.id, name: mine.name, kind: 'client', admin: false, programAdminOf: [] }]);
  });

  it('R-J1 an inactive or expired membership does not open the organisation', async () => {
    const op = await t.operator();
    const org = await makeOrg(op);
    const a = await makeAccount(t);
    await makeMembership(t, org.id, a.id, { status: 'inactive', packages: ['base-accounting'] });
    const b = await makeAccount(t);
    await makeMembership(t, org.id, b.id, { type: 'external', packages: ['base-accounting'], validUntil: '2001-01-01' });
    // Each also works somewhere else, so it can still sign in (R-G2) and try.
    const elsewhere = await makeOrg(op);
    for (const acc of [a, b]) await makeMembership(t, elsewhere.id, acc.id, { type: 'no_access' });
    for (const acc of [a, b]) {
      const api = t.client();
      await api.login(acc.email, acc.password);
      expect((await api.get(`/api/v1/orgs/${org.id}`)).status).toBe(404);
    }
  });

  it('R-K1 an administrator edits the organisation; the audit view shows who, when, before and after', async () => {
    const op = await t.operator();
    const org = await makeOrg(op, { name: 'Before Oy' });
    const { api, account } = await makeOrgAdmin(t, org.id);
    const r = await api.patch(`/api/v1/orgs/${org.id}`, { name: 'After Oy', defaultLanguage: 'sv' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ name: 'After Oy', defaultLanguage: 'sv' });
    const audit = await api.get(`/api/v1/orgs/${org.id}/audit`);
    expect(audit.status).toBe(200);
    const [latest] = audit.body.items;
    expect(latest.action).toBe('org.updated');
    expect(latest.actor.accountId).toBe(account.id);
    expect(latest.before).toMatchObject({ name: 'Before Oy', defaultLanguage: 'fi' });
    expect(latest.after).toMatchObject({ name: 'After Oy', defaultLanguage: 'sv' });
    expect(Date.parse(latest.at)).toBeGreaterThan(Date.now() - 60_000);
  });
});

describe('validation_failed names every field', () => {
  it('lists each bad field of POST /orgs by path, also through the fromRegistry alternative', async () => {
    const op = await t.operator();
    const r = await op.post('/api/v1/orgs', {
      name: '',
      kind: 'shop',
      country: 'FI',
      businessId: '1',
      contractOwner: { email: 'not-mail', firstName: 'A', lastName: 'B' },
      zzz: 1,
    });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('validation_failed');
    expect(r.body.errors.map((e: any) => e.path).sort()).toEqual(['contractOwner.email', 'kind', 'name', 'zzz']);
    const reg = await op.post('/api/v1/orgs', { fromRegistry: { country: 'DK' } });
    expect(reg.body.errors.map((e: any) => e.path).sort()).toEqual(['fromRegistry.businessId', 'fromRegistry.country']);
  });
});
