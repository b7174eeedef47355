// `npm run bench`: the performance figures of SPEC §5 for the user list and its .xlsx export, on PostgreSQL (a
// throw-away cluster, or DATABASE_URL) and on the embedded PGlite, printed as tables and written to
// bench/results/latest.json (and bench/RESULTS.md after a full default run). Never a timed test: it reports.
//
// Parts: `npm run bench` runs `list` (the user list, its export, RSS); `npm run bench -- me` runs only issue 15's
//        "consultant in many client organisations" (GET /me and /orgs, PostgreSQL); `-- list me` runs both;
//        `npm run bench -- access` runs issue 8's bulk grant (400,000 items vs COPY, kill at ~50 %, PostgreSQL).
//        `-- conversion` runs issue 9's apply of a legacy customer (5,000 logins, 6,000 persons) on PostgreSQL and PGlite.
//        `-- list --rows 1000000` (any --rows above 100000) runs issue 12's list at scale instead (bench/list-scale.ts):
//        every sort × free text × first page / page 2 / deep page and the hard filters, vacuumed and after 20 % of the
//        rows were updated with autovacuum off, then PGlite (child process) ÷ PostgreSQL at 100,000; flags
//        --scale-samples N (20 requests per page)  --warmup N  --skip-pglite. Takes ~10 minutes on a quiet machine.
//        Then the export of every row to a slow reader and the list cold (bench/export-scale.ts; the server in a child
//        process, its RSS from /proc): --slow-mbps N (1.5 MB/s)  --cold-restarts N (3)  --cold-samples N (20).
//        --only pages,export,cold,pglite runs only those parts of the scale run (e.g. `--only export,cold`: load the
//        organisation, then the export and the cold list alone — ~10 of the ~40 minutes of a loaded full run).
// Flags: --rows N (members in the list, default 100000)  --skip-pglite  --skip-list  --skip-export  --skip-rss
//        --rounds N (3)  --samples N (requests per page, database and round: 100)  --warmup N (5)
//        --export-runs N (3)  --rss-rows 100000,400000  --rss-runs N (3)  --explain (print every plan)
//        --wait-quiet S (wait up to S seconds for a 1-minute load average below 1 first)
//        access: --access-clients N (1000)  --access-consultants N (100)  --access-rounds N (3)
//        check (issue 10): `npm run bench -- check` — in-process check, HTTP check vs a bare route, propagation on 3 nodes
//        check: --check-accounts N (100000)  --check-seconds S (3 per autocannon run)  --check-rounds N (7)  --check-connections N (20)  --check-revokes N (100)
//        me: --me-orgs N (20000)  --me-memberships 2000,5000  --me-requests N (200 per user and endpoint)  --me-warmup N (10)
//        conversion: --conv-runs N (3)  --conv-logins N (5000)  --conv-persons N (6000)
//        signin (issue 12 §3): `npm run bench -- signin` — argon2id sign-ins/s over HTTP while a probe times /health and
//        /me, throttled sign-ins, GET /me cold after a server restart: --signin-seconds S (10)  --signin-concurrency N (8)
//        --signin-accounts N (50)  --signin-restarts N (3)
//        start (issue 12 §4): `npm run bench -- start` — `npm start` to the first 200 of /health on a new and an existing
//        data directory, then the console page, sign-in and GET /me cold: --start-rounds N (3)
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPGlite, openPostgres } from '../src/kernel/db.js';
import { startBenchApp, type BenchApp } from './app.js';
import { httpExport, measureExport, prefetchRows, rssChild, type ExportRound, type HttpExport, type RssResult } from './export-bench.js';
import { ME_BAR_MS, runMeBench, type MeResults } from './me-bench.js';
import { ACCESS_BAR, accessMarkdown, runAccessBench } from './access-job-bench.js';
import { CONVERSION_BAR_MS, conversionMarkdown, runConversionBench } from './conversion-apply.js';
import { SECTIONS, writeResults } from './results-file.js';
import { runCheckBench } from './check-bench.js';
import { runSigninBench, signinMarkdown } from './signin-bench.js';
import { runStartBench, startMarkdown } from './start-bench.js';
import {
  DEEP_PAGES,
  SHAPES,
  cursorParts,
  deepCursor,
  explain,
  measureList,
  setDeepPages,
  variantCursors,
  variantSql,
  variants,
  type Explained,
} from './list-bench.js';
import { findPgBin, startThrowawayPostgres, type PgCluster } from './pg-cluster.js';
import { exportScaleMarkdown, runExportScale } from './export-scale.js';
import { measureScalePhase, restoreAutovacuum, scaleMarkdown, startPgliteChild, timeShape, updateWithoutVacuum, type ScaleFigure } from './list-scale.js';
import { markdownTable, mb, median, ms, percentile, round, table } from './stats.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const started = performance.now();
const log = (s: string) => console.log(`[bench ${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${s}`);

// --- flags -----------------------------------------------------------------------------------------------------
const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(`--${name}`);
const option = (name: string, fallback: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
};
const withValue = [
  'wait-quiet',
  'rows',
  'rounds',
  'samples',
  'warmup',
  'export-runs',
  'rss-rows',
  'rss-runs',
  'me-orgs',
  'me-memberships',
  'me-requests',
  'me-warmup',
  'access-clients',
  'access-consultants',
  'access-rounds',
  'conv-runs',
  'conv-logins',
  'conv-persons',
  'check-accounts',
  'check-seconds',
  'check-rounds',
  'check-connections',
  'check-revokes',
  'signin-seconds',
  'signin-concurrency',
  'signin-accounts',
  'signin-restarts',
  'start-rounds',
  'scale-samples',
  'only',
  'slow-mbps',
  'cold-restarts',
  'cold-samples',
];
const known = [...withValue, 'skip-pglite', 'skip-list', 'skip-export', 'skip-rss', 'explain'];
for (const a of argv)
  if (a.startsWith('--') && !known.includes(a.slice(2))) {
    console.error(`unknown flag ${a}; known: ${known.map((k) => `--${k}`).join(' ')}`);
    process.exit(2);
  }
/** Parts: the words that are neither flags nor a flag's value. */
const PARTS = ['list', 'me', 'access', 'conversion', 'check', 'signin', 'start'];
const parts = argv.filter((a, i) => !a.startsWith('--') && !(i > 0 && withValue.includes(argv[i - 1].slice(2))));
for (const p of parts)
  if (!PARTS.includes(p)) {
    console.error(`unknown part ${p}; known: ${PARTS.join(' ')}`);
    process.exit(2);
  }
const runList = parts.length === 0 || parts.includes('list');
const runMe = parts.includes('me');
const runAccess = parts.includes('access');
const runConversion = parts.includes('conversion');
const runCheck = parts.includes('check');
const runSignin = parts.includes('signin');
/** The parts of the list at scale (--rows above 100,000): `--only export,cold` runs those alone. */
const SCALE_PARTS = ['pages', 'export', 'cold', 'pglite'];
const scaleOnly = option('only', SCALE_PARTS.join(',')).split(',');
for (const p of scaleOnly)
  if (!SCALE_PARTS.includes(p)) {
    console.error(`unknown --only part ${p}; known: ${SCALE_PARTS.join(' ')}`);
    process.exit(2);
  }
if (argv.includes('--only') && Number(option('rows', '100000')) <= 100_000) {
  console.error('--only picks parts of the list at scale: give --rows above 100000 (e.g. --rows 1000000)');
  process.exit(2);
}
const runStart = parts.includes('start');
const opts = {
  rows: Number(option('rows', '100000')),
  startRounds: Number(option('start-rounds', '3')),
  skipPglite: flag('skip-pglite'),
  skipList: flag('skip-list'),
  skipExport: flag('skip-export'),
  skipRss: flag('skip-rss'),
  rounds: Number(option('rounds', '3')),
  samples: Number(option('samples', '100')),
  warmup: Number(option('warmup', '5')),
  exportRuns: Number(option('export-runs', '3')),
  rssRows: option('rss-rows', '100000,400000').split(',').map(Number),
  rssRuns: Number(option('rss-runs', '3')),
  explain: flag('explain'),
  waitQuiet: Number(option('wait-quiet', '0')),
  scaleSamples: Number(option('scale-samples', '20')),
  scale: {
    pages: scaleOnly.includes('pages'),
    export: scaleOnly.includes('export'),
    cold: scaleOnly.includes('cold'),
    pglite: scaleOnly.includes('pglite'),
    slowMBps: Number(option('slow-mbps', '1.5')),
    coldRestarts: Number(option('cold-restarts', '3')),
    coldSamples: Number(option('cold-samples', '20')),
  },
  me: {
    orgs: Number(option('me-orgs', '20000')),
    consultantClients: option('me-memberships', '2000,5000').split(',').map(Number),
    requests: Number(option('me-requests', '200')),
    warmup: Number(option('me-warmup', '10')),
  },
  access: {
    clients: Number(option('access-clients', '1000')),
    consultants: Number(option('access-consultants', '100')),
    rounds: Number(option('access-rounds', '3')),
  },
  conversion: {
    runs: Number(option('conv-runs', '3')),
    logins: Number(option('conv-logins', '5000')),
    persons: Number(option('conv-persons', '6000')),
  },
  signin: {
    seconds: Number(option('signin-seconds', '10')),
    concurrency: Number(option('signin-concurrency', '8')),
    accounts: Number(option('signin-accounts', '50')),
    restarts: Number(option('signin-restarts', '3')),
  },
  check: {
    accounts: Number(option('check-accounts', '100000')),
    grantsPerAccount: 4,
    checks: 2_000_000,
    httpSeconds: Number(option('check-seconds', '3')),
    httpRounds: Number(option('check-rounds', '7')),
    connections: Number(option('check-connections', '20')),
    revokes: Number(option('check-revokes', '100')),
  },
};
const fullRun =
  runList &&
  opts.rows === 100_000 &&
  !opts.skipPglite &&
  !opts.skipList &&
  !opts.skipExport &&
  !opts.skipRss &&
  opts.rounds >= 3 &&
  opts.exportRuns >= 3 &&
  opts.rssRuns >= 3;
/** The me part with its default sizes: its section of bench/RESULTS.md is rewritten. */
const fullMe = runMe && opts.me.orgs === 20_000 && opts.me.consultantClients.join(',') === '2000,5000' && opts.me.requests >= 200;

/** The 1-minute load average at each phase: the machine may be shared, and other work skews every figure. */
const phases: { phase: string; atS: number; load1: number }[] = [];
const phase = (name: string) => phases.push({ phase: name, atS: round((performance.now() - started) / 1000, 0), load1: round(os.loadavg()[0], 2) });

const BARS = { keysetP95: 20, freetextP95: 50, totalsMs: 50, pgliteRatio: 2.5, exportRatio: 1.3, firstByteMs: 1000, rssGrowthMb: 32 };

// --- databases -------------------------------------------------------------------------------------------------
let cluster: PgCluster | null = null;
const drops: (() => Promise<void>)[] = [];
let pgliteDir: string | null = null;
const apps: BenchApp[] = [];
const closers: (() => Promise<void>)[] = [];
let totalsCarried = false;
let measureStart = started;
let waitedS = 0;

async function cleanup() {
  for (const app of apps.splice(0)) await app.close().catch((e) => console.error('close:', e));
  await closeDatabases();
  cluster?.stop();
  cluster = null;
  if (pgliteDir) rmSync(pgliteDir, { recursive: true, force: true });
  pgliteDir = null;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    void cleanup().finally(() => process.exit(130));
  });

/** Closes the me part's app and drops the bench databases (the cluster stays up for the next part). */
async function closeDatabases() {
  for (const close of closers.splice(0)) await close().catch((e) => console.error('close:', e));
  for (const drop of drops.splice(0)) await drop().catch((e) => console.error('drop database:', e));
}

async function openBenchPostgres(): Promise<{ url: string; server: string }> {
  let adminUrl = process.env.DATABASE_URL;
  let server = 'PostgreSQL (DATABASE_URL)';
  if (!adminUrl) {
    const bin = findPgBin();
    if (!bin) throw new Error('no PostgreSQL binaries (pg_ctl) and no DATABASE_URL');
    cluster ??= await startThrowawayPostgres(bin);
    adminUrl = cluster.url;
    server = `${cluster.version}, throw-away cluster (${cluster.settings.filter((s) => !s.startsWith('listen')).join(', ')})`;
  }
  const name = `nyckel_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const version = (await admin.query('SHOW server_version')).rows[0].server_version as string;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  drops.push(async () => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), server: process.env.DATABASE_URL ? `PostgreSQL ${version} (DATABASE_URL)` : server };
}

// --- run -------------------------------------------------------------------------------------------------------
const results: Record<string, any> = {
  startedAt: new Date().toISOString(),
  options: opts,
  machine: {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGb: round(os.totalmem() / 1024 ** 3, 1),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
  },
  bars: BARS,
};

try {
  if (opts.waitQuiet > 0) {
    const until = performance.now() + opts.waitQuiet * 1000;
    while (os.loadavg()[0] > 1 && performance.now() < until) {
      log(
        `waiting for a quiet machine: load average ${os
          .loadavg()
          .map((x) => x.toFixed(2))
          .join(' ')}`,
      );
      await new Promise((r) => setTimeout(r, 15_000));
    }
  }
  measureStart = performance.now();
  waitedS = round((measureStart - started) / 1000, 0);
  phase('start');
  // --- issue 8: agency bulk access (400,000 items) against a COPY baseline, and a kill at ~50 % ---------------
  if (runAccess) {
    phase('access');
    const A = opts.access;
    log(`access: grant of ${A.consultants} consultants × ${A.clients} clients × 4 modules, ${A.rounds} rounds, PostgreSQL`);
    const pgInfo = await openBenchPostgres();
    results.postgres = pgInfo.server;
    const adminUrl = new URL(pgInfo.url);
    adminUrl.pathname = '/postgres';
    results.access = await runAccessBench(adminUrl.toString(), A, log);
    const a = results.access;
    console.log(
      table(
        ['round', 'job ms', 'COPY ms', 'ratio', 'RSS start MB', 'RSS peak MB', 'max progress gap ms', 'progress updates'],
        a.rounds.map((r: any, i: number) => [i + 1, r.jobMs, r.copyMs, r.ratio, r.rssStartMb, r.rssPeakMb, r.maxProgressGapMs, r.progressUpdates]),
      ),
    );
    log(
      `access: ${a.items.toLocaleString('en')} items: median job ${a.medianJobMs} ms (bar ${ACCESS_BAR.absoluteMs}), median COPY ${a.medianCopyMs} ms, median ratio ${a.medianRatio} (bar ${ACCESS_BAR.ratio}); rows copied ${JSON.stringify(a.rowsCopied)}; resume after kill: ${JSON.stringify(a.resume)}`,
    );
    await closeDatabases();
    phase('access done');
  }

  // --- issue 10: the check API (writes its own section of bench/RESULTS.md) -----------------------------------
  if (runCheck) {
    phase('check');
    const pgInfo = await openBenchPostgres();
    results.postgres = pgInfo.server;
    log(`PostgreSQL: ${pgInfo.server}`);
    results.check = await runCheckBench(pgInfo.url, pgInfo.server, opts.check, log);
    await closeDatabases();
    phase('check done');
  }
  // --- issue 12 §3: sign-in throughput with the server staying responsive; GET /me cold ------------------------
  if (runSignin) {
    phase('signin');
    const pgInfo = await openBenchPostgres();
    results.postgres = pgInfo.server;
    log(`signin: PostgreSQL ${pgInfo.server}`);
    results.signin = await runSigninBench(pgInfo.url, opts.signin, log);
    await closeDatabases();
    phase('signin done');
  }

  // --- issue 12 §4: fast start ---------------------------------------------------------------------------------
  if (runStart) {
    phase('start');
    results.start = await runStartBench({ rounds: opts.startRounds }, log);
    phase('start done');
  }

  // --- issue 15: a consultant in many client organisations -------------------------------------------------
  if (runMe) {
    phase('me');
    const M = opts.me;
    log(
      `me: ${M.orgs.toLocaleString('en')} organisations, consultants in ${M.consultantClients.map((n) => n.toLocaleString('en')).join(' and ')} clients, an agency administrator and a one-membership user; ${M.requests} requests per user and endpoint after ${M.warmup} warm-up rounds, PostgreSQL`,
    );
    const pgInfo = await openBenchPostgres();
    results.postgres = pgInfo.server;
    log(`PostgreSQL: ${pgInfo.server}`);
    results.me = await runMeBench(await openPostgres(pgInfo.url, 10), M, log, (close) => closers.push(close), pgInfo.url);
    await closeDatabases();
    phase('me done');
  }

  // --- issue 9: applying a legacy customer's conversion -----------------------------------------------------
  if (runConversion) {
    phase('conversion');
    const C = opts.conversion;
    log(
      `conversion: apply of ${C.logins.toLocaleString('en')} logins / ${C.persons.toLocaleString('en')} persons, ${C.runs} runs per database (bar ${CONVERSION_BAR_MS} ms on PostgreSQL)`,
    );
    const pgInfo = await openBenchPostgres();
    results.postgres = pgInfo.server;
    const conversion: Record<string, unknown> = {};
    conversion.postgres = await runConversionBench(await openPostgres(pgInfo.url, 10), C, log, (close) => closers.push(close));
    await closeDatabases();
    if (!opts.skipPglite) {
      pgliteDir = mkdtempSync(path.join(os.tmpdir(), 'nyckel-bench-pglite-'));
      conversion.pglite = await runConversionBench(await openPGlite(pgliteDir), C, log, (close) => closers.push(close));
      await closeDatabases();
    }
    results.conversion = conversion;
    for (const [kind, r] of Object.entries(conversion) as [
      string,
      { applyMedianMs: number; planGetMedianMs: number; rssGrowthMedianMb: number; met: boolean },
    ][])
      log(
        `conversion ${kind}: apply median ${r.applyMedianMs} ms${kind === 'postgres' ? ` (bar ${CONVERSION_BAR_MS} ms: ${r.met ? 'met' : 'MISSED'})` : ''}, GET plan median ${r.planGetMedianMs} ms, RSS growth during apply ${r.rssGrowthMedianMb} MB`,
      );
    phase('conversion done');
  }

  if (runList && opts.rows > 100_000) {
    // --- issue 12 §2: the user list at 1,000,000 members (bench/list-scale.ts) -------------------------------
    phase('list scale');
    const pgInfo = await openBenchPostgres();
    results.postgres = pgInfo.server;
    log(`list at scale: ${opts.rows.toLocaleString('en')} members on ${pgInfo.server}; ${opts.scaleSamples} requests per page after ${opts.warmup} warm-up`);
    const big = await startBenchApp(await openPostgres(pgInfo.url, 10), opts.rows, log);
    apps.push(big);
    results.load = { postgres: { rows: big.rows, inactive: big.inactive, ms: big.loadMs } };
    const o = { samples: opts.scaleSamples, warmup: opts.warmup, window: 2_500, keysetBarMs: BARS.keysetP95, totalBarMs: BARS.totalsMs };
    const figures: ScaleFigure[] = [];
    if (opts.scale.pages) {
      figures.push(...(await measureScalePhase(big, pgInfo.url, 'vacuumed', o, log)));
      phase('list scale vacuumed done');
    }
    // The export to a slow reader and the list cold, on the vacuumed table, with the server in a child process.
    if (opts.scale.export || opts.scale.cold) {
      phase('list scale export/cold');
      results.scaleExport = await runExportScale(
        pgInfo.url,
        { orgId: big.orgId, cookie: big.session.cookie, rows: opts.rows },
        {
          export: opts.scale.export,
          cold: opts.scale.cold,
          rateMBps: opts.scale.slowMBps,
          restarts: opts.scale.coldRestarts,
          warmSamples: opts.scale.coldSamples,
          verify: true,
          rssBarMb: BARS.rssGrowthMb,
        },
        log,
      );
      phase('list scale export/cold done');
    }
    if (opts.scale.pages) {
      try {
        const u = await updateWithoutVacuum(big);
        log(`  updated ${u.rows.toLocaleString('en')} rows (20 %) with autovacuum off in ${(u.ms / 1000).toFixed(1)} s`);
        results.scaleUpdate = u;
        figures.push(...(await measureScalePhase(big, pgInfo.url, '20 % updated, no vacuum', o, log)));
        await restoreAutovacuum(big);
      } catch (e) {
        log(`  update phase FAILED: ${(e as Error).message}`);
        results.scaleUpdateError = (e as Error).message;
      }
      phase('list scale updated done');
      results.scale = { rows: opts.rows, figures };
    }
    // The embedded database within 2.5× of PostgreSQL on 100,000: both at 100,000, PGlite in a child process.
    if (!opts.skipPglite && opts.scale.pglite) {
      try {
        const small = await openBenchPostgres();
        const pg100 = await startBenchApp(await openPostgres(small.url, 10), 100_000, log);
        apps.push(pg100);
        const lite = await startPgliteChild(100_000, log);
        apps.push(lite.app);
        const compare: any[] = [];
        for (const shape of SHAPES) {
          for (const page of ['first', 'page 2'] as const) {
            const row: any = { shape: shape.name, page };
            for (const app of [pg100, lite.app]) {
              try {
                let query = shape.query;
                if (page === 'page 2') {
                  const c = (await timeShape(app, shape.query, 1, 0)).nextCursor;
                  if (!c) continue;
                  query = { ...shape.query, cursor: c };
                }
                row[app.kind] = await timeShape(app, query, opts.scaleSamples, opts.warmup);
              } catch (e) {
                row[`${app.kind}Error`] = (e as Error).message.slice(0, 200);
              }
            }
            if (row.postgres && row.pglite) row.ratioP95 = round(row.pglite.p95 / row.postgres.p95);
            compare.push(row);
          }
        }
        results.scaleCompare = compare;
      } catch (e) {
        log(`  PGlite comparison FAILED: ${(e as Error).message}`);
        results.scaleCompareError = (e as Error).message;
      }
    }
    phase('list scale done');
  } else if (runList) {
    log(
      `rows ${opts.rows.toLocaleString('en')}, ${opts.skipPglite ? 'PostgreSQL only' : 'PostgreSQL + PGlite'}, machine: ${results.machine.cpus} cores, ${results.machine.memoryGb} GB`,
    );
    const pgInfo = await openBenchPostgres();
    results.postgres = pgInfo.server;
    log(`PostgreSQL: ${pgInfo.server}`);
    const pgApp = await startBenchApp(await openPostgres(pgInfo.url, 10), opts.rows, log);
    apps.push(pgApp);
    if (!opts.skipPglite) {
      pgliteDir = mkdtempSync(path.join(os.tmpdir(), 'nyckel-bench-pglite-'));
      const pgliteApp = await startBenchApp(await openPGlite(pgliteDir), opts.rows, log);
      apps.push(pgliteApp);
    }
    results.load = Object.fromEntries(apps.map((a) => [a.kind, { rows: a.rows, inactive: a.inactive, ms: a.loadMs }]));

    // Totals are exact counts: the default view must report exactly the loaded rows.
    // Totals are capped counts: the default view reports min(rows, 10,000), 'atLeast' beyond.
    for (const app of apps) {
      const r = await app.session.json('GET', `/api/v1/orgs/${app.orgId}/users?limit=1`);
      const want = Math.min(app.rows, 10_000);
      if (r.body.total !== want) throw new Error(`${app.kind}: default view total ${r.body.total}, expected ${want}`);
    }
    results.totals = 'capped';
    log(
      `totals are capped counts (the default view reports ${Math.min(opts.rows, 10_000).toLocaleString('en')}${opts.rows > 10_000 ? '+' : ''} on every database)`,
    );

    // --- user list --------------------------------------------------------------------------------------------
    if (!opts.skipList) {
      setDeepPages(opts.rows);
      const cursors = new Map<BenchApp, Map<string, string | undefined | null>>();
      const follow: Record<string, { p50: number; p95: number }> = {};
      for (const app of apps) {
        const d = await deepCursor(app);
        cursors.set(app, await variantCursors(app, d.cursor));
        follow[app.kind] = { p50: round(percentile(d.followMs, 50)), p95: round(percentile(d.followMs, 95)) };
        log(
          `  ${app.kind}: followed nextCursor ${DEEP_PAGES} pages (rows ${(DEEP_PAGES * 50).toLocaleString('en')}+): p50 ${ms(follow[app.kind].p50)} ms, p95 ${ms(follow[app.kind].p95)} ms per page`,
        );
      }
      const vs = variants();
      // The default list's page-2 cursor: (sort value, id) alone, or with the total the first page counted.
      const page2 = cursors.get(pgApp)!.get(vs.find((v) => v.page === 'next')!.id);
      totalsCarried = !!page2 && cursorParts(page2).length >= 3;
      results.totals = totalsCarried
        ? 'capped at 10,000 (totalKind atLeast beyond): counted with the first page, carried to later pages by the cursor (src/users/list.ts)'
        : 'capped at 10,000: counted on every page, cursor pages included (src/users/list.ts)';
      log(`totals: ${results.totals}`);
      phase('list');
      log(
        `user list over HTTP: ${vs.length} pages (${SHAPES.length} shapes × first page and page 2, + page ${DEEP_PAGES + 1}) × ${apps.length} databases × ${opts.rounds} rounds × ${opts.samples} requests (after warm-up), sequential`,
      );
      const samples = await measureList(apps, cursors, opts, log);
      phase('list done');

      log("EXPLAIN ANALYZE of every page's page and count statements");
      const plans = new Map<string, Map<string, { page: Explained; count: Explained | null }>>();
      for (const v of vs) {
        const perDb = new Map<string, { page: Explained; count: Explained | null }>();
        for (const app of apps) {
          const cursor = cursors.get(app)!.get(v.id);
          if (cursor === null) continue;
          const { page, count } = await variantSql(app, v.shape, cursor);
          // A cursor page runs the count only when the code recounts on every page (no total carried in the cursor).
          perDb.set(app.kind, { page: await explain(app, page), count: v.page === 'first' || !totalsCarried ? await explain(app, count) : null });
        }
        plans.set(v.id, perDb);
      }

      // A page 2 that does not exist (a shape with one page, with a small --rows) is left out.
      const list = vs
        .filter((v) => samples.get(v.id)!.get('postgres')!.rounds.length > 0)
        .map((v) => {
          const s = samples.get(v.id)!;
          const pgS = s.get('postgres')!;
          const liteS = s.get('pglite');
          const pgP95 = median(pgS.rounds.map((r) => r.p95));
          const pgP50 = median(pgS.rounds.map((r) => r.p50));
          const lite = liteS && liteS.rounds.length ? liteS : undefined;
          const liteP95 = lite ? median(lite.rounds.map((r) => r.p95)) : NaN;
          const liteP50 = lite ? median(lite.rounds.map((r) => r.p50)) : NaN;
          const ratioP95 = lite ? median(lite.rounds.map((r, i) => r.p95 / pgS.rounds[i].p95)) : NaN;
          const ratioP50 = lite ? median(lite.rounds.map((r, i) => r.p50 / pgS.rounds[i].p50)) : NaN;
          const p = plans.get(v.id)!;
          return {
            id: v.id,
            shape: v.shape.name,
            page: v.page,
            query: v.shape.query,
            required: !!v.shape.required,
            barName: v.barName,
            barMs: v.barMs,
            total: pgS.total,
            pageItems: pgS.items,
            postgres: {
              p50: round(pgP50),
              p95: round(pgP95),
              rounds: pgS.rounds.map((r) => ({ p50: round(r.p50), p95: round(r.p95) })),
              pooledP95: round(percentile(pgS.ms, 95)),
              max: round(Math.max(...pgS.ms)),
            },
            pglite: lite
              ? {
                  total: lite.total,
                  p50: round(liteP50),
                  p95: round(liteP95),
                  rounds: lite.rounds.map((r) => ({ p50: round(r.p50), p95: round(r.p95) })),
                  pooledP95: round(percentile(lite.ms, 95)),
                  max: round(Math.max(...lite.ms)),
                }
              : null,
            ratio: lite ? { p50: round(ratioP50), p95: round(ratioP95) } : null,
            met: { postgresP95: pgP95 <= v.barMs, pgliteRatio: lite ? ratioP95 <= BARS.pgliteRatio : null },
            sql: Object.fromEntries(
              [...p].map(([kind, e]) => [
                kind,
                {
                  pageMs: round(e.page.executionMs, 3),
                  countMs: e.count ? round(e.count.executionMs, 3) : null,
                  pagePlan: e.page.plan,
                  countPlan: e.count?.plan ?? null,
                  pageSql: e.page.sql,
                  countSql: e.count?.sql ?? null,
                },
              ]),
            ),
          };
        });
      results.list = { deepPages: DEEP_PAGES, pageSize: 50, followCursor: follow, pages: list };
    }

    // --- export -----------------------------------------------------------------------------------------------
    if (!opts.skipExport) {
      phase('export');
      log(`export: prefetching the ${opts.rows.toLocaleString('en')} rows into memory for the writers-alone baselines`);
      const t0 = performance.now();
      const rows = await prefetchRows(pgApp);
      if (rows.length !== opts.rows) throw new Error(`prefetched ${rows.length} rows, expected ${opts.rows}`);
      const prefetchMs = performance.now() - t0;
      log(
        `  prefetched in ${(prefetchMs / 1000).toFixed(1)} s; interleaved runs on PostgreSQL: ours over HTTP, exceljs alone, our writer alone, the read path alone`,
      );
      const rounds: ExportRound[] = await measureExport(pgApp, rows, opts.exportRuns, log);
      let pgliteExport: HttpExport | null = null;
      const lite = apps.find((a) => a.kind === 'pglite');
      if (lite) {
        pgliteExport = await httpExport(lite);
        log(`  PGlite (info): ours over HTTP ${pgliteExport.ms.toFixed(0)} ms, first byte ${pgliteExport.firstByteMs.toFixed(0)} ms`);
      }
      const med = (f: (r: ExportRound) => number) => median(rounds.map(f));
      const oursMs = med((r) => r.oursHttp.ms);
      const excelMs = med((r) => r.excelJs.ms);
      const ratio = median(rounds.map((r) => r.oursHttp.ms / r.excelJs.ms));
      const firstByte = med((r) => r.oursHttp.firstByteMs);
      results.export = {
        rows: rows.length,
        baseline:
          "exceljs 4.4 stream.xlsx.WorkbookWriter (default options) writing the same rows, prefetched into memory from the same PostgreSQL with the export's own statement, into a null sink; a turn of the event loop every 1,000 rows in both writers-alone runs",
        prefetchMs: round(prefetchMs),
        oursHttp: { ms: round(oursMs), firstByteMs: round(firstByte), headersMs: round(med((r) => r.oursHttp.headersMs)), bytes: rounds[0].oursHttp.bytes },
        excelJs: { ms: round(excelMs), firstByteMs: round(med((r) => r.excelJs.firstByteMs)), bytes: rounds[0].excelJs.bytes },
        oursAlone: { ms: round(med((r) => r.oursAlone.ms)), firstByteMs: round(med((r) => r.oursAlone.firstByteMs)), bytes: rounds[0].oursAlone.bytes },
        readPathAlone: { ms: round(med((r) => r.readAlone.ms)) },
        ratio: round(ratio),
        ratioOfMedians: round(oursMs / excelMs),
        pgliteHttp: pgliteExport && { ms: round(pgliteExport.ms), firstByteMs: round(pgliteExport.firstByteMs) },
        runs: rounds.map((r) => ({
          oursHttp: round(r.oursHttp.ms),
          oursHttpFirstByte: round(r.oursHttp.firstByteMs),
          excelJs: round(r.excelJs.ms),
          oursAlone: round(r.oursAlone.ms),
          readPathAlone: round(r.readAlone.ms),
        })),
        met: { ratio: ratio <= BARS.exportRatio, firstByte: firstByte <= BARS.firstByteMs },
      };
    }
    await cleanup();

    // --- RSS --------------------------------------------------------------------------------------------------
    if (!opts.skipRss) {
      phase('rss');
      log(`RSS: fresh child processes (node --expose-gc), synthetic rows, null sink; rows ${opts.rssRows.join(' / ')}, ${opts.rssRuns} runs interleaved`);
      const runs: RssResult[] = [];
      for (let i = 0; i < opts.rssRuns; i++) {
        for (const n of opts.rssRows) {
          for (const writer of ['ours', 'exceljs'] as const) {
            const r = await rssChild(writer, n);
            runs.push(r);
            log(
              `  run ${i + 1}: ${writer.padEnd(7)} ${n.toLocaleString('en').padStart(9)} rows: peak RSS ${mb(r.peakRss).toFixed(0)} MB (before writing ${mb(r.baselineRss).toFixed(0)} MB), peak heap ${mb(r.peakHeap).toFixed(0)} MB, ${(r.ms / 1000).toFixed(1)} s`,
            );
          }
        }
      }
      const summary = (['ours', 'exceljs'] as const).map((writer) => {
        const at = opts.rssRows.map((n) => {
          const rs = runs.filter((r) => r.writer === writer && r.rows === n);
          return {
            rows: n,
            peakRssMb: round(mb(median(rs.map((r) => r.peakRss))), 1),
            osMaxRssMb: round(mb(median(rs.map((r) => r.maxRssOs))), 1),
            baselineRssMb: round(mb(median(rs.map((r) => r.baselineRss))), 1),
            ms: round(median(rs.map((r) => r.ms))),
            firstByteMs: round(median(rs.map((r) => r.firstByteMs))),
          };
        });
        const first = at[0];
        const last = at[at.length - 1];
        const growthMb = round(last.peakRssMb - first.peakRssMb, 1);
        return { writer, at, growthMb, growthPer100kMb: round((growthMb * 100_000) / (last.rows - first.rows), 1) };
      });
      const ours = summary.find((s) => s.writer === 'ours')!;
      results.rss = {
        method:
          'peak RSS = the highest process.memoryUsage().rss of a fresh child, sampled every 20 ms while it writes; median of runs; growth = peak at the larger row count − peak at the smaller. (getrusage maxRSS is recorded too, but it is dominated by tsx compiling the modules at start-up.)',
        writers: summary,
        runs,
        met: { growth: ours.growthMb <= BARS.rssGrowthMb },
      };
    }
  }
} finally {
  await cleanup();
}

// --- report ----------------------------------------------------------------------------------------------------
phase('end');
results.load1 = phases;
const busiest = Math.max(...phases.map((p) => p.load1));
const loadNote = `1-minute load average during the run: ${phases.map((p) => `${p.phase} ${p.load1.toFixed(1)}`).join(', ')} (the bench itself accounts for ~1–1.5 on ${os.cpus().length} cores)${busiest > os.cpus().length ? ' — OTHER WORK WAS RUNNING: the figures are inflated' : ''}.`;
results.durationS = round((performance.now() - measureStart) / 1000, 0);
results.waitedForQuietS = waitedS;
const verdict = (ok: boolean | null | undefined) => (ok === null || ok === undefined ? '–' : ok ? 'met' : 'NOT MET');
const out: string[] = [];
const mdOut: string[] = [];
const both = (title: string, head: string[], rows: (string | number)[][], note?: string) => {
  out.push('', title, table(head, rows));
  mdOut.push('', `### ${title}`, '', markdownTable(head, rows));
  if (note) {
    out.push(note);
    mdOut.push('', note);
  }
};

if (results.list) {
  const L = results.list.pages as any[];
  both(
    `User list over HTTP, ${opts.rows.toLocaleString('en')} members, pages of 50 with an exact total, ms — median of ${opts.rounds} rounds × ${opts.samples} requests`,
    ['page', 'total', 'bar', 'PG p50', 'PG p95', 'PG', 'PGlite p50', 'PGlite p95', 'ratio p95', 'ratio p50', '≤ 2.5×'],
    L.map((s) => [
      `${s.required ? '' : '(+) '}${s.id}`,
      s.total,
      `${s.barName} ≤ ${s.barMs}`,
      ms(s.postgres.p50),
      ms(s.postgres.p95),
      verdict(s.met.postgresP95),
      s.pglite ? ms(s.pglite.p50) : '–',
      s.pglite ? ms(s.pglite.p95) : '–',
      s.ratio ? `${s.ratio.p95.toFixed(2)}×` : '–',
      s.ratio ? `${s.ratio.p50.toFixed(2)}×` : '–',
      verdict(s.met.pgliteRatio),
    ]),
    `(+) = beyond the six shapes of the issue. First pages carry the total (bar: totals ≤ 50 ms); page 2 and page 201 are requested with a keyset cursor (bar: 20 ms, free text 50 ms). Totals: ${results.totals}.`,
  );
  both(
    'SQL execution inside the database (EXPLAIN ANALYZE, TIMING OFF; median of 5), ms',
    ['page', 'PG page', 'PG count', 'PGlite page', 'PGlite count'],
    L.map((s) => [
      s.id,
      ms(s.sql.postgres.pageMs),
      s.sql.postgres.countMs === null ? 'carried' : ms(s.sql.postgres.countMs),
      s.sql.pglite ? ms(s.sql.pglite.pageMs) : '–',
      !s.sql.pglite ? '–' : s.sql.pglite.countMs === null ? 'carried' : ms(s.sql.pglite.countMs),
    ]),
    totalsCarried ? 'carried = no count on this page: the total travels in the cursor.' : undefined,
  );
  if (opts.explain)
    for (const s of L)
      for (const [kind, e] of Object.entries(s.sql as Record<string, any>)) {
        out.push('', `--- ${s.id} on ${kind}: page`, e.pageSql, e.pagePlan);
        if (e.countPlan) out.push('--- count', e.countSql, e.countPlan);
      }
}
if (results.export) {
  const E = results.export;
  both(
    `Export of ${E.rows.toLocaleString('en')} rows (.xlsx, 12 columns), PostgreSQL, median of ${opts.exportRuns} interleaved runs, ms`,
    ['', 'time', 'first byte', 'MB', '÷ exceljs', 'bar', 'verdict'],
    [
      [
        'ours: GET /users.xlsx over HTTP',
        ms(E.oursHttp.ms),
        ms(E.oursHttp.firstByteMs),
        (E.oursHttp.bytes / 1e6).toFixed(2),
        `${E.ratio.toFixed(2)}×`,
        '≤ 1.3×, first byte ≤ 1000',
        `${verdict(E.met.ratio)} / ${verdict(E.met.firstByte)}`,
      ],
      ['exceljs alone (rows in memory)', ms(E.excelJs.ms), ms(E.excelJs.firstByteMs), (E.excelJs.bytes / 1e6).toFixed(2), '1.00×', '', ''],
      [
        'our writer alone (rows in memory)',
        ms(E.oursAlone.ms),
        ms(E.oursAlone.firstByteMs),
        (E.oursAlone.bytes / 1e6).toFixed(2),
        `${(E.oursAlone.ms / E.excelJs.ms).toFixed(2)}×`,
        '',
        '',
      ],
      ["the export's read path alone (no writer)", ms(E.readPathAlone.ms), '', '', `${(E.readPathAlone.ms / E.excelJs.ms).toFixed(2)}×`, '', ''],
    ],
    `Baseline: ${E.baseline}. ÷ exceljs = median of the per-run ratios.${E.pgliteHttp ? ` On PGlite (one run, info): ${ms(E.pgliteHttp.ms)} ms, first byte ${ms(E.pgliteHttp.firstByteMs)} ms.` : ''}`,
  );
}
if (results.rss) {
  const R = results.rss;
  const rowsOf = (R.writers[0].at as any[]).map((a) => a.rows);
  both(
    `Peak RSS of a fresh child writing synthetic rows, MB — median of ${opts.rssRuns} runs`,
    ['writer', ...rowsOf.map((n: number) => `${n.toLocaleString('en')} rows`), 'growth', 'per 100k', 'bar', 'verdict'],
    (R.writers as any[]).map((w) => [
      w.writer,
      ...w.at.map((a: any) => `${a.peakRssMb.toFixed(0)} (${(a.ms / 1000).toFixed(1)} s)`),
      `${w.growthMb.toFixed(1)}`,
      `${w.growthPer100kMb.toFixed(1)}`,
      w.writer === 'ours' ? '≤ 32' : '',
      w.writer === 'ours' ? verdict(R.met.growth) : '',
    ]),
    `Peak = highest RSS sampled every 20 ms in a fresh \`node --expose-gc\` child writing synthetic rows (a turn of the event loop every 1,000 rows) into a null sink; RSS before writing ≈ ${(R.writers[0].at[0].baselineRssMb).toFixed(0)} MB. Growth = peak at ${rowsOf[rowsOf.length - 1].toLocaleString('en')} − peak at ${rowsOf[0].toLocaleString('en')}.`,
  );
}
// Issue 15: its own section, printed and written to RESULTS.md between markers (the list run keeps it).
const { begin: ME_BEGIN, end: ME_END } = SECTIONS.me;
let meMd: string | null = null;
if (results.me) {
  const M = results.me as MeResults;
  const mdMe: string[] = [];
  const meBoth = (title: string, head: string[], rows: (string | number)[][], note?: string) => {
    out.push('', title, table(head, rows));
    mdMe.push('', `### ${title}`, '', markdownTable(head, rows));
    if (note) {
      out.push(note);
      mdMe.push('', note);
    }
  };
  const loadLine = `1-minute load average (os.loadavg): ${M.load1.loaded.toFixed(2)} after the load, ${M.load1.measured.toFixed(2)} after the timed requests (${os.cpus().length} cores; the bench itself accounts for ~1)${Math.max(M.load1.loaded, M.load1.measured) > os.cpus().length ? ' — OTHER WORK WAS RUNNING: the figures are inflated' : ''}.`;
  const samples = M.figures[0]?.samples ?? 0;
  meBoth(
    `Issue 15 — GET /me, the first page of GET /orgs and the own access list over HTTP, ${M.orgs.toLocaleString('en')} organisations, ms — ${samples} sequential requests per user and endpoint after ${opts.me.warmup} warm-up rounds, users interleaved; load average ${M.load1.measured.toFixed(2)}`,
    ['user', 'endpoint', 'p50', 'p95', 'max', 'bar', 'verdict', 'statements', 'SQL in the database'],
    M.figures.map((f) => [
      f.label,
      f.endpointLabel,
      ms(f.p50),
      ms(f.p95),
      ms(f.max),
      f.barMs === null ? '(info)' : `p95 ≤ ${f.barMs}`,
      verdict(f.met),
      f.statementsRange[0] === f.statementsRange[1] ? f.statements : `${f.statements} (${f.statementsRange[0]}–${f.statementsRange[1]})`,
      ms(f.sql.reduce((a, x) => a + x.executionMs, 0)),
    ]),
    `${loadLine} statements = SQL statements the request runs through Kysely, session lookup included (median of 5 requests; the background jobs' own statements left out). SQL in the database = the sum of those statements' execution times (EXPLAIN ANALYZE, TIMING OFF, median of 3).`,
  );
  if (M.cold.length) {
    const warm = (user: string) => M.figures.find((f) => f.user === user && f.endpoint === 'me');
    meBoth(
      'Issue 15 — GET /me cold (the first request a restarted server process answers) beside warm, ms',
      ['user', 'cold: first request (median)', 'second request', 'warm p50', 'warm p95', 'process up in', 'load average per restart'],
      M.cold.map((c) => [
        c.label,
        ms(c.firstMs),
        ms(c.secondMs),
        ms(warm(c.user)?.p50 ?? NaN),
        ms(warm(c.user)?.p95 ?? NaN),
        `${c.startMs} ms`,
        c.runs.map((r) => r.load.toFixed(2)).join(' / '),
      ]),
      `Cold: for each user ${M.cold[0].runs.length} times, \`node dist/server.js\` started anew on the same database (PostgreSQL's own caches stay warm: a restart of the server, not of the database); the user's session cookie, then GET /me timed to the last byte as the process's first request, then once more. Warm: the table above.`,
    );
  }
  meBoth(
    'Issue 15 — what the endpoints answer',
    ['user', 'memberships', 'can open', '/me total (paged)', '/me', '/orgs total', '/orgs page'],
    M.users.map((u) => [
      u.label,
      u.memberships,
      u.visible,
      u.meOrganisations,
      u.meTruncated ? `TRUNCATED (${(u.visible - u.meOrganisations).toLocaleString('en')} missing)` : 'all',
      u.orgsTotal,
      u.orgsItems,
    ]),
    '"can open" is counted in SQL from the loaded data (active memberships, contracts owned, clients of agencies where the account holds user-admin).',
  );
  meBoth(
    'Issue 15 — the slowest statement of each request (EXPLAIN ANALYZE, TIMING OFF, median of 3), ms',
    ['user · endpoint', 'ms', 'statement'],
    M.figures.map((f) => {
      const w = f.sql.reduce((a, b) => (b.executionMs > a.executionMs ? b : a), f.sql[0]);
      return [
        `${f.user} · ${f.endpoint}`,
        w ? ms(w.executionMs) : '–',
        w ? `\`${w.sql.replace(/\s+/g, ' ').slice(0, 160)}${w.sql.length > 160 ? '…' : ''}\`` : '–',
      ];
    }),
    'Every statement with its plan: bench/results/latest.json (me.figures[].sql).',
  );
  if (opts.explain) for (const f of M.figures) for (const x of f.sql) out.push('', `--- ${f.user} · ${f.endpoint}: ${ms(x.executionMs)} ms`, x.sql, x.plan);
  const bars = M.figures.filter((f) => f.barMs !== null);
  results.me.verdict = { barMs: ME_BAR_MS, met: bars.every((f) => f.met), worstP95: Math.max(...bars.map((f) => f.p95)) };
  meMd = [
    ME_BEGIN,
    '## A consultant in many client organisations (issue 15)',
    '',
    `Written by \`npm run bench -- me\` on ${results.startedAt.slice(0, 10)} (the list run above leaves this section as it is). Machine: ${results.machine.cpus} cores (${results.machine.cpuModel}), Node ${results.machine.node}. PostgreSQL: ${results.postgres}.`,
    loadLine,
    `Data: ${M.orgs.toLocaleString('en')} organisations (40 agencies; ${M.agencyClients.toLocaleString('en')} clients of the consultants' agency), 1–8 employees each with accounts and packages, bulk-loaded with INSERT … SELECT generate_series, then VACUUM ANALYZE (bench/me-seed.ts). Requests sequential over HTTP on 127.0.0.1 with each user's session cookie, timed to the last byte; the server runs in the bench process.`,
    `Bar: at 2,000 and at 5,000 memberships, GET /me, the first page of GET /orgs and the own access list (GET /accounts/{id}/access) p95 ≤ ${ME_BAR_MS} ms — ${results.me.verdict.met ? 'met' : 'NOT MET'} (worst p95 ${ms(results.me.verdict.worstP95)} ms).`,
    ...mdMe,
    '',
    ME_END,
  ].join('\n');
}

// Verdicts: the worst page per bar (the issue's shapes, and all shapes).
{
  const rows: (string | number)[][] = [];
  const worst = (xs: any[], f: (x: any) => number) => xs.reduce((a, b) => (f(b) > f(a) ? b : a), xs[0]);
  if (results.list) {
    const L = results.list.pages as any[];
    const groups: [string, (s: any) => boolean, number][] = [
      ['keyset pages with a cursor (page 2, page 201), PG p95', (s) => s.page !== 'first' && s.barName !== 'free text', BARS.keysetP95],
      ['free-text pages, PG p95', (s) => s.barName.startsWith('free text'), BARS.freetextP95],
      ['first pages with the total, PG p95', (s) => s.page === 'first', BARS.totalsMs],
    ];
    for (const [name, f, bar] of groups) {
      for (const [scope, pick] of [
        ["issue's 6 shapes", (s: any) => s.required],
        ['all shapes', () => true],
      ] as const) {
        const xs = L.filter((s) => f(s) && pick(s));
        if (!xs.length) continue;
        const w = worst(xs, (s) => s.postgres.p95);
        rows.push([`${name} (${scope})`, `${ms(w.postgres.p95)} ms (${w.id})`, `≤ ${bar} ms`, verdict(w.postgres.p95 <= bar)]);
      }
    }
    if (!opts.skipPglite)
      for (const [scope, pick] of [
        ["issue's 6 shapes", (s: any) => s.required],
        ['all shapes', () => true],
      ] as const) {
        const xs = L.filter((s) => s.ratio && pick(s));
        const w = worst(xs, (s) => s.ratio.p95);
        rows.push([
          `PGlite / PostgreSQL p95 (${scope})`,
          `${w.ratio.p95.toFixed(2)}× (${w.id}: ${ms(w.pglite.p95)} vs ${ms(w.postgres.p95)} ms)`,
          '≤ 2.5×',
          verdict(w.ratio.p95 <= BARS.pgliteRatio),
        ]);
      }
  }
  if (results.export) {
    const E = results.export;
    rows.push(['export time vs exceljs alone', `${E.ratio.toFixed(2)}× (${ms(E.oursHttp.ms)} vs ${ms(E.excelJs.ms)} ms)`, '≤ 1.3×', verdict(E.met.ratio)]);
    rows.push(['export first byte', `${ms(E.oursHttp.firstByteMs)} ms`, '≤ 1000 ms', verdict(E.met.firstByte)]);
  }
  if (results.rss) {
    const o = results.rss.writers.find((w: any) => w.writer === 'ours');
    const x = results.rss.writers.find((w: any) => w.writer === 'exceljs');
    rows.push([
      `export RSS growth ${o.at[0].rows.toLocaleString('en')} → ${o.at[o.at.length - 1].rows.toLocaleString('en')} rows`,
      `${o.growthMb.toFixed(1)} MB (exceljs ${x.growthMb.toFixed(1)} MB)`,
      '≤ 32 MB',
      verdict(results.rss.met.growth),
    ]);
  }
  results.verdicts = rows.map(([bar, measured, limit, v]) => ({ bar, measured, limit, verdict: v }));
  if (rows.length) {
    const title = 'Verdicts (PostgreSQL unless said)';
    const head = ['bar', 'measured (worst)', 'limit', 'verdict'];
    out.push('', title, table(head, rows));
    mdOut.unshift('', `### ${title}`, '', markdownTable(head, rows)); // first in RESULTS.md
  }
}
console.log(out.join('\n'));
console.log(
  `\nDatabases: ${results.postgres}${opts.skipPglite || !runList ? '' : '; PGlite (embedded, on disk in a temp dir)'}.${runList ? ` Totals: ${results.totals}.` : ''} Took ${results.durationS} s${waitedS ? ` (after waiting ${waitedS} s for a quiet machine)` : ''}.`,
);
console.log(loadNote);

mkdirSync(path.join(here, 'results'), { recursive: true });
writeFileSync(path.join(here, 'results', 'latest.json'), JSON.stringify(results, null, 2));
const md = [
  '# Benchmark results',
  '',
  `Written by \`npm run bench\` (bench/run.ts) on ${results.startedAt.slice(0, 10)}; ${results.durationS} s in all${waitedS ? ` (after waiting ${waitedS} s for a quiet machine)` : ''}. Raw figures: bench/results/latest.json (not committed).`,
  '',
  `Machine: ${results.machine.cpus} cores (${results.machine.cpuModel}), ${results.machine.memoryGb} GB, ${results.machine.platform}, Node ${results.machine.node}.`,
  `PostgreSQL: ${results.postgres}. PGlite: embedded, on disk in a temp dir${opts.skipPglite ? ' (skipped)' : ''}.`,
  loadNote,
  `Data: one organisation with ${opts.rows.toLocaleString('en')} members in the default view (+${Math.round(opts.rows * 0.02).toLocaleString('en')} deactivated), ~15 % partner members of five partner organisations, bulk-loaded with INSERT … SELECT generate_series, then VACUUM ANALYZE. Requests sequential over HTTP on 127.0.0.1 with a session cookie; the server runs in the bench process.`,
  ...mdOut,
].join('\n');
writeFileSync(path.join(here, 'results', 'latest.md'), `${runList ? md : ''}${meMd ? `\n${meMd}\n` : '\n'}`);
// RESULTS.md: each part that ran in full rewrites its own section; every other section stays as the file had it.
const fullAccess = runAccess && opts.access.clients === 1000 && opts.access.consultants === 100 && opts.access.rounds >= 3;
const fullConversion = runConversion && opts.conversion.runs >= 3 && opts.conversion.logins === 5000 && opts.conversion.persons === 6000;
const sections: Parameters<typeof writeResults>[0]['sections'] = {};
if (fullMe && meMd) sections.me = meMd;
if (fullAccess)
  sections.access = accessMarkdown(results.access, opts.access, { date: results.startedAt.slice(0, 10), postgres: results.postgres, load: loadNote });
if (fullConversion)
  sections.conversion = conversionMarkdown(results.conversion, opts.conversion, {
    date: results.startedAt.slice(0, 10),
    postgres: results.postgres,
    load: loadNote,
  });
// The sign-in part with its default sizes rewrites its section.
const fullSignin = runSignin && opts.signin.seconds >= 10 && opts.signin.accounts >= 50 && opts.signin.restarts >= 3;
if (fullSignin) sections.signin = signinMarkdown(results.signin, results.postgres, results.startedAt.slice(0, 10));
// The start part with at least 3 rounds (the median of 3) rewrites its section.
if (runStart && opts.startRounds >= 3) sections.start = startMarkdown(results.start, results.startedAt.slice(0, 10));
if (results.scale) {
  const md = scaleMarkdown(results as any, SECTIONS.listScale, markdownTable);
  console.log(`\n${md}`);
  writeFileSync(path.join(here, 'results', 'latest-scale.md'), md);
  if (opts.rows === 1_000_000) sections.listScale = md;
}
if (results.scaleExport) {
  const md = exportScaleMarkdown(results.scaleExport, SECTIONS.listScaleExport, {
    date: results.startedAt.slice(0, 10),
    postgres: results.postgres,
    rssBarMb: BARS.rssGrowthMb,
    firstByteBarMs: BARS.firstByteMs,
    command: `npm run bench -- ${argv.join(' ')}`,
  });
  console.log(`\n${md}`);
  writeFileSync(path.join(here, 'results', 'latest-export-scale.md'), md);
  if (opts.rows === 1_000_000) sections.listScaleExport = md;
}
const wrote = fullRun || Object.keys(sections).length > 0;
if (wrote) writeResults({ list: fullRun ? md : undefined, sections });
log(`wrote bench/results/latest.json${wrote ? ' and bench/RESULTS.md' : ' (not a full default run: bench/RESULTS.md left as it is)'}`);
process.exit(0);
