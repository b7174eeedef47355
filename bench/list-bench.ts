import {
  CompiledQuery,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
} from 'kysely';
import type { DB } from '../src/kernel/db.js';
import { decodePosition } from '../src/kernel/pagination.js';
import * as q from '../src/users/queries.js';
import { ListUsersQuery } from '../src/users/schema.js';
import type { BenchApp } from './app.js';
import { median, percentile } from './stats.js';

export type Bar = 'keyset' | 'freetext';
export interface Shape {
  name: string;
  query: Record<string, string>;
  bar: Bar;
  required?: boolean;
}

/**
 * The query shapes: the issue's (required) and the remaining sorts and filters. The free-text word is a last name
 * (~1 % of rows); the prefix "lind" matches five last names (~5 %).
 */
export const SHAPES: Shape[] = [
  { name: 'default (sort lastName)', query: {}, bar: 'keyset', required: true },
  { name: 'lastName prefix "lind"', query: { lastName: 'lind' }, bar: 'keyset', required: true },
  { name: 'free text q=lindqvist', query: { q: 'lindqvist' }, bar: 'freetext', required: true },
  { name: 'view=partner', query: { view: 'partner' }, bar: 'keyset', required: true },
  { name: 'sort=email desc', query: { sort: 'email', order: 'desc' }, bar: 'keyset', required: true },
  { name: 'sort=firstName', query: { sort: 'firstName' }, bar: 'keyset' },
  { name: 'sort=organization', query: { sort: 'organization' }, bar: 'keyset' },
  { name: 'sort=createdAt desc', query: { sort: 'createdAt', order: 'desc' }, bar: 'keyset' },
  { name: 'sort=type', query: { sort: 'type' }, bar: 'keyset' },
  { name: 'sort=status', query: { sort: 'status' }, bar: 'keyset' },
  { name: 'type=external', query: { type: 'external' }, bar: 'keyset' },
  { name: 'status=invited', query: { status: 'invited' }, bar: 'keyset' },
  { name: 'view=inactive', query: { view: 'inactive' }, bar: 'keyset' },
  { name: 'free text q="anna lind"', query: { q: 'anna lind' }, bar: 'freetext' },
];

/** How many pages the deep-cursor page follows: 200 (rows 10,001+), fewer when a small --rows has fewer pages. */
export let DEEP_PAGES = 200;
export const setDeepPages = (rows: number) => {
  DEEP_PAGES = Math.max(1, Math.min(200, Math.floor((rows - 1) / 50) - 1));
};

/**
 * What is timed: every shape's first page (no cursor: the page and its total — the "totals" bar, 50 ms) and its
 * second page (with the first page's nextCursor: a keyset page — 20 ms, free text 50 ms), and the default list's
 * page 201 (after following nextCursor 200 times).
 */
export type PageKind = 'first' | 'next' | 'deep';
export interface Variant {
  id: string;
  shape: Shape;
  page: PageKind;
  barMs: number;
  barName: string;
}

export function variants(): Variant[] {
  const out: Variant[] = [];
  for (const shape of SHAPES) {
    out.push({ id: `${shape.name} · first page`, shape, page: 'first', barMs: 50, barName: shape.bar === 'freetext' ? 'free text + total' : 'total' });
    out.push({
      id: `${shape.name} · page 2`,
      shape,
      page: 'next',
      barMs: shape.bar === 'freetext' ? 50 : 20,
      barName: shape.bar === 'freetext' ? 'free text' : 'keyset',
    });
    if (shape === SHAPES[0]) out.push({ id: `${shape.name} · page ${DEEP_PAGES + 1}`, shape, page: 'deep', barMs: 20, barName: 'keyset (deep)' });
  }
  return out;
}

const usersPath = (app: BenchApp, query: Record<string, string>) =>
  `/api/v1/orgs/${app.orgId}/users${Object.keys(query).length ? `?${new URLSearchParams(query)}` : ''}`;

/** One GET over HTTP with the operator's session, timed from the request until the whole body has arrived. */
const timedGet = (app: BenchApp, path: string) => app.session.timedGet(path);

/** Follows nextCursor DEEP_PAGES pages into the default list once; answers the cursor of the page after them. */
export async function deepCursor(app: BenchApp): Promise<{ cursor: string; followMs: number[] }> {
  let cursor: string | null = null;
  const followMs: number[] = [];
  for (let i = 0; i < DEEP_PAGES; i++) {
    const r = await timedGet(app, usersPath(app, cursor ? { cursor } : {}));
    followMs.push(r.ms);
    cursor = r.body.nextCursor;
    if (!cursor) throw new Error(`the list ended after ${i + 1} pages`);
  }
  return { cursor: cursor!, followMs };
}

/** The cursor each variant requests with, per database (undefined: the first page; null: no such page). */
export async function variantCursors(app: BenchApp, deep: string): Promise<Map<string, string | undefined | null>> {
  const out = new Map<string, string | undefined | null>();
  for (const v of variants()) {
    if (v.page === 'first') out.set(v.id, undefined);
    else if (v.page === 'deep') out.set(v.id, deep);
    else out.set(v.id, (await timedGet(app, usersPath(app, v.shape.query))).body.nextCursor);
  }
  return out;
}

export interface VariantSamples {
  ms: number[];
  rounds: { p50: number; p95: number }[];
  total: number;
  items: number;
}

/**
 * Sequential requests per variant and database, rounds interleaved: in every round each variant runs on every
 * database in turn (the database order alternates per round), after a warm-up. Answers samples[variant][kind].
 */
export async function measureList(
  apps: BenchApp[],
  cursors: Map<BenchApp, Map<string, string | undefined | null>>,
  opts: { rounds: number; samples: number; warmup: number },
  log: (s: string) => void,
) {
  const vs = variants();
  const result = new Map<string, Map<string, VariantSamples>>();
  for (const v of vs) result.set(v.id, new Map(apps.map((a) => [a.kind, { ms: [], rounds: [], total: -1, items: 0 }])));
  for (let round = 0; round < opts.rounds; round++) {
    const t0 = performance.now();
    const order = round % 2 === 0 ? apps : [...apps].reverse();
    for (const v of vs) {
      for (const app of order) {
        const cursor = cursors.get(app)!.get(v.id);
        if (cursor === null) continue;
        const path = usersPath(app, cursor ? { ...v.shape.query, cursor } : v.shape.query);
        const s = result.get(v.id)!.get(app.kind)!;
        for (let i = 0; i < (round === 0 ? opts.warmup * 2 : opts.warmup); i++) {
          const r = await timedGet(app, path);
          if (s.total === -1) {
            s.total = r.body.total;
            s.items = r.body.items.length;
          }
        }
        const ms: number[] = [];
        for (let i = 0; i < opts.samples; i++) ms.push((await timedGet(app, path)).ms);
        s.ms.push(...ms);
        s.rounds.push({ p50: percentile(ms, 50), p95: percentile(ms, 95) });
      }
    }
    log(`  round ${round + 1}/${opts.rounds} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  return result;
}

// --- SQL of each shape, for EXPLAIN ANALYZE ---------------------------------------------------------------

/** A Kysely that only records the compiled statements (and answers one row with n = 0 to every query). */
function capturingKysely(captured: CompiledQuery[]): Kysely<DB> {
  const connection: DatabaseConnection = {
    async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
      captured.push(compiled);
      return { rows: [{ n: 0 } as R] };
    },
    // eslint-disable-next-line require-yield
    async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
      throw new Error('not supported');
    },
  };
  const driver: Driver = {
    async init() {},
    async acquireConnection() {
      return connection;
    },
    async beginTransaction() {},
    async commitTransaction() {},
    async rollbackTransaction() {},
    async releaseConnection() {},
    async destroy() {},
  };
  return new Kysely<DB>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => driver,
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
}

/** The page and count statements the list endpoint runs for a variant (the same text on both databases). */
export async function variantSql(app: BenchApp, shape: Shape, cursor: string | undefined) {
  const query = ListUsersQuery.parse(cursor ? { ...shape.query, cursor } : shape.query);
  const captured: CompiledQuery[] = [];
  const db = capturingKysely(captured);
  const after = decodePosition(query.cursor, q.usersKeyset(query), ['count'])?.after ?? null;
  await q.listUsersPage(db, app.orgId, query, query.limit + 1, after);
  // A free-text page may run several statements (its plan's probes): the last one is the page's.
  const page = captured.splice(0).pop()!;
  await q.countUsersCapped(db, app.orgId, query, 10_000);
  return { page, count: captured[0] };
}

const interpolate = (c: CompiledQuery) =>
  c.sql.replace(/\$(\d+)/g, (_, i) => {
    const v = c.parameters[Number(i) - 1];
    return v instanceof Date ? `'${v.toISOString()}'` : typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`;
  });

export interface Explained {
  executionMs: number;
  plan: string;
  sql: string;
}

/** A cursor's parts, opaque to clients but not to the bench. */
export const cursorParts = (cursor: string): (string | number)[] => JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));

/**
 * A statement's execution time inside the database — the median of `times` runs of EXPLAIN (ANALYZE, TIMING OFF),
 * which does not pay a clock read per row — and its plan with timings and buffers from one EXPLAIN (ANALYZE, BUFFERS).
 */
export async function explain(app: Pick<BenchApp, 'database'>, c: CompiledQuery, times = 5): Promise<Explained> {
  const run = async (options: string) => {
    const r = await app.database.db.executeQuery(CompiledQuery.raw(`EXPLAIN (${options}) ${c.sql}`, [...c.parameters]));
    return (r.rows as Record<string, string>[]).map((row) => row['QUERY PLAN']).join('\n');
  };
  const plan = await run('ANALYZE, BUFFERS');
  const exec: number[] = [];
  for (let i = 0; i < times; i++) {
    const m = /Execution Time: ([\d.]+) ms/.exec(await run('ANALYZE, TIMING OFF'));
    exec.push(m ? Number(m[1]) : NaN);
  }
  return { executionMs: median(exec), plan, sql: interpolate(c) };
}
