// Issue 12 §2: the user list at 1,000,000 members (`npm run bench -- list --rows 1000000`). Every sort with and
// without free text (one letter, two letters, a broad and a selective word), the hard filter combinations, each as
// first page (with its capped total), page 2 and a deep page (a cursor at the middle of the matches), measured over
// HTTP twice: on the freshly vacuumed table, and after 20 % of the rows were updated with autovacuum held off.
// Beside every figure: the 1-minute load average; with every page: the plans of the statements it ran
// (EXPLAIN (ANALYZE, BUFFERS)), which prove the shape when the machine is loaded.
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { DB } from '../src/kernel/db.js';
import { encodeCursor, positionOf } from '../src/kernel/pagination.js';
import * as q from '../src/users/queries.js';
import { ListUsersQuery } from '../src/users/schema.js';
import { Session, type BenchApp } from './app.js';
import { percentile, round } from './stats.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const load1 = () => round(os.loadavg()[0], 2);

export interface ScaleShape {
  name: string;
  query: Record<string, string>;
  kind: 'sort' | 'free text' | 'filters';
}

const SORTS = ['lastName', 'firstName', 'email', 'organization', 'office', 'type', 'status', 'createdAt'] as const;
/**
 * Free-text terms on the bench data: "a" and "an" (one and two letters: no trigram, most rows match), "son"
 * (a broad word, > 50 % of rows), "lindqvist" (a last name, ~1 %, clustered in the lastName order).
 */
export const SCALE_TERMS = ['a', 'an', 'son', 'lindqvist'];

export function scaleShapes(): ScaleShape[] {
  const out: ScaleShape[] = [];
  for (const sort of SORTS) {
    const order = sort === 'createdAt' || sort === 'email' ? 'desc' : 'asc';
    out.push({ name: `sort=${sort} ${order}`, query: { sort, order }, kind: 'sort' });
    for (const term of SCALE_TERMS) out.push({ name: `sort=${sort} ${order} q=${term}`, query: { sort, order, q: term }, kind: 'free text' });
  }
  const filters: [string, Record<string, string>][] = [
    ['type=employee&status=active', { type: 'employee', status: 'active' }],
    ['view=partner&type=person (none)', { view: 'partner', type: 'person' }],
    ['type=external&status=expired', { type: 'external', status: 'expired' }],
    ['type=reseller (none)', { type: 'reseller' }],
    ['view=inactive', { view: 'inactive' }],
    ['view=partner sort=email', { view: 'partner', sort: 'email' }],
    ['status=invited sort=createdAt desc', { status: 'invited', sort: 'createdAt', order: 'desc' }],
    ['lastName=lind&type=person', { lastName: 'lind', type: 'person' }],
    ['view=own&type=external q=an', { view: 'own', type: 'external', q: 'an' }],
    ['q="anna lind"', { q: 'anna lind' }],
    ['q=nordvik sort=organization', { q: 'nordvik', sort: 'organization' }],
  ];
  for (const [name, query] of filters) out.push({ name, query, kind: 'filters' });
  return out;
}

export type ScalePage = 'first' | 'page 2' | 'deep';
export interface ScaleFigure {
  phase: string;
  shape: string;
  kind: ScaleShape['kind'];
  page: ScalePage;
  total: number | null;
  totalKind: string | null;
  items: number;
  p50: number;
  p95: number;
  max: number;
  load1: number;
  barMs: number;
  met: boolean;
  /** The statements the page ran (EXPLAIN ANALYZE, BUFFERS): execution ms and the plan's scans. */
  sql: { executionMs: number; scans: string; plan: string; sql: string }[];
  error?: string;
}

const usersPath = (app: BenchApp, query: Record<string, string>) => `/api/v1/orgs/${app.orgId}/users?${new URLSearchParams(query)}`;

/** The page statements a request runs, captured from a Kysely on the same database with a query log. */
async function pageStatements(url: string, app: BenchApp, query: Record<string, string>, window: number, first: boolean) {
  const captured: CompiledQuery[] = [];
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log: (e) => void (e.level === 'query' && captured.push(e.query)) });
  try {
    const parsed = ListUsersQuery.parse(query);
    const key = q.usersKeyset(parsed);
    const cursor = parsed.cursor ? (JSON.parse(Buffer.from(parsed.cursor, 'base64url').toString('utf8')) as string[]) : null;
    await q.listUsersPage(db, app.orgId, parsed, parsed.limit + 1, cursor ? [String(cursor[0]), String(cursor[1])] : null, window);
    if (first) await q.countUsersCapped(db, app.orgId, parsed, 10_000);
    void key;
    const out: ScaleFigure['sql'] = [];
    // The EXPLAINs below go through the same logging Kysely: explain only what the page ran.
    for (const c of captured.splice(0)) {
      if (c.sql.startsWith('EXPLAIN')) {
        // the page's own estimate (planning only, no rows): listed, not explained again
        out.push({ executionMs: 0, scans: 'planner estimate (EXPLAIN)', plan: '', sql: c.sql });
        continue;
      }
      const r = await db.executeQuery(CompiledQuery.raw(`EXPLAIN (ANALYZE, BUFFERS) ${c.sql}`, [...c.parameters]));
      const plan = (r.rows as Record<string, string>[]).map((row) => row['QUERY PLAN']).join('\n');
      const m = /Execution Time: ([\d.]+) ms/.exec(plan);
      const scans = [
        ...plan.matchAll(
          /(Index Only Scan|Index Scan Backward|Index Scan|Bitmap Index Scan|Bitmap Heap Scan|Seq Scan)(?: using (\w+))? on (\w+)[^\n]*rows=(\d+)/g,
        ),
      ]
        .map((x) => `${x[1]}${x[2] ? ` ${x[2]}` : ''} (${x[4]} rows)`)
        .join('; ');
      out.push({ executionMs: m ? Number(m[1]) : NaN, scans, plan, sql: c.sql });
    }
    return out;
  } finally {
    await db.destroy();
  }
}

/** A deep cursor of a shape: the position of a row far into its matches, and the first page's total. */
const deepCursors = new Map<string, string | null>();
/** The deep cursor of a shape, found once (the phases share it: the position stays a position after the updates). */
async function deepCursorOf(app: BenchApp, query: Record<string, string>, total: number, totalKind: string) {
  const id = JSON.stringify(query);
  if (!deepCursors.has(id)) deepCursors.set(id, await findDeepCursor(app, query, total, totalKind));
  return deepCursors.get(id)!;
}

async function findDeepCursor(app: BenchApp, query: Record<string, string>, total: number, totalKind: string) {
  const parsed = ListUsersQuery.parse(query);
  const key = q.usersKeyset(parsed);
  // An exact total: its middle. Beyond the cap: row 100,001 (page 2,001), or row 10,001 when the list is shorter —
  // no full count of a million rows per shape.
  const offsets = totalKind === 'exact' ? [Math.floor(total / 2)] : [100_000, 10_000];
  if (offsets[0] < 100) return null;
  let row: { id: string } | undefined;
  for (const offset of offsets) if (!row) row = await q.usersPositionAt(app.database.db, app.orgId, parsed, offset);
  if (!row) return null;
  return encodeCursor([...positionOf(row, key), total, totalKind === 'atLeast' ? 1 : 0]);
}

/**
 * Measures every shape's three pages in one phase: warm-up, then `samples` sequential requests each; a failed or
 * slow request is recorded, never thrown. Answers the figures with their load averages and plans.
 */
export async function measureScalePhase(
  app: BenchApp,
  pgUrl: string,
  phase: string,
  o: { samples: number; warmup: number; window: number; keysetBarMs: number; totalBarMs: number },
  log: (s: string) => void,
): Promise<ScaleFigure[]> {
  const figures: ScaleFigure[] = [];
  const shapes = scaleShapes();
  const t0 = performance.now();
  for (const shape of shapes) {
    let first: { body: any } | null = null;
    for (const page of ['first', 'page 2', 'deep'] as ScalePage[]) {
      const base: Omit<ScaleFigure, 'p50' | 'p95' | 'max' | 'load1' | 'met' | 'sql'> = {
        phase,
        shape: shape.name,
        kind: shape.kind,
        page,
        total: null,
        totalKind: null,
        items: 0,
        barMs: page === 'first' ? o.totalBarMs : o.keysetBarMs,
      };
      try {
        let query = shape.query;
        if (page !== 'first') {
          if (!first) continue;
          const cursor = page === 'page 2' ? first.body.nextCursor : await deepCursorOf(app, shape.query, first.body.total, first.body.totalKind);
          if (!cursor) continue;
          query = { ...shape.query, cursor };
        }
        const path = usersPath(app, query);
        let body: any = null;
        for (let i = 0; i < o.warmup; i++) body = (await app.session.timedGet(path)).body;
        const ms: number[] = [];
        for (let i = 0; i < o.samples; i++) {
          const r = await app.session.timedGet(path);
          ms.push(r.ms);
          body = r.body;
        }
        if (page === 'first') first = { body };
        const p95 = percentile(ms, 95);
        const figure: ScaleFigure = {
          ...base,
          total: body.total,
          totalKind: body.totalKind ?? null,
          items: body.items.length,
          p50: round(percentile(ms, 50)),
          p95: round(p95),
          max: round(Math.max(...ms)),
          load1: load1(),
          met: p95 <= base.barMs,
          sql: [],
        };
        try {
          figure.sql = await pageStatements(pgUrl, app, { ...query, limit: '50' }, o.window, page === 'first');
        } catch (e) {
          figure.error = `EXPLAIN: ${(e as Error).message}`;
        }
        figures.push(figure);
      } catch (e) {
        figures.push({ ...base, p50: NaN, p95: NaN, max: NaN, load1: load1(), met: false, sql: [], error: (e as Error).message.slice(0, 300) });
        log(`  ${phase} · ${shape.name} · ${page}: FAILED ${(e as Error).message.slice(0, 200)}`);
      }
    }
  }
  log(`  ${phase}: ${figures.length} pages of ${shapes.length} shapes in ${((performance.now() - t0) / 1000).toFixed(0)} s (load ${load1()})`);
  return figures;
}

/** 20 % of the organisation's rows updated (a new version of each: the visibility map loses their pages) with autovacuum off. */
export async function updateWithoutVacuum(app: BenchApp, share = 0.2) {
  const db = app.database.db;
  const t0 = performance.now();
  await sql`ALTER TABLE memberships SET (autovacuum_enabled = off)`.execute(db);
  await sql`ALTER TABLE persons SET (autovacuum_enabled = off)`.execute(db);
  const r = await sql`UPDATE memberships SET updated_at = now(), last_name = last_name
    WHERE org_id = ${app.orgId} AND (hashtext(id::text)::bigint + 2147483648) % 1000 < ${Math.round(share * 1000)}`.execute(db);
  return { rows: Number(r.numAffectedRows ?? 0), ms: Math.round(performance.now() - t0) };
}

export async function restoreAutovacuum(app: BenchApp) {
  await sql`ALTER TABLE memberships RESET (autovacuum_enabled)`.execute(app.database.db);
  await sql`ALTER TABLE persons RESET (autovacuum_enabled)`.execute(app.database.db);
}

/**
 * The embedded database in a child process (its bulk load and queries never block the bench's event loop):
 * bench/pglite-child.ts loads `rows` members and serves the API; the bench signs in with the cookie it hands over.
 */
export async function startPgliteChild(rows: number, log: (s: string) => void): Promise<{ app: BenchApp; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'pglite-child.ts'), String(rows)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const ready = await new Promise<any>((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      for (const line of buf.split('\n')) {
        if (line.startsWith('READY ')) resolve(JSON.parse(line.slice(6)));
        else if (line.trim()) log(`  [pglite child] ${line.trim()}`);
      }
      buf = buf.slice(buf.lastIndexOf('\n') + 1);
    });
    child.on('exit', (code) => reject(new Error(`PGlite child exited (${code})`)));
  });
  const session = new Session(ready.url);
  session.cookie = ready.cookie;
  session.csrf = ready.csrf;
  const app = { ...ready, kind: 'pglite', session, database: null, nyckel: null, close: async () => void child.kill('SIGTERM') } as unknown as BenchApp;
  return { app, child };
}

/** p50/p95 of sequential requests, for the PGlite ÷ PostgreSQL comparison at 100,000 (both over HTTP). */
export async function timeShape(app: BenchApp, query: Record<string, string>, samples: number, warmup: number) {
  const path = usersPath(app, query);
  for (let i = 0; i < warmup; i++) await app.session.timedGet(path);
  const ms: number[] = [];
  let body: any = null;
  for (let i = 0; i < samples; i++) {
    const r = await app.session.timedGet(path);
    ms.push(r.ms);
    body = r.body;
  }
  return { p50: round(percentile(ms, 50)), p95: round(percentile(ms, 95)), load1: load1(), nextCursor: body.nextCursor as string | null };
}

const f = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–');

/** The RESULTS.md section of the scale run (between SECTIONS.listScale's markers). */
export function scaleMarkdown(
  results: {
    startedAt: string;
    postgres: string;
    scale: { rows: number; figures: ScaleFigure[] };
    scaleUpdate?: { rows: number; ms: number };
    scaleCompare?: any[];
    load?: any;
  },
  markers: { begin: string; end: string },
  table: (head: string[], rows: (string | number)[][]) => string,
): string {
  const F = results.scale.figures;
  const worst = (xs: ScaleFigure[]) => xs.filter((x) => Number.isFinite(x.p95)).reduce<ScaleFigure | null>((a, b) => (!a || b.p95 > a.p95 ? b : a), null);
  const verdicts: (string | number)[][] = [];
  for (const phase of [...new Set(F.map((x) => x.phase))]) {
    const inPhase = F.filter((x) => x.phase === phase);
    for (const [name, pick, bar] of [
      ['keyset pages with a cursor (page 2, deep)', (x: ScaleFigure) => x.page !== 'first', 20],
      ['first pages with the capped total', (x: ScaleFigure) => x.page === 'first', 50],
    ] as const) {
      const w = worst(inPhase.filter(pick));
      const failed = inPhase.filter((x) => pick(x) && x.error && !Number.isFinite(x.p95)).length;
      if (w)
        verdicts.push([
          phase,
          name,
          `${f(w.p95)} ms (${w.shape} · ${w.page}, load ${w.load1})`,
          `≤ ${bar} ms`,
          w.p95 <= bar && !failed ? 'met' : 'NOT MET',
          inPhase.filter((x) => pick(x) && x.p95 > bar).length,
        ]);
    }
  }
  const rows = F.map((x) => [
    x.phase,
    x.shape,
    x.page,
    x.total === null ? '–' : `${x.total.toLocaleString('en')}${x.totalKind === 'atLeast' ? '+' : ''}`,
    f(x.p50),
    f(x.p95),
    x.load1,
    `≤ ${x.barMs}`,
    x.met ? 'met' : 'NOT MET',
    x.sql.map((s) => f(s.executionMs)).join(' + ') || '–',
    (x.sql.map((s) => s.scans).join(' | ') || x.error || '').replace(/\|/g, '¦'),
  ]);
  const cmp = (results.scaleCompare ?? []).map((r: any) => [
    r.shape,
    r.page,
    r.postgres ? `${f(r.postgres.p95)} (load ${r.postgres.load1})` : (r.postgresError ?? '–'),
    r.pglite ? `${f(r.pglite.p95)} (load ${r.pglite.load1})` : (r.pgliteError ?? '–'),
    r.ratioP95 === undefined ? '–' : `${r.ratioP95.toFixed(2)}×`,
    r.ratioP95 === undefined ? '–' : r.ratioP95 <= 2.5 ? 'met' : 'NOT MET',
  ]);
  return [
    markers.begin,
    `## The user list at ${results.scale.rows.toLocaleString('en')} members (issue 12 §2)`,
    '',
    `Written by \`npm run bench -- list --rows ${results.scale.rows}\` (bench/list-scale.ts) on ${results.startedAt.slice(0, 10)}. PostgreSQL: ${results.postgres}. Every figure has the 1-minute load average measured right after it; on a shared 2-core machine a load above 2 inflates it — the plans (scans and rows, from EXPLAIN (ANALYZE, BUFFERS) in bench/results/latest.json) show the shape.`,
    '',
    'Shapes covered: every sort (8) without free text and with q = "a", "an" (one and two letters: no trigram, most rows match), "son" (a broad word, > 50 %) and "lindqvist" (~1 %, clustered in the lastName order); the filter combinations type=employee&status=active, view=partner&type=person (matches nothing), type=external&status=expired, type=reseller (nothing), view=inactive, view=partner by email, status=invited by createdAt desc, lastName=lind&type=person, view=own&type=external&q=an, q="anna lind", q=nordvik by organization. Each as its first page (with the capped total), page 2 (nextCursor) and a deep page (a cursor at row 100,001 — or the middle of a shorter list) — measured on the vacuumed table and again after 20 % of the rows were updated with autovacuum off' +
      (results.scaleUpdate ? ` (${results.scaleUpdate.rows.toLocaleString('en')} rows in ${(results.scaleUpdate.ms / 1000).toFixed(0)} s)` : '') +
      '. The export of every row to a slow reader and the list cold (the first request after a restart of the server): the next section.',
    '',
    '### Verdicts',
    '',
    table(['phase', 'bar', 'worst p95', 'limit', 'verdict', 'pages over'], verdicts),
    '',
    '### PGlite ÷ PostgreSQL at 100,000 members (PGlite in a child process), p95 ms',
    '',
    cmp.length ? table(['shape', 'page', 'PostgreSQL', 'PGlite', 'ratio', '≤ 2.5×'], cmp) : '(not measured)',
    '',
    '### Every page, ms (statements: execution time inside the database of each statement the page ran)',
    '',
    table(['phase', 'shape', 'page', 'total', 'p50', 'p95', 'load', 'bar', 'verdict', 'statements ms', 'scans'], rows),
    '',
    markers.end,
  ].join('\n');
}
