import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { buildApp, openDatabase, type Nyckel } from '../app.js';
import { loadConfig } from '../config.js';
import type { AccessJobWorld } from '../../test/fixtures/access-job-world.js';
import { freshDatabase, testDb } from '../../test/test-app.js';
import { ROOT, waitFor, WorkerProcess } from '../../test/worker-process.js';
import type { Database } from '../kernel/db.js';
import { getRun, sweepRuns } from '../kernel/job-runs.js';
import { countSeatsFromScratch } from '../licenses/service.js';
import { ACCESS_JOB_QUEUE } from './jobs.js';

const WORKER = path.join(ROOT, 'test/fixtures/access-job-worker.ts');
const CLIENTS = 8;
const CONSULTANTS = 3;
const MODULES = ['accounting', 'payroll'];
const TOTAL = CLIENTS * CONSULTANTS * MODULES.length;
const PER_CLIENT = CONSULTANTS * MODULES.length;
// Explicit: the vitest projects do not inherit the root timeouts. A child opening PGlite and migrating takes ~30 s on a
// loaded 2-core machine; on PostgreSQL the restarted server waits ~10 s for the dead node's heartbeat to go stale.
const TEST_MS = 400_000;
const CHILD_START_MS = 200_000;

/**
 * R-H4: a kill -9 of the process working an access job, at several points, then a restart of the server on the same
 * database: the job finishes with every (client, consultant, module) item applied once and one result each.
 */
describe('R-H4 an access job survives a kill -9 of its server', () => {
  const children: WorkerProcess[] = [];
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of children) await c.kill9();
    for (const cleanup of cleanups.reverse()) await cleanup().catch((err) => console.error('[access-jobs kill test] cleanup', err));
  }, 120_000);

  /** A child on a fresh database; `open` opens the same database in this process once the child is dead. */
  async function child(env: Record<string, string>) {
    let base: Record<string, string>;
    let open: () => Promise<Database>;
    if (testDb === 'pglite') {
      const dataDir = mkdtempSync(path.join(tmpdir(), 'nyckel-access-jobs-'));
      cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
      base = { NYCKEL_DATA_DIR: dataDir, DATABASE_URL: '' };
      open = () => openDatabase(loadConfig({ NYCKEL_DATA_DIR: dataDir }));
    } else {
      const fresh = await freshDatabase('postgres');
      cleanups.push(async () => {
        await fresh.drop();
      });
      base = { DATABASE_URL: fresh.url! };
      open = async () => fresh.database;
    }
    const proc = new WorkerProcess(WORKER, {
      ...base,
      CLIENTS: String(CLIENTS),
      CONSULTANTS: String(CONSULTANTS),
      MODULES: MODULES.join(','),
      ...env,
    });
    children.push(proc);
    const world = JSON.parse((await proc.waitLine(/^WORLD (.+)$/, CHILD_START_MS))[1]) as AccessJobWorld;
    return { proc, world, open };
  }

  /** Restarts the server on the database and waits for the job to finish; checks it was applied exactly once. */
  async function restartAndVerify(database: Database, world: AccessJobWorld, jobId: string, opts: { sweep?: boolean } = {}) {
    const config = { ...loadConfig({}), serveConsole: false, port: 0, host: '127.0.0.1' };
    const started = Date.now();
    const nyckel: Nyckel = await buildApp({ config, database, pollingIntervalSeconds: 0.5 });
    cleanups.push(() => nyckel.close());
    if (opts.sweep) expect(await sweepRuns(nyckel.deps, [ACCESS_JOB_QUEUE])).toBe(1);
    const db = database.db;
    const run = await waitFor(
      'the job to finish after the restart',
      async () => {
        const r = await getRun(db, world.agencyId, jobId);
        return r?.status === 'done' && r;
      },
      120_000,
    );
    console.log(`[R-H4] ${testDb}: resumed and finished ${Date.now() - started} ms after the restart began`);
    expect(run).toMatchObject({ processed: TOTAL, total: TOTAL, counts: { granted: TOTAL }, error: null });
    const results = await sql<{ n: number; distinct_items: number }>`
      select count(*)::int as n, count(distinct (client_id, consultant_account_id, module))::int as distinct_items
      from access_job_results where org_id = ${world.agencyId} and job_id = ${jobId}`.execute(db);
    expect(results.rows[0]).toEqual({ n: TOTAL, distinct_items: TOTAL });
    const members = await db
      .selectFrom('memberships')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('org_id', 'in', world.clientIds)
      .where('account_id', 'in', world.consultantIds)
      .executeTakeFirstOrThrow();
    expect(Number(members.n)).toBe(CLIENTS * CONSULTANTS);
    const grants = await db
      .selectFrom('membership_modules')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('org_id', 'in', world.clientIds)
      .executeTakeFirstOrThrow();
    expect(Number(grants.n)).toBe(TOTAL);
    // Every membership was added once: one audit event each (a second application would add a second one).
    const audit = await sql<{ n: number; targets: number }>`
      select count(*)::int as n, count(distinct target_id)::int as targets from audit_events
      where org_id = any(${world.clientIds}::uuid[]) and action = 'user.added' and after ->> 'accessJobId' = ${jobId}`.execute(db);
    expect(audit.rows[0]).toEqual({ n: CLIENTS * CONSULTANTS, targets: CLIENTS * CONSULTANTS });
    for (const clientId of world.clientIds) {
      const pools = await db.selectFrom('license_pools').select(['module_key', 'in_use']).where('org_id', '=', clientId).execute();
      const counted = await countSeatsFromScratch(db, clientId);
      for (const p of pools) expect(p.in_use).toBe(counted[p.module_key] ?? 0);
    }
    const notes = await db.selectFrom('notifications').selectAll().where('account_id', '=', world.initiator.accountId).execute();
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ kind: 'access_job_finished', subject_id: jobId });
  }

  const resultsSoFar = async (database: Database, world: AccessJobWorld, jobId: string) =>
    Number(
      (
        await database.db
          .selectFrom('access_job_results')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('org_id', '=', world.agencyId)
          .where('job_id', '=', jobId)
          .executeTakeFirstOrThrow()
      ).n,
    );

  for (const [label, killAt] of [
    ['at about 50 %', CLIENTS / 2],
    ['during the last batch', CLIENTS - 1],
  ] as const) {
    it(
      `R-H4 killed ${label}: the killed batch rolled back whole; the restarted server finishes the job exactly once`,
      async () => {
        const { proc, world, open } = await child({ WORK: '1', BATCH_MS: '1500' });
        const jobId = (await proc.waitLine(/^JOB (\S+)$/, CHILD_START_MS))[1];
        await proc.waitLine(new RegExp(`^APPLYING ${killAt}$`), 120_000);
        await proc.kill9();
        const database = await open();
        // Batches 0 … killAt−1 committed; batch killAt was inside its transaction and left nothing.
        expect(await resultsSoFar(database, world, jobId)).toBe(killAt * PER_CLIENT);
        expect(await getRun(database.db, world.agencyId, jobId)).toMatchObject({ status: 'running', processed: killAt * PER_CLIENT });
        await restartAndVerify(database, world, jobId);
      },
      TEST_MS,
    );
  }

  it(
    'R-H4 killed while queued, its job then lost (as after a last attempt killed): the sweep resumes it and it finishes exactly once',
    async () => {
      const { proc, world, open } = await child({ WORK: '0' });
      const jobId = (await proc.waitLine(/^JOB (\S+)$/, CHILD_START_MS))[1];
      await proc.waitLine(/^READY$/, 60_000);
      await proc.kill9();
      const database = await open();
      expect(await getRun(database.db, world.agencyId, jobId)).toMatchObject({ status: 'queued', processed: 0 });
      // The run's pg-boss job ends for good (retries exhausted): without the sweep nobody would work the run again.
      await sql`update pgboss.job set state = 'failed' where name = ${ACCESS_JOB_QUEUE} and data ->> 'runId' = ${jobId}`.execute(database.db);
      await restartAndVerify(database, world, jobId, { sweep: true });
    },
    TEST_MS,
  );
});
