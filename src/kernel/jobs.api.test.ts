import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../app.js';
import { loadConfig } from '../config.js';
import { createRunsTable, recordRun, TEST_QUEUE } from '../../test/fixtures/job-worker.js';
import { freshDatabase, testDb } from '../../test/test-app.js';
import { ROOT, waitFor, WorkerProcess } from '../../test/worker-process.js';
import { inTx, type Database } from './db.js';
import { Jobs } from './jobs.js';
import { migrate } from './migrate.js';

const WORKER = path.join(ROOT, 'test/fixtures/job-worker.ts');
const RESUME_WITHIN_MS = 15_000;
// Explicit: the vitest projects do not inherit the root testTimeout/hookTimeout (defaults 5 s / 10 s).
const TEST_TIMEOUT_MS = 120_000;
const HOOK_TIMEOUT_MS = 60_000;

/** Lets a few worker polls (0.5 s each) pass, to show that nothing more happens. */
const settle = () => new Promise((r) => setTimeout(r, 1_600));

async function runsOf(database: Database, jobId: string) {
  const r = await sql<{ event: string; pid: number }>`select event, pid from test_job_runs where job_id = ${jobId} order by at`.execute(database.db);
  return r.rows;
}

describe('background jobs survive a kill -9', () => {
  const children: WorkerProcess[] = [];
  const cleanups: Array<() => Promise<void>> = [];

  afterAll(async () => {
    for (const c of children) await c.kill9();
    for (const cleanup of cleanups.reverse()) await cleanup().catch((err) => console.error('[jobs test] cleanup', err));
  }, HOOK_TIMEOUT_MS);

  it(
    'R-H4 a job held by a killed worker is picked up again and finishes exactly once, within seconds',
    async () => {
      let env: Record<string, string>;
      let openSecond: () => Promise<Database>;
      let dataDir = '';
      if (testDb === 'pglite') {
        dataDir = mkdtempSync(path.join(tmpdir(), 'nyckel-jobs-'));
        cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
        env = { NYCKEL_DATA_DIR: dataDir, DATABASE_URL: '' };
        openSecond = () => openDatabase(loadConfig({ NYCKEL_DATA_DIR: dataDir }));
      } else {
        const fresh = await freshDatabase('postgres');
        cleanups.push(async () => {
          await fresh.database.close();
          await fresh.drop();
        });
        env = { DATABASE_URL: fresh.url! };
        openSecond = async () => fresh.database;
      }

      const first = new WorkerProcess(WORKER, { ...env, JOB_SEND: '1' });
      children.push(first);
      const jobId = (await first.waitLine(/^SENT (\S+)$/, 60_000))[1];
      await first.waitLine(new RegExp(`^STARTED ${jobId}$`), 15_000);

      if (testDb === 'pglite') {
        // PGlite is one process's database: while the worker lives, nobody else may open its data dir.
        await expect(openSecond()).rejects.toMatchObject({ code: 'data_dir_locked' });
        const intruder = new WorkerProcess(WORKER, env);
        children.push(intruder);
        expect(await intruder.exited).toBe(3);
        expect(intruder.stderr).toContain('ERROR data_dir_locked');
        expect(intruder.stderr).toContain(`in use by process ${first.pid}@`);
        expect(readFileSync(path.join(dataDir, 'nyckel.lock'), 'utf8')).toBe(`${first.pid}@${hostname()}`);
      }

      await first.kill9();

      const secondStart = Date.now();
      const second = await openSecond();
      if (testDb === 'pglite') {
        cleanups.push(() => second.close());
        // The dead worker's lock is stale: taken over, now held by this process.
        expect(readFileSync(path.join(dataDir, 'nyckel.lock'), 'utf8')).toBe(`${process.pid}@${hostname()}`);
      }
      await createRunsTable(second);
      expect(await runsOf(second, jobId)).toEqual([{ event: 'started', pid: first.pid }]);

      const jobs = new Jobs(second.db, second.executor, { soleProcess: second.kind === 'pglite', pollingIntervalSeconds: 0.5 });
      cleanups.push(() => jobs.stop());
      await jobs.start([{ name: TEST_QUEUE, retryLimit: 5 }]);
      await jobs.work(TEST_QUEUE, async (job) => {
        await recordRun(second, job.id, 'finished');
      });

      await waitFor(
        'the job to finish on the second worker',
        async () => (await runsOf(second, jobId)).some((r) => r.event === 'finished'),
        RESUME_WITHIN_MS + 5_000,
      );
      const elapsed = Date.now() - secondStart;
      expect(elapsed, "resumed within 15 s, not after pg-boss's 15-minute expiry").toBeLessThan(RESUME_WITHIN_MS);

      await settle();
      const job = await jobs.getJob(TEST_QUEUE, jobId);
      expect(job?.state).toBe('completed');
      expect(job?.retryCount).toBe(1);
      expect(await runsOf(second, jobId)).toEqual([
        { event: 'started', pid: first.pid },
        { event: 'finished', pid: process.pid },
      ]);
      const leases = await second.db.selectFrom('job_leases').select('job_id').execute();
      expect(leases).toEqual([]);
    },
    TEST_TIMEOUT_MS,
  );
});

describe('background jobs are part of the transaction that sends them', () => {
  let database: Database | undefined;
  let jobs: Jobs | undefined;
  let drop: (() => Promise<void>) | undefined;

  afterAll(async () => {
    await jobs?.stop();
    await database?.close();
    await drop?.();
  }, HOOK_TIMEOUT_MS);

  it(
    'R-K3 a job sent inside a transaction that rolls back never runs',
    async () => {
      const fresh = await freshDatabase();
      database = fresh.database;
      drop = fresh.drop;
      await migrate(database);
      jobs = new Jobs(database.db, database.executor, { soleProcess: database.kind === 'pglite', pollingIntervalSeconds: 0.5 });
      const queue = 'test.tx';
      await jobs.start([{ name: queue, retryLimit: 0 }]);
      const ran: string[] = [];
      await jobs.work<{ tag: string }>(queue, async (job) => {
        ran.push(job.data.tag);
      });

      let rolledBackId: string | null = null;
      await expect(
        inTx(database.db, async (tx) => {
          rolledBackId = await jobs!.send(queue, { tag: 'rolled-back' }, { tx });
          throw new Error('the change is refused');
        }),
      ).rejects.toThrow('the change is refused');
      expect(rolledBackId).toBeTruthy();

      // A committed send on the same queue does run: the worker is alive, so silence above means something.
      const committedId = await inTx(database.db, (tx) => jobs!.send(queue, { tag: 'committed' }, { tx }));
      jobs.nudge(queue);
      await waitFor('the committed job to run', async () => ran.includes('committed'), 15_000);
      await settle();

      expect(ran).toEqual(['committed']);
      expect(await jobs.getJob(queue, rolledBackId!)).toBeFalsy();
      expect((await jobs.getJob(queue, committedId!))?.state).toBe('completed');
      const stored = await sql<{ n: number }>`select count(*)::int as n from pgboss.job where name = ${queue}`.execute(database.db);
      expect(stored.rows[0].n).toBe(1);
    },
    TEST_TIMEOUT_MS,
  );
});

describe('background jobs: a node its peers declared dead', () => {
  let database: Database | undefined;
  const nodes: Jobs[] = [];
  let drop: (() => Promise<void>) | undefined;

  afterAll(async () => {
    for (const n of nodes) await n.stop();
    await database?.close();
    await drop?.();
  }, HOOK_TIMEOUT_MS);

  it(
    'R-H4 re-registers on its next heartbeat, so peers do not take its running jobs away',
    async () => {
      const fresh = await freshDatabase();
      database = fresh.database;
      drop = fresh.drop;
      await migrate(database);
      const queue = 'test.stall';
      const a = new Jobs(database.db, database.executor, { pollingIntervalSeconds: 0.5 });
      const b = new Jobs(database.db, database.executor, { pollingIntervalSeconds: 0.5 });
      nodes.push(a, b);
      await a.start([{ name: queue, retryLimit: 5 }]);
      await b.start([{ name: queue, retryLimit: 5 }]);

      // A stalled past deadAfterSeconds (a long GC pause, a network blip): a peer's reaper removed it.
      await database.db.deleteFrom('job_nodes').where('id', '=', a.nodeId).execute();
      await waitFor(
        'node A to re-register',
        async () => (await database!.db.selectFrom('job_nodes').select('id').where('id', '=', a.nodeId).execute()).length === 1,
        10_000,
      );

      // Alive again, its jobs stay its own: a job lasting several reaper rounds (2 s each) runs once.
      let runs = 0;
      await a.work(queue, async () => {
        runs++;
        await new Promise((r) => setTimeout(r, 5_000));
      });
      const id = await a.send(queue, { n: 1 });
      a.nudge(queue);
      const job = await waitFor(
        'the job to complete',
        async () => {
          const j = await a.getJob(queue, id!);
          return j?.state === 'completed' && j;
        },
        20_000,
      );
      expect(runs).toBe(1);
      expect(job.retryCount).toBe(0);
    },
    TEST_TIMEOUT_MS,
  );
});
