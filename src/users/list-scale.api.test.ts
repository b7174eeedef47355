import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../kernel/crypto.js';
import { makeOrg } from '../../test/factories.js';
import type { ApiClient } from '../../test/http-client.js';
import { startTestApp, type TestApp } from '../../test/test-app.js';

// Issue 12 §2: the user list at 1,000,000 members. Its pages pick a plan per shape (an ordered walk of the sort
// index, a window of it, or the trigram matches sorted) and its total is a capped count. These tests run every
// sort × free text × filters × cursor against a brute-force oracle on a small organisation, with the window and
// the cap made small (5 rows, a total of 12) so that every plan and both kinds of total occur.
const CAP = 12;
const WINDOW = 5;

let t: TestApp;
let op: ApiClient;
beforeAll(async () => {
  t = await startTestApp({ userListTotalCap: CAP, userListWindow: WINDOW });
  op = await t.operator();
});
afterAll(async () => {
  await t?.close();
});

const FIRST = ['Anna', 'Anders', 'Bo', 'Eva', 'Lina', 'Linnea', 'Nils', 'Ola', 'Sara', 'Åsa'];
const LAST = ['Andersson', 'Berg', 'Lind', 'Lindqvist', 'Lindström', 'Nyberg', 'Ek', 'Öberg', 'Sandberg', 'Vik'];
const TYPES = ['employee', 'external', 'no_access', 'person', 'reseller'] as const;
const STATUSES = ['invited', 'active', 'inactive', 'expired'] as const;
const SORTS = {
  firstName: 'first_name_lower',
  lastName: 'last_name_lower',
  email: 'email_lower',
  organization: 'home_org_name_lower',
  type: 'type',
  status: 'status',
  office: 'office_name_lower',
  createdAt: 'created_at',
} as const;
type Sort = keyof typeof SORTS;
/** Free-text terms: none, one and two letters, broad, rare, absent, several words, with LIKE's special characters. */
const TERMS = [undefined, 'a', 'n', 'li', 'er', 'lind', 'berg', 'lindqvist', 'anna lind', 'vik ola', 'zzz', 'x', '%', '_a', 'pojat', 'ö'];

interface Row {
  id: string;
  type: string;
  status: string;
  home: 'own' | 'partner';
  first_name_lower: string;
  last_name_lower: string;
  email_lower: string;
  home_org_name_lower: string;
  office_name_lower: string;
  search_text: string;
  created_at: string;
}

let orgId: string;
let rows: Row[];

/** 60 members with every type, status and home, names from small lists (ties in every sort column), some e-mails null. */
async function seed() {
  const org = await makeOrg(op, { name: `Oracle Oy ${Date.now()}` });
  const partner = await makeOrg(op, { name: `Pojat Partner ${Date.now()}` });
  orgId = org.id;
  const db = t.database.db;
  const base = Date.parse('2026-01-01T00:00:00Z');
  for (let i = 0; i < 60; i++) {
    const personId = newId();
    const first = FIRST[(i * 7) % FIRST.length];
    const last = LAST[(i * 3 + (i >> 3)) % LAST.length];
    const email = i % 9 === 4 ? null : `${first}.${last}.${i}@ex.fi`.toLowerCase();
    const partnerHome = i % 4 === 3;
    await db.insertInto('persons').values({ org_id: org.id, id: personId, first_name: first, last_name: last, email }).execute();
    await db
      .insertInto('memberships')
      .values({
        org_id: org.id,
        id: newId(),
        person_id: personId,
        type: TYPES[i % 5],
        status: STATUSES[(i >> 1) % 4],
        first_name: first,
        last_name: last,
        email,
        home: partnerHome ? 'partner' : 'own',
        home_org_id: partnerHome ? partner.id : org.id,
        home_org_name: partnerHome ? partner.name : org.name,
        office_name: i % 5 === 1 ? 'Turku' : i % 5 === 2 ? 'Åbo' : '',
        // pairs share a creation time: ties in createdAt too
        created_at: new Date(base + Math.floor(i / 2) * 60_000),
      })
      .execute();
  }
  rows = (
    await sql<Row>`SELECT id, type, status, home, first_name_lower, last_name_lower, email_lower, home_org_name_lower,
      office_name_lower, search_text, created_at FROM memberships WHERE org_id = ${org.id}`.execute(db)
  ).rows.map((r) => ({ ...r, created_at: new Date(r.created_at).toISOString() }));
  expect(rows).toHaveLength(60);
}

interface Q {
  view?: 'all' | 'own' | 'partner' | 'inactive';
  type?: string;
  status?: string;
  q?: string;
  lastName?: string;
  sort: Sort;
  order: 'asc' | 'desc';
  limit: number;
}

/** Byte order of UTF-8 (the databases' C collation for these columns). */
const cmpText = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/** The oracle: every row tested, sorted, no index, no cursor. */
function oracle(query: Q): Row[] {
  const listed = (r: Row) =>
    query.view === 'inactive'
      ? r.status === 'inactive'
      : r.status !== 'inactive' && (query.view === 'own' ? r.home === 'own' : query.view === 'partner' ? r.home === 'partner' : true);
  const words = (query.q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  const col = SORTS[query.sort];
  const dir = query.order === 'asc' ? 1 : -1;
  return rows
    .filter(
      (r) =>
        listed(r) &&
        (!query.type || r.type === query.type) &&
        (!query.status || r.status === query.status) &&
        (!query.lastName || r.last_name_lower.startsWith(query.lastName.toLowerCase())) &&
        words.every((w) => r.search_text.includes(w)),
    )
    .sort((a, b) => dir * (cmpText(String(a[col]), String(b[col])) || cmpText(a.id, b.id)));
}

/** Follows nextCursor to the end; every page answers the first page's total and totalKind. */
async function pageThrough(query: Q) {
  const ids: string[] = [];
  let cursor: string | null = null;
  let first: { total: number; totalKind: string } | null = null;
  for (let pages = 0; pages < 100; pages++) {
    const params = new URLSearchParams(
      Object.entries({ ...query, cursor: cursor ?? undefined })
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, String(v)]),
    );
    const r = await op.get(`/api/v1/orgs/${orgId}/users?${params}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    first ??= { total: r.body.total, totalKind: r.body.totalKind };
    expect({ total: r.body.total, totalKind: r.body.totalKind }).toEqual(first);
    ids.push(...r.body.items.map((u: { id: string }) => u.id));
    expect(r.body.items.length).toBeLessThanOrEqual(query.limit);
    cursor = r.body.nextCursor;
    if (!cursor) return { ids, ...first };
    // A page that is not full says the list ended.
    expect(r.body.items.length).toBe(query.limit);
  }
  throw new Error('more than 100 pages');
}

const queries = fc.record(
  {
    view: fc.constantFrom(undefined, 'all', 'own', 'partner', 'inactive'),
    type: fc.constantFrom(undefined, undefined, ...TYPES),
    status: fc.constantFrom(undefined, undefined, ...STATUSES),
    q: fc.constantFrom(...TERMS),
    lastName: fc.constantFrom(undefined, undefined, undefined, 'lind', 'b'),
    sort: fc.constantFrom(...(Object.keys(SORTS) as Sort[])),
    order: fc.constantFrom('asc' as const, 'desc' as const),
    limit: fc.integer({ min: 1, max: 9 }),
  },
  { requiredKeys: ['sort', 'order', 'limit'] },
);

describe('R-D1/R-D2 at 1,000,000 members: every sort × free text × cursor against an oracle', () => {
  beforeAll(seed);

  it('R-D2 every sort × free-text term (none, one- and two-letter, broad, rare, absent), both orders, paged with cursors, returns exactly the oracle in its order', async () => {
    const sorts = Object.keys(SORTS) as Sort[];
    for (const [i, sort] of sorts.entries())
      for (const [j, q] of TERMS.entries()) {
        const order = (i + j) % 2 === 0 ? 'asc' : 'desc';
        const query: Q = { sort, order, q, limit: 9 };
        const expected = oracle(query).map((r) => r.id);
        const got = await pageThrough(query);
        expect(got.ids, JSON.stringify(query)).toEqual(expected);
      }
  }, 300_000);

  it('R-D1 random views, types, statuses, prefixes, free text, sorts and page sizes match the oracle, with the capped total', async () => {
    await fc.assert(
      fc.asyncProperty(queries, async (query) => {
        const expected = oracle(query).map((r) => r.id);
        const got = await pageThrough(query);
        expect(got.ids, JSON.stringify(query)).toEqual(expected);
        expect(got.total, JSON.stringify(query)).toBe(Math.min(expected.length, CAP));
        expect(got.totalKind, JSON.stringify(query)).toBe(expected.length > CAP ? 'atLeast' : 'exact');
      }),
      { numRuns: 60 },
    );
  }, 300_000);

  it('R-D1 the total is exact up to the cap and says "atLeast" beyond it; a cursor page carries both', async () => {
    const all = oracle({ sort: 'lastName', order: 'asc', limit: 50 });
    expect(all.length).toBeGreaterThan(CAP);
    const r = await op.get(`/api/v1/orgs/${orgId}/users?limit=2`);
    expect(r.body).toMatchObject({ total: CAP, totalKind: 'atLeast' });
    const next = await op.get(`/api/v1/orgs/${orgId}/users?limit=2&cursor=${r.body.nextCursor}`);
    expect(next.body).toMatchObject({ total: CAP, totalKind: 'atLeast' });
    const few = oracle({ view: 'inactive', type: 'employee', sort: 'lastName', order: 'asc', limit: 50 });
    expect(few.length).toBeLessThanOrEqual(CAP);
    const exact = await op.get(`/api/v1/orgs/${orgId}/users?view=inactive&type=employee`);
    expect(exact.body).toMatchObject({ total: few.length, totalKind: 'exact' });
  });
});
