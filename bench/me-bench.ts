import os from 'node:os';
import {
  PostgresQueryCompiler,
  type CompiledQuery,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryId,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';
import type { Database } from '../src/kernel/db.js';
import { listenBenchApp, Session } from './app.js';
import { startServerChild } from './server-child.js';
import { explain, type Explained } from './list-bench.js';
import { BENCH_PASSWORD, loadPlatform, type BenchUser } from './me-seed.js';
import { median, percentile, round } from './stats.js';

const load1 = () => round(os.loadavg()[0], 2);

/** Issue 15's bar: at 2,000 and at 5,000 memberships, /me, the first page of /orgs and the access list answer within 50 ms (p95). */
export const ME_BAR_MS = 50;

/** SPEC §5: "/me, the organisation switcher and their access list p95 ≤ 50 ms" — the access list is the user's own. */
export const ENDPOINTS = [
  { key: 'me', label: 'GET /me', path: () => '/api/v1/me' },
  { key: 'orgs', label: 'GET /orgs?limit=50 (first page)', path: () => '/api/v1/orgs?limit=50' },
  {
    key: 'access',
    label: 'GET /accounts/{own id}/access?limit=50 (first page)',
    path: (u: { accountId: string }) => `/api/v1/accounts/${u.accountId}/access?limit=50`,
  },
] as const;

/** The background jobs' own statements (pg-boss polling, heartbeats, the mail outbox): not the request's. */
const JOB_STATEMENT = /pgboss|job_nodes|job_leases|mail_outbox/;

/**
 * Counts (and, while `capture` is on, records) the statements the app runs through Kysely. transformResult runs once
 * per executed statement; transformQuery also runs for subqueries, so it only remembers each node for its result.
 */
export class StatementLog implements KyselyPlugin {
  capture = false;
  statements: CompiledQuery[] = [];
  readonly #nodes = new WeakMap<QueryId, RootOperationNode>();
  readonly #compiler = new PostgresQueryCompiler();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (this.capture) this.#nodes.set(args.queryId, args.node);
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const node = this.capture ? this.#nodes.get(args.queryId) : undefined;
    if (node) this.statements.push(this.#compiler.compileQuery(node, args.queryId));
    return args.result;
  }

  /** Runs fn and answers the statements it ran, the background jobs' left out. */
  async during(fn: () => Promise<unknown>): Promise<CompiledQuery[]> {
    this.statements = [];
    this.capture = true;
    try {
      await fn();
    } finally {
      this.capture = false;
    }
    return this.statements.filter((s) => !JOB_STATEMENT.test(s.sql));
  }
}

export interface MeOptions {
  orgs: number;
  consultantClients: number[];
  requests: number;
  warmup: number;
}

export interface MeFigure {
  user: string;
  label: string;
  endpoint: string;
  endpointLabel: string;
  p50: number;
  p95: number;
  max: number;
  samples: number;
  barMs: number | null;
  met: boolean | null;
  /** Statements per request (median of 5 requests; min–max when they differ). */
  statements: number;
  statementsRange: [number, number];
  /** Execution time of each statement inside the database (EXPLAIN ANALYZE, TIMING OFF, median of 3), ms. */
  sql: { executionMs: number; sql: string; plan: string }[];
}

export interface MeResults {
  orgs: number;
  agencyClients: number;
  loadMs: Record<string, number>;
  users: (BenchUser & { meOrganisations: number; orgsTotal: number; orgsItems: number; meTruncated: boolean })[];
  figures: MeFigure[];
  load1: { loaded: number; measured: number };
  /**
   * Issue 12 §3: GET /me cold — the first request a freshly started server process answers (`node dist/server.js` on
   * the same database, the same session) — per user, median of `restarts`; with each restart's load average.
   */
  cold: { user: string; label: string; firstMs: number; secondMs: number; startMs: number; runs: { firstMs: number; load: number }[] }[];
}

/**
 * Issue 15 "a consultant in many client organisations": loads the platform (bench/me-seed.ts) into a fresh PostgreSQL
 * database, starts Nyckel on it in this process, signs the users in over HTTP and times GET /me and the first page of
 * GET /orgs sequentially with each user's session cookie (to the last byte), users interleaved in every round.
 */
export async function runMeBench(
  database: Database,
  opts: MeOptions,
  log: (s: string) => void,
  onClose: (close: () => Promise<void>) => void,
  /** The database's URL: with it, GET /me is also measured cold (a server process restarted per measurement). */
  databaseUrl?: string,
  restarts = 3,
): Promise<MeResults> {
  const statements = new StatementLog();
  const { nyckel, url } = await listenBenchApp({ ...database, db: database.db.withPlugin(statements) }, log);
  onClose(() => nyckel.close());
  const t0 = performance.now();
  const { users, agencyClients, ms: loadMs } = await loadPlatform(database.db, { orgs: opts.orgs, consultantClients: opts.consultantClients });
  log(
    `  loaded ${opts.orgs.toLocaleString('en')} organisations and their members in ${((performance.now() - t0) / 1000).toFixed(1)} s (${Object.entries(loadMs)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')})`,
  );
  const loaded = load1();

  const sessions = new Map<string, Session>();
  for (const u of users) {
    const s = new Session(url);
    await s.login(u.email, BENCH_PASSWORD);
    sessions.set(u.key, s);
  }

  // What the endpoints answer, against the truth counted in SQL.
  const checked: MeResults['users'] = [];
  for (const u of users) {
    const s = sessions.get(u.key)!;
    const me = (await s.timedGet(ENDPOINTS[0].path())).body;
    const page = (await s.timedGet(ENDPOINTS[1].path())).body;
    await s.timedGet(ENDPOINTS[2].path(u));
    // /me answers its first page with the total; the rest is paged by GET /me/organisations (nothing is dropped).
    const meOrganisations = (me.organisationsTotal ?? me.organisations.length) as number;
    checked.push({ ...u, meOrganisations, orgsTotal: page.total, orgsItems: page.items.length, meTruncated: meOrganisations < u.visible });
    log(
      `  ${u.key}: ${u.memberships.toLocaleString('en')} memberships, can open ${u.visible.toLocaleString('en')} organisations; /me reaches ${meOrganisations.toLocaleString('en')}${meOrganisations < u.visible ? ' (TRUNCATED)' : ''}, /orgs total ${page.total.toLocaleString('en')}`,
    );
  }

  // Rounds: every user once per round (the starting user rotates), both endpoints in turn (the order alternates).
  const samples = new Map<string, number[]>(users.flatMap((u) => ENDPOINTS.map((e) => [`${u.key} ${e.key}`, [] as number[]])));
  const t1 = performance.now();
  for (let r = 0; r < opts.warmup + opts.requests; r++) {
    for (let i = 0; i < users.length; i++) {
      const u = users[(r + i) % users.length];
      for (const e of r % 2 ? [...ENDPOINTS].reverse() : ENDPOINTS) {
        const { ms } = await sessions.get(u.key)!.timedGet(e.path(u));
        if (r >= opts.warmup) samples.get(`${u.key} ${e.key}`)!.push(ms);
      }
    }
    if ((r + 1) % 50 === 0)
      log(`  round ${r + 1}/${opts.warmup + opts.requests} (${opts.warmup} warm-up) in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
  }
  const measured = load1();

  const figures: MeFigure[] = [];
  for (const u of users) {
    for (const e of ENDPOINTS) {
      const s = sessions.get(u.key)!;
      const counts: number[] = [];
      let last: CompiledQuery[] = [];
      for (let i = 0; i < 5; i++) {
        last = await statements.during(() => s.timedGet(e.path(u)));
        counts.push(last.length);
      }
      const sqlTimes: MeFigure['sql'] = [];
      for (const c of last) {
        const x: Explained = await explain({ database }, c, 3);
        sqlTimes.push({ executionMs: round(x.executionMs, 3), sql: x.sql, plan: x.plan });
      }
      const ms = samples.get(`${u.key} ${e.key}`)!;
      const p95 = percentile(ms, 95);
      const barred = u.key.startsWith('consultant-');
      figures.push({
        user: u.key,
        label: u.label,
        endpoint: e.key,
        endpointLabel: e.label,
        p50: round(percentile(ms, 50)),
        p95: round(p95),
        max: round(Math.max(...ms)),
        samples: ms.length,
        barMs: barred ? ME_BAR_MS : null,
        met: barred ? p95 <= ME_BAR_MS : null,
        statements: median(counts),
        statementsRange: [Math.min(...counts), Math.max(...counts)],
        sql: sqlTimes,
      });
    }
  }
  // Cold: for each user, a new server process on the same database; its first request is this user's GET /me.
  const cold: MeResults['cold'] = [];
  if (databaseUrl) {
    for (const u of users) {
      const runs: { firstMs: number; secondMs: number; startMs: number; load: number }[] = [];
      for (let i = 0; i < restarts; i++) {
        const server = await startServerChild(databaseUrl);
        try {
          const s = new Session(server.url);
          s.cookie = sessions.get(u.key)!.cookie;
          const first = await s.timedGet(ENDPOINTS[0].path());
          const second = await s.timedGet(ENDPOINTS[0].path());
          runs.push({ firstMs: round(first.ms), secondMs: round(second.ms), startMs: round(server.startMs, 0), load: load1() });
        } finally {
          await server.stop();
        }
      }
      cold.push({
        user: u.key,
        label: u.label,
        firstMs: round(median(runs.map((r) => r.firstMs))),
        secondMs: round(median(runs.map((r) => r.secondMs))),
        startMs: round(median(runs.map((r) => r.startMs)), 0),
        runs: runs.map((r) => ({ firstMs: r.firstMs, load: r.load })),
      });
      log(
        `  ${u.key}: GET /me cold (first request after a restart) median ${cold.at(-1)!.firstMs} ms, second ${cold.at(-1)!.secondMs} ms (load ${runs.map((r) => r.load).join(' / ')})`,
      );
    }
  }
  return { orgs: opts.orgs, agencyClients, loadMs, users: checked, figures, load1: { loaded, measured }, cold };
}
