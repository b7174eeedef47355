// Issue 8 (SPEC §5): a grant of 100 consultants × 1,000 clients × 4 modules = 400,000 items on PostgreSQL, end to
// end over HTTP (202 → job done, results written), against COPYing — in one transaction, into an identical database —
// exactly the rows the job wrote; the job's RSS and how often its progress moved; and a kill -9 at ~50 % of the same
// job in a child process, then a restart: the time to finish and a check that every item was applied once.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { buildApp } from '../src/app.js';
import { hashPassword } from '../src/auth/passwords.js';
import { loadConfig } from '../src/config.js';
import type { Ctx } from '../src/kernel/auth-context.js';
import { systemClock } from '../src/kernel/clock.js';
import { openPostgres } from '../src/kernel/db.js';
import { Events } from '../src/kernel/events.js';
import { Jobs } from '../src/kernel/jobs.js';
import { migrate } from '../src/kernel/migrate.js';
import { startAccessJob } from '../src/access-jobs/service.js';
import { seedAccessJobWorld, type AccessJobWorld } from '../test/fixtures/access-job-world.js';
import { Session } from './app.js';
import { SECTIONS } from './results-file.js';
import { median, round } from './stats.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const PASSWORD = 'bench-initiator-password-1';
export const ACCESS_BAR = { ratio: 3, absoluteMs: 10_000, progressGapMs: 1_000 };
const MODULES = ['accounting', 'invoicing', 'payroll', 'bank'];

/** The rows a grant writes, per table: what the COPY baseline loads (columns in the table's order). */
const WRITTEN = (agencyId: string, jobId: string, clientIds: string) => [
  { table: 'job_runs', where: `org_id = '${agencyId}' and id = '${jobId}'` },
  { table: 'job_run_items', where: `org_id = '${agencyId}' and run_id = '${jobId}'` },
  { table: 'persons', where: `org_id in (${clientIds})` },
  {
    table: 'memberships',
    where: `org_id in (${clientIds})`,
    exclude: ['first_name_lower', 'last_name_lower', 'email_lower', 'home_org_name_lower', 'search_text'],
  },
  { table: 'membership_modules', where: `org_id in (${clientIds})` },
  { table: 'audit_events', where: `org_id in (${clientIds})` },
  { table: 'access_job_results', where: `org_id = '${agencyId}' and job_id = '${jobId}'` },
];

export interface AccessBenchOptions {
  clients: number;
  consultants: number;
  rounds: number;
}

export interface AccessBenchResults {
  items: number;
  rounds: { jobMs: number; copyMs: number; ratio: number; rssStartMb: number; rssPeakMb: number; maxProgressGapMs: number; progressUpdates: number }[];
  medianJobMs: number;
  medianCopyMs: number;
  medianRatio: number;
  rowsCopied: Record<string, number>;
  resume: { killedAtProcessed: number; resumeMs: number; exactlyOnce: boolean } | null;
}

type Log = (s: string) => void;

async function adminQuery(adminUrl: string, text: string) {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}
const dbUrl = (adminUrl: string, name: string) => {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
};

/** The seeded template: migrated, the world loaded, analysed; the initiator can sign in. */
async function seedTemplate(adminUrl: string, name: string, o: AccessBenchOptions, log: Log): Promise<AccessJobWorld> {
  await adminQuery(adminUrl, `create database ${name}`);
  const database = await openPostgres(dbUrl(adminUrl, name), 4);
  await migrate(database);
  const t0 = performance.now();
  const world = await seedAccessJobWorld(database.db, { clients: o.clients, consultants: o.consultants, seats: o.consultants * 2, tag: 'bench' });
  await database.db
    .updateTable('accounts')
    .set({ password_hash: await hashPassword(PASSWORD) })
    .where('id', '=', world.initiator.accountId)
    .execute();
  const c = new pg.Client({ connectionString: dbUrl(adminUrl, name) });
  await c.connect();
  await c.query('vacuum analyze');
  await c.end();
  await database.close();
  log(`access: template seeded (${o.clients} clients, ${o.consultants} consultants) in ${Math.round(performance.now() - t0)} ms`);
  return world;
}

/** One job end to end over HTTP on a fresh copy of the template; the written rows dumped for the baseline. */
async function runJob(adminUrl: string, template: string, name: string, world: AccessJobWorld, log: Log) {
  await adminQuery(adminUrl, `create database ${name} template ${template}`);
  const database = await openPostgres(dbUrl(adminUrl, name), 10);
  const config = { ...loadConfig({}), serveConsole: false, port: 0, host: '127.0.0.1' };
  const nyckel = await buildApp({ config, database, pollingIntervalSeconds: 0.5 });
  await nyckel.app.listen({ port: 0, host: '127.0.0.1' });
  const address = nyckel.app.server.address();
  const session = new Session(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
  await session.login(world.initiator.email, PASSWORD);
  global.gc?.();
  const rssStart = process.memoryUsage().rss;
  let rssPeak = rssStart;
  const sampler = setInterval(() => {
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  }, 50);
  const t0 = performance.now();
  const started = await session.json('POST', `/api/v1/orgs/${world.agencyId}/access-jobs`, {
    operation: 'grant',
    clientIds: world.clientIds,
    consultantIds: world.consultantIds,
    modules: MODULES,
  });
  if (started.status !== 202) throw new Error(`start: ${started.status} ${JSON.stringify(started.body)}`);
  const jobId = started.body.id as string;
  // As the console does (every second; here every 100 ms to see each change): when did `processed` move?
  let last = -1;
  let lastChange = performance.now();
  let maxGap = 0;
  let updates = 0;
  let job: any;
  for (;;) {
    job = (await session.json('GET', `/api/v1/access-jobs/${jobId}`)).body;
    const now = performance.now();
    if (job.processed !== last) {
      if (last >= 0 && job.status === 'running') maxGap = Math.max(maxGap, now - lastChange);
      // Where the progress stood still for over the bar: which part of the run to look at.
      if (last >= 0 && now - lastChange > ACCESS_BAR.progressGapMs) {
        log(
          `access:   progress stood at ${last.toLocaleString('en')} for ${Math.round(now - lastChange)} ms (then ${job.processed.toLocaleString('en')}/${job.total.toLocaleString('en')}, ${job.status}, ${Math.round(now - t0)} ms into the run)`,
        );
      }
      if (last >= 0) updates++;
      last = job.processed;
      lastChange = now;
    } else if (job.status === 'running') maxGap = Math.max(maxGap, now - lastChange);
    if (job.status === 'done' || job.status === 'failed') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const jobMs = performance.now() - t0;
  clearInterval(sampler);
  if (job.status !== 'done' || job.processed !== job.total) throw new Error(`job ended ${job.status} ${job.processed}/${job.total}`);
  log(`access: job of ${job.total.toLocaleString('en')} items done in ${Math.round(jobMs)} ms (counts ${JSON.stringify(job.counts)})`);
  // Dump what it wrote, for the COPY baseline.
  const c = new pg.Client({ connectionString: dbUrl(adminUrl, name) });
  await c.connect();
  const clientIds = world.clientIds.map((id) => `'${id}'`).join(',');
  const dumps: { table: string; columns: string[]; data: Buffer; rows: number }[] = [];
  for (const w of WRITTEN(world.agencyId, jobId, clientIds)) {
    const cols = (
      await c.query(`select column_name from information_schema.columns where table_name = $1 and is_generated = 'NEVER' order by ordinal_position`, [w.table])
    ).rows
      .map((r) => r.column_name as string)
      .filter((col) => !(w.exclude ?? []).includes(col));
    const chunks: Buffer[] = [];
    const stream = c.query(copyTo(`copy (select ${cols.join(', ')} from ${w.table} where ${w.where}) to stdout`));
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const data = Buffer.concat(chunks);
    dumps.push({ table: w.table, columns: cols, data, rows: data.length ? data.toString('utf8').split('\n').length - 1 : 0 });
  }
  await c.end();
  await nyckel.close();
  await adminQuery(adminUrl, `drop database ${name} with (force)`);
  return { jobMs, rssStart, rssPeak, maxGap, updates, dumps, total: job.total as number };
}

/** The baseline: the same rows COPYed in one transaction into a fresh copy of the template. */
async function copyBaseline(adminUrl: string, template: string, name: string, dumps: { table: string; columns: string[]; data: Buffer }[]) {
  await adminQuery(adminUrl, `create database ${name} template ${template}`);
  const c = new pg.Client({ connectionString: dbUrl(adminUrl, name) });
  await c.connect();
  const t0 = performance.now();
  await c.query('begin');
  for (const d of dumps) {
    const stream = c.query(copyFrom(`copy ${d.table} (${d.columns.join(', ')}) from stdin`));
    await new Promise<void>((resolve, reject) => {
      stream.on('finish', () => resolve());
      stream.on('error', reject);
      stream.end(d.data);
    });
  }
  await c.query('commit');
  const ms = performance.now() - t0;
  await c.end();
  await adminQuery(adminUrl, `drop database ${name} with (force)`);
  return ms;
}

/** Kill -9 at ~50 %: a child process works the job; this process restarts the server and times the rest. */
async function resumeAfterKill(adminUrl: string, template: string, name: string, world: AccessJobWorld, log: Log) {
  await adminQuery(adminUrl, `create database ${name} template ${template}`);
  const url = dbUrl(adminUrl, name);
  const database = await openPostgres(url, 10);
  const jobs = new Jobs(database.db, database.executor, { work: false });
  await jobs.start();
  const deps = { db: database.db, dbKind: database.kind, config: loadConfig({}), clock: systemClock, jobs, events: new Events(database) };
  const ctx: Ctx = { ...deps, actor: world.initiator, ip: '127.0.0.1' };
  const { id: jobId } = await startAccessJob(ctx, world.agencyId, {
    operation: 'grant',
    clientIds: world.clientIds,
    consultantIds: world.consultantIds,
    modules: MODULES,
  });
  await jobs.stop();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'access-job-child.ts')], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const total = world.clientIds.length * world.consultantIds.length * MODULES.length;
  let processed = 0;
  for (;;) {
    const r = await database.db
      .selectFrom('job_runs')
      .select('processed')
      .where('org_id', '=', world.agencyId)
      .where('id', '=', jobId)
      .executeTakeFirstOrThrow();
    processed = r.processed;
    if (processed >= total / 2) break;
    await new Promise((res) => setTimeout(res, 20));
  }
  child.kill('SIGKILL');
  await new Promise((res) => child.on('exit', res));
  log(`access: child killed at ${processed.toLocaleString('en')} of ${total.toLocaleString('en')} items`);
  const t0 = performance.now();
  const config = { ...loadConfig({}), serveConsole: false, port: 0, host: '127.0.0.1' };
  const nyckel = await buildApp({ config, database, pollingIntervalSeconds: 0.5 });
  let run;
  for (;;) {
    run = await database.db.selectFrom('job_runs').selectAll().where('org_id', '=', world.agencyId).where('id', '=', jobId).executeTakeFirstOrThrow();
    if (run.status === 'done' || run.status === 'failed') break;
    await new Promise((res) => setTimeout(res, 100));
  }
  const resumeMs = performance.now() - t0;
  const check = await database.db
    .selectFrom('access_job_results')
    .select((eb) => [eb.fn.countAll<number>().as('n')])
    .where('org_id', '=', world.agencyId)
    .where('job_id', '=', jobId)
    .executeTakeFirstOrThrow();
  const members = await database.db
    .selectFrom('memberships')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('org_id', 'in', world.clientIds)
    .executeTakeFirstOrThrow();
  const exactlyOnce =
    run.status === 'done' && run.processed === total && Number(check.n) === total && Number(members.n) === world.clientIds.length * world.consultantIds.length;
  log(`access: restarted server finished the job ${Math.round(resumeMs)} ms after the restart; exactly once: ${exactlyOnce}`);
  await nyckel.close();
  await adminQuery(adminUrl, `drop database ${name} with (force)`);
  return { killedAtProcessed: processed, resumeMs: round(resumeMs, 0), exactlyOnce };
}

export async function runAccessBench(adminUrl: string, o: AccessBenchOptions, log: Log): Promise<AccessBenchResults> {
  const suffix = Math.random().toString(16).slice(2, 8);
  const template = `nyckel_bench_access_t_${suffix}`;
  const world = await seedTemplate(adminUrl, template, o, log);
  const rounds: AccessBenchResults['rounds'] = [];
  let rowsCopied: Record<string, number> = {};
  try {
    for (let r = 0; r < o.rounds; r++) {
      const job = await runJob(adminUrl, template, `nyckel_bench_access_j_${suffix}_${r}`, world, log);
      const copyMs = await copyBaseline(adminUrl, template, `nyckel_bench_access_c_${suffix}_${r}`, job.dumps);
      rowsCopied = Object.fromEntries(job.dumps.map((d) => [d.table, d.rows]));
      log(`access: round ${r + 1}: job ${Math.round(job.jobMs)} ms, COPY baseline ${Math.round(copyMs)} ms, ratio ${(job.jobMs / copyMs).toFixed(2)}`);
      rounds.push({
        jobMs: round(job.jobMs, 0),
        copyMs: round(copyMs, 0),
        ratio: round(job.jobMs / copyMs, 2),
        rssStartMb: round(job.rssStart / 2 ** 20, 0),
        rssPeakMb: round(job.rssPeak / 2 ** 20, 0),
        maxProgressGapMs: round(job.maxGap, 0),
        progressUpdates: job.updates,
      });
    }
    const resume = await resumeAfterKill(adminUrl, template, `nyckel_bench_access_k_${suffix}`, world, log);
    return {
      items: o.clients * o.consultants * MODULES.length,
      rounds,
      medianJobMs: median(rounds.map((r) => r.jobMs)),
      medianCopyMs: median(rounds.map((r) => r.copyMs)),
      medianRatio: median(rounds.map((r) => r.ratio)),
      rowsCopied,
      resume,
    };
  } finally {
    await adminQuery(adminUrl, `drop database if exists ${template} with (force)`);
  }
}

const { begin: ACCESS_BEGIN, end: ACCESS_END } = SECTIONS.access;

/** The access part's section of bench/RESULTS.md (between its markers, kept by runs of other parts). */
export function accessMarkdown(a: AccessBenchResults, o: AccessBenchOptions, context: { date: string; postgres: string; load: string }): string {
  const rows = a.rounds.map(
    (r, i) => `| ${i + 1} | ${r.jobMs} | ${r.copyMs} | ${r.ratio} | ${r.rssStartMb} | ${r.rssPeakMb} | ${r.maxProgressGapMs} | ${r.progressUpdates} |`,
  );
  const copied = Object.entries(a.rowsCopied)
    .map(([t, n]) => `${t} ${n.toLocaleString('en')}`)
    .join(', ');
  const verdict = (ok: boolean) => (ok ? 'met' : 'NOT met');
  return [
    ACCESS_BEGIN,
    '## Agency bulk access (issue 8)',
    '',
    `\`npm run bench -- access\` on ${context.date}: a grant of ${o.consultants} consultants × ${o.clients.toLocaleString('en')} clients × 4 modules = ${a.items.toLocaleString('en')} items on PostgreSQL (${context.postgres}), end to end over HTTP (POST → 202 → GET /access-jobs/{id} every 100 ms until done, results written), each round on a fresh copy of one seeded template database. Baseline: the rows the job wrote, dumped with COPY TO and COPYed in ONE transaction into another fresh copy of the template — ${copied}. ${context.load}`,
    '',
    '| round | job ms | COPY ms | ratio | RSS start MB | RSS peak MB | longest progress gap ms | progress updates |',
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    '| bar | measured (median of rounds) | limit | verdict |',
    '|---|---|---|---|',
    `| job ÷ COPY baseline | ${a.medianRatio} | ≤ ${ACCESS_BAR.ratio} | ${verdict(a.medianRatio <= ACCESS_BAR.ratio)} |`,
    `| job, absolute | ${a.medianJobMs.toLocaleString('en')} ms | ≤ ${ACCESS_BAR.absoluteMs.toLocaleString('en')} ms | ${verdict(a.medianJobMs <= ACCESS_BAR.absoluteMs)} |`,
    `| longest gap between progress updates | ${Math.max(...a.rounds.map((r) => r.maxProgressGapMs)).toLocaleString('en')} ms | ≤ ${ACCESS_BAR.progressGapMs.toLocaleString('en')} ms | ${verdict(Math.max(...a.rounds.map((r) => r.maxProgressGapMs)) <= ACCESS_BAR.progressGapMs)} |`,
    a.resume
      ? `| kill -9 at ~50 % (${a.resume.killedAtProcessed.toLocaleString('en')} items), restart → done | ${a.resume.resumeMs.toLocaleString('en')} ms (includes ~10 s until the dead node's heartbeat is stale); exactly once: ${a.resume.exactlyOnce} | exactly once | ${verdict(a.resume.exactlyOnce)} |`
      : '',
    ACCESS_END,
  ].join('\n');
}
