import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../kernel/crypto.js';
import { makeAccount, makeMembership, makeOrg, makeOrgAdmin } from '../../test/factories.js';
import type { ApiClient } from '../../test/http-client.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';

let t: TestApp;
let op: ApiClient;
/** A personal API token of the operator, for the raw fetches the .xlsx tests need (ApiClient reads bodies as text). */
let opToken: string;
beforeAll(async () => {
  t = await startTestApp();
  op = await t.operator();
  const tok = await op.post('/api/v1/me/api-tokens', { name: 'xlsx tests' });
  expect(tok.status).toBe(201);
  opToken = tok.body.token;
});
afterAll(async () => {
  await t?.close();
});

type U = {
  id: string;
  email: string | null;
  firstName: string;
  lastName: string;
  type: string;
  status: string;
  home: 'own' | 'partner';
  homeOrg: { id: string; name: string };
  createdAt: string;
};
type Query = Record<string, string | number | undefined>;

let seq = 0;
const tag = () => `t${Date.now().toString(36)}${(seq++).toString(36)}`;
const qs = (query: Query) =>
  new URLSearchParams(
    Object.entries(query)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k, String(v)]),
  ).toString();
const usersPath = (orgId: string, query: Query = {}) => `/api/v1/orgs/${orgId}/users?${qs(query)}`;

async function addUser(orgId: string, body: Record<string, unknown>): Promise<U> {
  const r = await op.post(`/api/v1/orgs/${orgId}/users`, body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

/** Pages through the whole list with the given page size; every page must report the same total. */
async function listAll(orgId: string, query: Query = {}, limit = 3, api: ApiClient = op): Promise<{ items: U[]; total: number; pages: number }> {
  const items: U[] = [];
  let cursor: string | null = null;
  let total = -1;
  let pages = 0;
  do {
    const r: any = await api.get(usersPath(orgId, { ...query, limit, cursor: cursor ?? undefined }));
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    if (total === -1) total = r.body.total;
    expect(r.body.total).toBe(total);
    expect(r.body.items.length).toBeLessThanOrEqual(limit);
    items.push(...r.body.items);
    cursor = r.body.nextCursor;
    pages++;
    // A cursor that hands out rows again would page forever: stop as soon as more rows came than the total.
    if (items.length > total) break;
  } while (cursor);
  return { items, total, pages };
}

const ids = (us: { id: string }[]) => us.map((u) => u.id);
const sortedIds = (us: { id: string }[]) => ids(us).sort();

// The order the list promises (R-D2): case-insensitive by lower(), ties broken by id in the same direction.
// The test databases use the C collation, so comparing lower-cased strings by code unit is the database's order.
const SORT_KEY: Record<string, (u: U) => string> = {
  firstName: (u) => u.firstName.toLowerCase(),
  lastName: (u) => u.lastName.toLowerCase(),
  email: (u) => (u.email ?? '').toLowerCase(),
  organization: (u) => u.homeOrg.name.toLowerCase(),
  type: (u) => u.type,
  status: (u) => u.status,
  createdAt: (u) => u.createdAt,
};
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
function expectedOrder(us: U[], sort: string, order: 'asc' | 'desc'): U[] {
  const key = SORT_KEY[sort];
  const sign = order === 'asc' ? 1 : -1;
  return [...us].sort((a, b) => sign * (cmp(key(a), key(b)) || cmp(a.id, b.id)));
}

/** The raw .xlsx response, read chunk by chunk from fetch's ReadableStream. */
async function fetchXlsx(orgId: string, query: Query = {}, token = opToken, headers: Record<string, string> = {}) {
  const started = Date.now();
  const res = await fetch(`${t.url}/api/v1/orgs/${orgId}/users.xlsx?${qs(query)}`, { headers: { authorization: `Bearer ${token}`, ...headers } });
  const chunks: Uint8Array[] = [];
  let firstChunkAt = -1;
  if (res.body) {
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (firstChunkAt < 0) firstChunkAt = Date.now() - started;
      chunks.push(value);
    }
  }
  const endAt = Date.now() - started;
  return { res, body: Buffer.concat(chunks), chunks: chunks.length, firstChunkAt, endAt };
}

/** Like fetchXlsx, but gives up (aborted: true) once the body passes maxBytes or maxMs: an export that never ends. */
async function fetchXlsxGuarded(orgId: string, query: Query, maxBytes: number, maxMs: number) {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), maxMs);
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  let aborted = false;
  try {
    const res = await fetch(`${t.url}/api/v1/orgs/${orgId}/users.xlsx?${qs(query)}`, { headers: { authorization: `Bearer ${opToken}` }, signal: ac.signal });
    const reader = res.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      bytes += value.length;
      if (bytes > maxBytes) {
        aborted = true;
        ac.abort();
        break;
      }
    }
    return { status: res.status, body: Buffer.concat(chunks), aborted, bytes };
  } catch (e) {
    if ((e as Error).name === 'AbortError') return { status: 0, body: Buffer.concat(chunks), aborted: true, bytes };
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

async function readSheet(body: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  expect(wb.worksheets.length).toBe(1);
  return wb.worksheets[0];
}

const cellText = (v: ExcelJS.CellValue) => (v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v));

/**
 * Inserts n no_access members of one organisation straight into persons + memberships, 1,000 per statement,
 * all in one transaction (so every row has the same created_at, as after a bulk import).
 */
async function bulkInsertMembers(org: { id: string; name: string }, n: number, row: (i: number) => { first: string; last: string; email: string }) {
  await t.database.db.transaction().execute(async (tx) => {
    for (let start = 0; start < n; start += 1000) {
      const rows = Array.from({ length: Math.min(1000, n - start) }, (_, j) => ({ personId: newId(), id: newId(), ...row(start + j) }));
      await tx
        .insertInto('persons')
        .values(rows.map((r) => ({ org_id: org.id, id: r.personId, first_name: r.first, last_name: r.last, email: r.email })))
        .execute();
      await tx
        .insertInto('memberships')
        .values(
          rows.map((r) => ({
            org_id: org.id,
            id: r.id,
            person_id: r.personId,
            account_id: null,
            type: 'no_access' as const,
            status: 'active' as const,
            reseller_role: null,
            valid_from: null,
            valid_until: null,
            first_name: r.first,
            last_name: r.last,
            email: r.email,
            home: 'own' as const,
            home_org_id: org.id,
            home_org_name: org.name,
          })),
        )
        .execute();
    }
  });
}

/**
 * A small organisation served by an agency, with own users of every type, partner users from two other
 * organisations, a reseller from the agency and inactive users of both kinds (R-D1).
 */
async function buildViewsOrg() {
  const k = tag();
  const agency = await makeOrg(op, { kind: 'agency', name: `Agency ${k}` });
  const org = await makeOrg(op, { name: `Home ${k}`, agencyId: agency.id });
  const partnerOrg = await makeOrg(op, { name: `Partner ${k}` });
  const partnerOrg2 = await makeOrg(op, { name: `Partner Two ${k}` });
  const mail = (n: string) => `${n}-${k}@list.test`;

  const e1 = await addUser(org.id, { type: 'employee', email: mail('e1'), firstName: 'Eva', lastName: 'One', packages: ['base-accounting'] });
  const e2 = await addUser(org.id, { type: 'employee', email: mail('e2'), firstName: 'Erik', lastName: 'Two', modules: [{ key: 'payroll' }] });
  const x1 = await addUser(org.id, {
    type: 'external',
    email: mail('x1'),
    firstName: 'Xena',
    lastName: 'Ext',
    validUntil: '2099-12-31',
    packages: ['base-crm'],
  });
  const n1 = await addUser(org.id, { type: 'no_access', email: mail('n1'), firstName: 'Nils', lastName: 'None' });
  const p1 = await addUser(org.id, { type: 'person', firstName: 'Pia', lastName: 'Person' });
  const p2 = await addUser(org.id, { type: 'person', firstName: 'Per', lastName: 'Contact', email: mail('p2') });

  const partnerAccount = async (homeOrgId: string) => makeAccount(t, { homeOrgId, email: mail(`acc${seq++}`) });
  const pe1 = await addUser(org.id, { type: 'employee', email: (await partnerAccount(partnerOrg.id)).email, packages: ['base-payroll'] });
  const pe2 = await addUser(org.id, { type: 'employee', email: (await partnerAccount(partnerOrg2.id)).email, modules: [{ key: 'crm' }] });
  const pn1 = await addUser(org.id, { type: 'no_access', email: (await partnerAccount(partnerOrg2.id)).email });
  const px1 = await addUser(org.id, { type: 'external', email: (await partnerAccount(partnerOrg.id)).email, validUntil: '2099-12-31' });
  const consultant = await partnerAccount(agency.id);
  await makeMembership(t, agency.id, consultant.id, { type: 'employee' });
  const r1 = await addUser(org.id, { type: 'reseller', email: consultant.email, resellerRole: 'accountant', packages: ['agency'] });

  for (const u of [e2, pe2]) {
    const r = await op.post(`/api/v1/orgs/${org.id}/users/${u.id}/deactivate`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.status).toBe('inactive');
  }
  return { agency, org, partnerOrg, partnerOrg2, e1, e2, x1, n1, p1, p2, pe1, pe2, pn1, px1, r1 };
}

describe('R-D1 views all/own/partner/inactive and type filter', () => {
  it('R-D1 each view and each of the five types returns exactly its users, with the exact total', async () => {
    const o = await buildViewsOrg();
    // The users are what the test set up: own/partner and home organisation as expected.
    for (const u of [o.e1, o.e2, o.x1, o.n1, o.p1, o.p2]) expect(u).toMatchObject({ home: 'own', homeOrg: { id: o.org.id, name: o.org.name } });
    for (const u of [o.pe1, o.px1]) expect(u).toMatchObject({ home: 'partner', homeOrg: { id: o.partnerOrg.id, name: o.partnerOrg.name }, status: 'active' });
    for (const u of [o.pe2, o.pn1]) expect(u).toMatchObject({ home: 'partner', homeOrg: { id: o.partnerOrg2.id } });
    expect(o.r1).toMatchObject({ type: 'reseller', home: 'partner', homeOrg: { id: o.agency.id }, resellerRole: 'accountant' });

    const active = [o.e1, o.x1, o.n1, o.p1, o.p2, o.pe1, o.pn1, o.px1, o.r1];
    const cases: [Query, U[]][] = [
      [{}, active],
      [{ view: 'all' }, active],
      [{ view: 'own' }, [o.e1, o.x1, o.n1, o.p1, o.p2]],
      [{ view: 'partner' }, [o.pe1, o.pn1, o.px1, o.r1]],
      [{ view: 'inactive' }, [o.e2, o.pe2]],
      [{ type: 'employee' }, [o.e1, o.pe1]],
      [{ type: 'external' }, [o.x1, o.px1]],
      [{ type: 'no_access' }, [o.n1, o.pn1]],
      [{ type: 'person' }, [o.p1, o.p2]],
      [{ type: 'reseller' }, [o.r1]],
      [{ view: 'own', type: 'employee' }, [o.e1]],
      [{ view: 'partner', type: 'employee' }, [o.pe1]],
      [{ view: 'partner', type: 'external' }, [o.px1]],
      [{ view: 'inactive', type: 'employee' }, [o.e2, o.pe2]],
      [{ view: 'inactive', type: 'person' }, []],
      [{ view: 'own', type: 'reseller' }, []],
    ];
    for (const [query, expected] of cases) {
      const label = JSON.stringify(query);
      const one = await op.get(usersPath(o.org.id, { ...query, limit: 500 }));
      expect(one.status, label).toBe(200);
      expect(sortedIds(one.body.items), label).toEqual(sortedIds(expected));
      expect(one.body.total, label).toBe(expected.length);
      expect(one.body.nextCursor, label).toBeNull();
      // The same through small pages.
      const paged = await listAll(o.org.id, query, 2);
      expect(sortedIds(paged.items), label).toEqual(sortedIds(expected));
      expect(paged.total, label).toBe(expected.length);
    }

    // The inactive users keep type and home; status says why they are in that view.
    const inactive = (await op.get(usersPath(o.org.id, { view: 'inactive' }))).body.items as U[];
    expect(inactive.map((u) => [u.id, u.status, u.home]).sort()).toEqual(
      [
        [o.e2.id, 'inactive', 'own'],
        [o.pe2.id, 'inactive', 'partner'],
      ].sort(),
    );
  });

  it('R-D1 refuses an unknown view or type with 400 validation_failed', async () => {
    const org = await makeOrg(op);
    for (const query of [{ view: 'everyone' }, { type: 'admin' }, { status: 'gone' }]) {
      const r = await op.get(usersPath(org.id, query));
      expect(r.status).toBe(400);
      expect(r.body.code).toBe('validation_failed');
    }
  });
});

/**
 * An organisation for sorting and searching: mixed case, ties on every text column, persons without e-mail,
 * partner users from organisations whose names differ only in case, an agency reseller, LIKE metacharacters
 * in names, and users in every status.
 */
async function buildSortOrg() {
  // Digits only, so no search word below matches the tag by accident.
  const k = `${Date.now() % 1e9}${seq++}`;
  const agency = await makeOrg(op, { kind: 'agency', name: `Gamma Agency ${k}` });
  const org = await makeOrg(op, { name: `Sort ${k}`, agencyId: agency.id });
  const alpha = await makeOrg(op, { name: `alpha AB ${k}` });
  const beta = await makeOrg(op, { name: `Beta Oy ${k}` });
  const beta2 = await makeOrg(op, { name: `beta oy ${k}` });
  const dom = `${k}.test`;
  // A partner's name is the account's (R-C1), edited at home (issue 14 item 4): readable names for the searches.
  const partner = async (homeOrgId: string, email: string, [firstName, lastName]: [string, string], body: Record<string, unknown>) => {
    const acc = await makeAccount(t, { homeOrgId, email, firstName, lastName });
    return addUser(org.id, { email: acc.email, ...body });
  };
  const users: U[] = [
    await addUser(org.id, { type: 'employee', email: `anna.berg@x${dom}`, firstName: 'Anna', lastName: 'Berg', packages: ['base-accounting'] }),
    await addUser(org.id, { type: 'employee', email: `anna-b@x${dom}`, firstName: 'anna', lastName: 'berg' }),
    await addUser(org.id, { type: 'no_access', email: `Anna.Berg2@x${dom}`, firstName: 'ANNA', lastName: 'BERG' }),
    await addUser(org.id, { type: 'external', email: `c.aaron@x${dom}`, firstName: 'Carl', lastName: 'aaron', validUntil: '2099-12-31' }),
    await addUser(org.id, { type: 'external', email: `old.ext@x${dom}`, firstName: 'Olle', lastName: 'Ext', validUntil: '2099-12-31' }),
    await partner(alpha.id, `dora@y${dom}`, ['Dora', 'Zed'], { type: 'no_access' }),
    await partner(beta.id, `eve@y${dom}`, ['eve', 'Young'], { type: 'employee', modules: [{ key: 'crm' }] }),
    await partner(beta2.id, `finn@y${dom}`, ['Finn', 'young'], { type: 'employee' }),
    await partner(beta2.id, `Gina@y${dom}`, ['Gina', 'Young'], { type: 'external', validUntil: '2099-12-31' }),
    await addUser(org.id, { type: 'person', firstName: 'Gus', lastName: 'Hall' }),
    await addUser(org.id, { type: 'person', firstName: 'gus', lastName: 'hall' }),
    await addUser(org.id, { type: 'employee', email: `hal@z${dom}`, firstName: 'Hal', lastName: 'Ito' }),
    await addUser(org.id, { type: 'employee', email: `al_x@w${dom}`, firstName: 'Al_x', lastName: '100%' }),
    await addUser(org.id, { type: 'employee', email: `alex@w${dom}`, firstName: 'Alex', lastName: '1000' }),
    await addUser(org.id, { type: 'employee', email: `zack@w${dom}`, firstName: 'Zack', lastName: 'Ward' }),
  ];
  const consultant = await makeAccount(t, { homeOrgId: agency.id, email: `ivy@g${dom}` });
  await makeMembership(t, agency.id, consultant.id, { type: 'employee' });
  users.push(await addUser(org.id, { type: 'reseller', email: consultant.email, firstName: 'Ivy', lastName: 'Jones', resellerRole: 'auditor' }));
  // Statuses: invited (new accounts), active (existing accounts, persons), expired, inactive.
  const expired = await op.patch(`/api/v1/orgs/${org.id}/users/${users[4].id}`, { validUntil: '2001-01-01' });
  expect(expired.status, JSON.stringify(expired.body)).toBe(200);
  expect(expired.body.status).toBe('expired');
  const deactivated = await op.post(`/api/v1/orgs/${org.id}/users/${users[11].id}/deactivate`);
  expect(deactivated.status).toBe(200);
  const all = (await op.get(usersPath(org.id, { limit: 500 }))).body.items as U[];
  const inactive = (await op.get(usersPath(org.id, { view: 'inactive', limit: 500 }))).body.items as U[];
  expect(all.length).toBe(users.length - 1);
  expect(inactive.map((u) => u.id)).toEqual([users[11].id]);
  expect(new Set(all.map((u) => u.status))).toEqual(new Set(['invited', 'active', 'expired']));
  return { org, all, inactive, k };
}

let sortOrg: Awaited<ReturnType<typeof buildSortOrg>> | undefined;
const getSortOrg = async () => (sortOrg ??= await buildSortOrg());

describe('R-D2 sort, per-column filters, free text, cursors', () => {
  const columns = ['firstName', 'lastName', 'email', 'organization', 'type', 'status', 'createdAt'] as const;
  for (const sort of columns) {
    for (const order of ['asc', 'desc'] as const) {
      it(`R-D2 sort=${sort} order=${order}: pages of 3 through the whole list in the computed order`, async () => {
        const { org, all } = await getSortOrg();
        const got = await listAll(org.id, { sort, order }, 3);
        expect(got.total).toBe(all.length);
        const expected = expectedOrder(all, sort, order);
        expect(got.items.map((u) => `${SORT_KEY[sort](u)} ${u.id}`)).toEqual(expected.map((u) => `${SORT_KEY[sort](u)} ${u.id}`));
        expect(got.pages).toBe(Math.ceil(all.length / 3));
      });
    }
  }

  it('R-D2 the default order is lastName ascending, and sorting works inside a view', async () => {
    const { org, all, inactive } = await getSortOrg();
    expect(ids((await listAll(org.id, {}, 4)).items)).toEqual(ids(expectedOrder(all, 'lastName', 'asc')));
    const partners = all.filter((u) => u.home === 'partner');
    expect(ids((await listAll(org.id, { view: 'partner', sort: 'organization', order: 'desc' }, 2)).items)).toEqual(
      ids(expectedOrder(partners, 'organization', 'desc')),
    );
    expect(ids((await listAll(org.id, { view: 'inactive', sort: 'email' }, 1)).items)).toEqual(ids(inactive));
  });

  it('R-D2 per-column prefix searches are case-insensitive and treat % and _ literally', async () => {
    const { org, all } = await getSortOrg();
    const prefix = (field: 'firstName' | 'lastName' | 'email' | 'organization', value: string) =>
      all.filter((u) => {
        const v = field === 'organization' ? u.homeOrg.name : field === 'email' ? (u.email ?? '') : u[field];
        return v.toLowerCase().startsWith(value.toLowerCase());
      });
    const cases: [Query, U[]][] = [
      [{ firstName: 'an' }, prefix('firstName', 'an')],
      [{ firstName: 'AN' }, prefix('firstName', 'an')],
      [{ firstName: 'al_' }, prefix('firstName', 'al_')],
      [{ firstName: 'a_' }, []],
      [{ lastName: 'BER' }, prefix('lastName', 'ber')],
      [{ lastName: 'young' }, prefix('lastName', 'young')],
      [{ lastName: '100%' }, prefix('lastName', '100%')],
      [{ lastName: '1%' }, []],
      [{ lastName: 'erg' }, []],
      [{ email: 'ANNA.' }, prefix('email', 'anna.')],
      [{ email: 'anna' }, prefix('email', 'anna')],
      [{ email: 'gina@' }, prefix('email', 'gina@')],
      [{ organization: 'beta' }, prefix('organization', 'beta')],
      [{ organization: 'ALPHA ab' }, prefix('organization', 'alpha ab')],
      [{ organization: 'sort' }, prefix('organization', 'sort')],
      [{ firstName: 'anna', lastName: 'berg', email: 'anna.' }, prefix('email', 'anna.')],
      [{ organization: 'beta', type: 'external' }, prefix('organization', 'beta').filter((u) => u.type === 'external')],
    ];
    for (const [query, expected] of cases) {
      const label = JSON.stringify(query);
      const got = await listAll(org.id, query, 2);
      expect(sortedIds(got.items), label).toEqual(sortedIds(expected));
      expect(got.total, label).toBe(expected.length);
    }
    expect(prefix('firstName', 'an').length).toBe(3);
    expect(prefix('firstName', 'al_').length).toBe(1);
    expect(prefix('lastName', '100%').length).toBe(1);
    expect(prefix('organization', 'beta').length).toBe(3);
  });

  it('R-D2 status filter within a view', async () => {
    const { org, all, inactive } = await getSortOrg();
    for (const status of ['invited', 'active', 'expired'] as const) {
      const expected = all.filter((u) => u.status === status);
      expect(expected.length, status).toBeGreaterThan(0);
      const got = await listAll(org.id, { status }, 3);
      expect(sortedIds(got.items), status).toEqual(sortedIds(expected));
      expect(got.total, status).toBe(expected.length);
    }
    // 'all' holds nobody inactive; the inactive view holds only them.
    expect((await listAll(org.id, { status: 'inactive' })).total).toBe(0);
    expect(ids((await listAll(org.id, { view: 'inactive', status: 'inactive' })).items)).toEqual(ids(inactive));
    expect((await listAll(org.id, { view: 'inactive', status: 'active' })).total).toBe(0);
    const ownActive = all.filter((u) => u.home === 'own' && u.status === 'active');
    expect(sortedIds((await listAll(org.id, { view: 'own', status: 'active' })).items)).toEqual(sortedIds(ownActive));
  });

  it('R-D2 free text q: substring of names, e-mail or organisation name, case-insensitive, words AND-ed', async () => {
    const { org, all, k } = await getSortOrg();
    const matches = (q: string) => {
      const words = q.toLowerCase().split(/\s+/).filter(Boolean);
      return all.filter((u) => words.every((w) => [u.firstName, u.lastName, u.email ?? '', u.homeOrg.name].some((f) => f.toLowerCase().includes(w))));
    };
    const cases: [string, number][] = [
      ['anna', 3],
      ['ANNA', 3],
      ['nna', 3],
      ['berg x', 3],
      ['anna berg2', 1],
      ['young beta', 3],
      ['young BETA eve', 1],
      ['dora alpha', 1],
      ['alpha', 1],
      ['beta oy', 3],
      [`sort ${k}`, all.filter((u) => u.home === 'own').length],
      ['hall', 2],
      ['al_', 1],
      ['100%', 1],
      ['%', 1],
      ['_', 1],
      ['zzz', 0],
      ['anna zzz', 0],
      ['gamma', 1],
      ['@w', 3],
      ['  ward   zack ', 1],
    ];
    for (const [q, n] of cases) {
      const expected = matches(q);
      expect(expected.length, `model for ${q}`).toBe(n);
      const got = await listAll(org.id, { q }, 2);
      expect(sortedIds(got.items), q).toEqual(sortedIds(expected));
      expect(got.total, q).toBe(n);
    }
    // Combined with a sort and a column filter.
    const got = await listAll(org.id, { q: 'anna', lastName: 'berg', sort: 'email', order: 'desc' }, 2);
    expect(ids(got.items)).toEqual(ids(expectedOrder(matches('anna'), 'email', 'desc')));
  });

  it('R-D2 every word of q counts, also beyond the fifth', async () => {
    const { org } = await getSortOrg();
    expect((await listAll(org.id, { q: 'anna berg x anna berg' })).total).toBe(3);
    // The sixth word matches nobody, so nobody matches all six.
    const six = await listAll(org.id, { q: 'anna berg x anna berg zzz' });
    expect(six.total).toBe(0);
    expect(six.items).toEqual([]);
  });

  it('R-D2 members created in one transaction (equal createdAt) page by createdAt: every row once, ties by id', async () => {
    const org = await makeOrg(op, { name: `Same instant ${tag()}` });
    const n = 1_200;
    await bulkInsertMembers(org, n, (i) => ({ first: `F${i}`, last: `L${i}`, email: `same${i}@instant.test` }));
    const rows = await t.database.db.selectFrom('memberships').select(['id', 'created_at']).where('org_id', '=', org.id).execute();
    expect(new Set(rows.map((r) => r.created_at.getTime())).size).toBe(1);
    const byId = rows.map((r) => r.id).sort();
    for (const order of ['asc', 'desc'] as const) {
      const got = await listAll(org.id, { sort: 'createdAt', order }, 500);
      expect(got.total).toBe(n);
      expect(got.items.length, `sort=createdAt order=${order}: rows handed out`).toBe(n);
      expect(ids(got.items)).toEqual(order === 'asc' ? byId : [...byId].reverse());
    }
  });

  it('R-D2 case-insensitive searches also fold Nordic letters (Å, Ä, Ö, Ø, Æ)', async () => {
    const org = await makeOrg(op, { name: `Nordic ${tag()}` });
    const asa = await addUser(org.id, { type: 'person', firstName: 'Åsa', lastName: 'Öberg' });
    const orjan = await addUser(org.id, { type: 'person', firstName: 'Ørjan', lastName: 'Ærø' });
    await addUser(org.id, { type: 'person', firstName: 'Asa', lastName: 'Oberg' });
    for (const [query, expected] of [
      [{ firstName: 'åsa' }, [asa]],
      [{ firstName: 'ÅSA' }, [asa]],
      [{ lastName: 'öb' }, [asa]],
      [{ q: 'ÖBERG' }, [asa]],
      [{ q: 'øRJAN' }, [orjan]],
      [{ lastName: 'ærø' }, [orjan]],
    ] as [Query, U[]][]) {
      const r = await op.get(usersPath(org.id, query));
      expect(sortedIds(r.body.items), JSON.stringify(query)).toEqual(sortedIds(expected));
    }
  });

  it('R-D2 a forged cursor is 400 validation_failed; limit is 1…500', async () => {
    const { org } = await getSortOrg();
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const forged: [Query, string][] = [
      [{}, 'bm9wZQ'],
      [{}, '!!!not-base64!!!'],
      [{}, b64(['berg'])],
      [{}, b64(['berg', newId(), 'extra'])],
      [{}, b64({ a: 1 })],
      [{}, b64([{ x: 1 }, newId()])],
      [{}, b64(['berg', 'not-a-uuid'])],
      [{ sort: 'createdAt' }, b64(['not-a-date', newId()])],
    ];
    for (const [query, cursor] of forged) {
      const r = await op.get(usersPath(org.id, { ...query, cursor }));
      expect(r.status, `${JSON.stringify(query)} ${cursor}`).toBe(400);
      expect(r.body.code, `${JSON.stringify(query)} ${cursor}`).toBe('validation_failed');
    }
    for (const limit of [0, 501, 100000, -1, 'x']) {
      const r = await op.get(usersPath(org.id, { limit }));
      expect(r.status, String(limit)).toBe(400);
      expect(r.body.code).toBe('validation_failed');
    }
    expect((await op.get(usersPath(org.id, { limit: 500 }))).status).toBe(200);
    expect((await op.get(usersPath(org.id, { sort: 'password' }))).status).toBe(400);
    expect((await op.get(usersPath(org.id, { order: 'sideways' }))).status).toBe(400);
  });
});

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const TYPE_EN: Record<string, string> = { reseller: 'Reseller', employee: 'Employee', external: 'External', no_access: 'No system access', person: 'Person' };
const STATUS_EN: Record<string, string> = { invited: 'Invited', active: 'Active', inactive: 'Inactive', expired: 'Expired' };

const HEADER_EN = [
  'First name',
  'Last name',
  'E-mail',
  'Organisation',
  'Office',
  'Own/partner',
  'Type',
  'Status',
  'Valid from',
  'Valid until',
  'Packages',
  'Modules',
  'Added',
];

describe('R-D3 export to .xlsx', () => {
  it('R-D3 the export has exactly the rows of the list, in its order, for the same filters and sort', async () => {
    const { org } = await getSortOrg();
    const queries: Query[] = [
      {},
      { sort: 'email' },
      { sort: 'lastName', order: 'desc' },
      { view: 'partner', sort: 'organization' },
      { q: 'anna', sort: 'firstName', order: 'desc' },
      { type: 'employee', sort: 'createdAt', order: 'desc' },
      { view: 'inactive' },
      { status: 'invited', sort: 'type' },
      { lastName: 'young', sort: 'status', order: 'desc' },
      { q: 'nothing-matches-this' },
    ];
    for (const query of queries) {
      const label = JSON.stringify(query);
      const list = await listAll(org.id, query, 3);
      const x = await fetchXlsx(org.id, query);
      expect(x.res.status, label).toBe(200);
      expect(x.res.headers.get('content-type'), label).toContain(XLSX_TYPE);
      const disposition = x.res.headers.get('content-disposition') ?? '';
      expect(disposition, label).toMatch(/^attachment;/);
      expect(disposition, label).toMatch(/filename="[^"]+\.xlsx"/);
      const ws = await readSheet(x.body);
      const header = (ws.getRow(1).values as ExcelJS.CellValue[]).slice(1);
      expect(header, label).toEqual(HEADER_EN);
      const rows: (string | null)[][] = [];
      ws.eachRow((row, n) => {
        if (n > 1) rows.push([1, 2, 3, 4, 7, 8].map((c) => cellText(row.getCell(c).value)));
      });
      expect(ws.rowCount, label).toBe(list.items.length + 1);
      expect(rows, label).toEqual(list.items.map((u) => [u.firstName, u.lastName, u.email, u.homeOrg.name, TYPE_EN[u.type], STATUS_EN[u.status]]));
    }
  });

  it('R-D3 issue 14 item 12: the sheet speaks the asked language (?lang=, else Accept-Language): named sheet, set widths, words for types, statuses and packages, dates as dates', async () => {
    const org = await makeOrg(op, { name: `Kieli ${tag()}` });
    await addUser(org.id, {
      type: 'external',
      email: `kesa.${tag()}@lang.test`,
      firstName: 'Kesä',
      lastName: 'Työntekijä',
      packages: ['base-payroll'],
      modules: [{ key: 'crm', admin: true }],
      validFrom: '2030-06-01',
      validUntil: '2030-08-31',
    });
    const fi = await fetchXlsx(org.id, { lang: 'fi' }, opToken, { 'accept-language': 'sv' });
    expect(fi.res.headers.get('content-language')).toBe('fi');
    const ws = await readSheet(fi.body);
    expect(ws.name).toBe('Käyttäjät');
    expect((ws.getRow(1).values as ExcelJS.CellValue[]).slice(1)).toEqual([
      'Etunimi',
      'Sukunimi',
      'Sähköposti',
      'Organisaatio',
      'Toimipaikka',
      'Oma/kumppani',
      'Tyyppi',
      'Tila',
      'Voimassa alkaen',
      'Voimassa asti',
      'Paketit',
      'Moduulit',
      'Lisätty',
    ]);
    const row = ws.getRow(2);
    expect(row.getCell(6).value).toBe('Oma');
    expect(row.getCell(7).value).toBe('Ulkoinen');
    expect(row.getCell(8).value).toBe('Kutsuttu');
    expect(row.getCell(9).value).toEqual(new Date('2030-06-01T00:00:00Z'));
    expect(row.getCell(10).value).toEqual(new Date('2030-08-31T00:00:00Z'));
    expect(row.getCell(11).value).toBe('Peruspaketti: palkat');
    expect(row.getCell(12).value).toBe('CRM (pääkäyttäjä)');
    const added = row.getCell(13).value as Date;
    expect(added).toBeInstanceOf(Date);
    expect(added.toISOString().slice(0, 10)).toBe(new Date().toISOString().slice(0, 10));
    expect(ws.getColumn(3).width).toBe(32);
    expect(ws.getColumn(12).width).toBeGreaterThan(ws.getColumn(1).width!);

    // No ?lang=: the request's Accept-Language (Norwegian "no" is Bokmål).
    const nb = await readSheet((await fetchXlsx(org.id, {}, opToken, { 'accept-language': 'no-NO,no;q=0.9' })).body);
    expect(nb.name).toBe('Brukere');
    expect(nb.getRow(2).getCell(7).value).toBe('Ekstern');
    expect(nb.getRow(2).getCell(11).value).toBe('Basispakke: lønn');
  });

  it('R-D3 names starting with = + - @ come back as text cells holding exactly that string, never formulas', async () => {
    const org = await makeOrg(op, { name: `Injection ${tag()}` });
    const evil = ['=HYPERLINK("http://x")', '+1', '-2', '@SUM(A1)', '=1+1', "-cmd|' /C calc'!A0"];
    for (const [i, lastName] of evil.entries()) {
      await addUser(org.id, { type: 'person', firstName: i % 2 ? `=A${i}` : `First${i}`, lastName, email: `evil${i}@inj.test` });
    }
    const x = await fetchXlsx(org.id, { sort: 'email' });
    expect(x.res.status).toBe(200);
    const ws = await readSheet(x.body);
    expect(ws.rowCount).toBe(evil.length + 1);
    for (const [i, lastName] of evil.entries()) {
      const row = ws.getRow(i + 2);
      for (const [col, text] of [
        [1, i % 2 ? `=A${i}` : `First${i}`],
        [2, lastName],
        [3, `evil${i}@inj.test`],
      ] as const) {
        const cell = row.getCell(col);
        expect(cell.type, `${lastName} col ${col}`).toBe(ExcelJS.ValueType.String);
        expect(cell.value).toBe(text);
        expect(cell.formula).toBeUndefined();
      }
    }
  });

  it('R-D3 aborted downloads leave the server usable: 30 aborts (more than the pool), then the list and a full export answer', async () => {
    const org = await makeOrg(op, { name: `Abort ${Date.now()}` });
    await bulkInsertMembers(org, 6000, (i) => ({ first: `A${i}`, last: `Bort${String(i).padStart(5, '0')}`, email: `abort${i}@x.test` }));
    for (let i = 0; i < 30; i++) {
      const ac = new AbortController();
      const res = await fetch(`${t.url}/api/v1/orgs/${org.id}/users.xlsx`, { headers: { authorization: `Bearer ${opToken}` }, signal: ac.signal });
      expect(res.status).toBe(200);
      await res.body!.getReader().read(); // the download has started …
      ac.abort(); // … and the browser goes away
    }
    await new Promise((r) => setTimeout(r, 300));
    const started = Date.now();
    const list = await op.get(`/api/v1/orgs/${org.id}/users?limit=5`);
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(6000);
    expect(Date.now() - started).toBeLessThan(10_000);
    const whole = await fetchXlsx(org.id, {});
    expect(whole.res.status).toBe(200);
  }, 120_000);

  it('R-D3 an export sorted by createdAt of members created in one transaction ends, with every row once', async () => {
    const org = await makeOrg(op, { name: `Same instant export ${tag()}` });
    const n = 1_500; // more than one export batch (1,000 rows)
    await bulkInsertMembers(org, n, (i) => ({ first: `F${i}`, last: `L${i}`, email: `inst${i}@export.test` }));
    const x = await fetchXlsxGuarded(org.id, { sort: 'createdAt' }, 1_500_000, 20_000); // ~10× the size of the whole export
    expect(x.aborted, `export of ${n} rows still streaming after ${x.bytes} bytes: batches repeat rows`).toBe(false);
    expect(x.status).toBe(200);
    const ws = await readSheet(x.body);
    expect(ws.rowCount).toBe(n + 1);
    const emails = new Set<string>();
    ws.eachRow((row, i) => {
      if (i > 1) emails.add(String(row.getCell(3).value));
    });
    expect(emails.size).toBe(n);
  }, 60_000);

  // Inserting and exporting 20,000 rows takes ~13 s on PGlite and ~8 s on PostgreSQL, so both use the full count.
  const BIG = 20_000;
  it(`R-D3 a big export (${BIG.toLocaleString('en')} members) streams: several chunks, first before the last; every row there in order`, async () => {
    const org = await makeOrg(op, { name: `Big ${tag()}` });
    const pad = (i: number) => String(i).padStart(5, '0');
    await bulkInsertMembers(org, BIG, (i) => ({ first: `First${pad(i)}`, last: `Last${pad((i * 7919) % BIG)}`, email: `u${pad(i)}@big.test` }));
    const head = await op.get(usersPath(org.id, { sort: 'email', limit: 1 }));
    expect(head.status, JSON.stringify(head.body)).toBe(200);
    // Issue 12: the total is a count capped at 10,000 — more match, so it says "at least" (the export has them all).
    expect(head.body).toMatchObject({ total: 10_000, totalKind: 'atLeast' });

    const x = await fetchXlsx(org.id, { sort: 'email' });
    expect(x.res.status).toBe(200);
    expect(x.res.headers.get('content-type')).toContain(XLSX_TYPE);
    expect(x.res.headers.get('content-length')).toBeNull();
    // Streamed: the body came in several chunks and the first one arrived before the whole body had.
    expect(x.chunks).toBeGreaterThan(1);
    expect(x.firstChunkAt).toBeGreaterThanOrEqual(0);
    expect(x.firstChunkAt).toBeLessThan(x.endAt);

    const ws = await readSheet(x.body);
    expect(ws.rowCount).toBe(BIG + 1);
    expect((ws.getRow(1).values as ExcelJS.CellValue[]).slice(1)).toEqual(HEADER_EN);
    const rowOf = (n: number) => [1, 2, 3, 4, 6, 7, 8].map((c) => cellText(ws.getRow(n).getCell(c).value));
    expect(rowOf(2)).toEqual(['First00000', `Last${pad(0)}`, 'u00000@big.test', org.name, 'Own', 'No system access', 'Active']);
    const last = BIG - 1;
    expect(rowOf(BIG + 1)).toEqual([
      `First${pad(last)}`,
      `Last${pad((last * 7919) % BIG)}`,
      `u${pad(last)}@big.test`,
      org.name,
      'Own',
      'No system access',
      'Active',
    ]);
    // Every row, in e-mail order, exactly once (batch boundaries neither repeat nor drop a row).
    let ok = 0;
    ws.eachRow((row, n) => {
      if (n > 1 && row.getCell(3).value === `u${pad(n - 2)}@big.test`) ok++;
    });
    expect(ok).toBe(BIG);
  }, 120_000);
});

describe('R-J1 who may read the user list', () => {
  it("R-J1 a plain member gets 403, another organisation's administrator 404; a program administrator may list", async () => {
    const org = await makeOrg(op);
    const other = await makeOrg(op);
    const member = await makeAccount(t, { homeOrgId: org.id });
    await makeMembership(t, org.id, member.id, { packages: ['base-accounting'] });
    const plain = t.client();
    await plain.login(member.email, member.password);
    const plainToken = (await plain.post('/api/v1/me/api-tokens', { name: 'plain' })).body.token as string;
    const r = await plain.get(usersPath(org.id));
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('forbidden');
    expect((await fetchXlsx(org.id, {}, plainToken)).res.status).toBe(403);

    const { api: foreign } = await makeOrgAdmin(t, other.id);
    const foreignToken = (await foreign.post('/api/v1/me/api-tokens', { name: 'foreign' })).body.token as string;
    const f = await foreign.get(usersPath(org.id));
    expect(f.status).toBe(404);
    expect(f.body.code).toBe('not_found');
    const fx = await fetchXlsx(org.id, {}, foreignToken);
    expect(fx.res.status).toBe(404);
    expect(JSON.parse(fx.body.toString('utf8')).code).toBe('not_found');
    expect((await foreign.get(usersPath(newId()))).status).toBe(404);
    // Its own list still works, and shows only its own organisation's members.
    const own = await foreign.get(usersPath(other.id));
    expect(own.status).toBe(200);
    expect(own.body.items.every((u: U & { orgId: string }) => u.orgId === other.id)).toBe(true);

    const pa = await makeAccount(t, { homeOrgId: org.id });
    await makeMembership(t, org.id, pa.id, { modules: [{ key: 'accounting', admin: true }] });
    const programAdmin = t.client();
    await programAdmin.login(pa.email, pa.password);
    const p = await programAdmin.get(usersPath(org.id));
    expect(p.status).toBe(200);
    expect(sortedIds(p.body.items)).toContain((await op.get(usersPath(org.id))).body.items[0].id);
  });
});
