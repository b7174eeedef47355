import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../app.js';
import { loadConfig } from '../config.js';
import { createEffectsTable, KILL_RUN_KIND, RUN_ORG_ID, workerDeps } from '../../test/fixtures/run-worker.js';
import { freshDatabase, testDb } from '../../test/test-app.js';
import { ROOT, waitFor, WorkerProcess } from '../../test/worker-process.js';
import type { Database } from './db.js';
import { getRun, listRunItems, runJob } from './job-runs.js';
import { Jobs } from './jobs.js';

const WORKER = path.join(ROOT, 'test/fixtures/run-worker.ts');
const ITEMS = 12;
const KILL_AT = 4;
// Explicit: the vitest projects do not inherit the root testTimeout/hookTimeout (defaults 5 s / 10 s).
const TEST_TIMEOUT_MS = 300_000;
// A child opening PGlite and migrating takes ~30 s on a loaded 2-core machine; allow several times that.
const CHILD_START_MS = 150_000;
const HOOK_TIMEOUT_MS = 60_000;

describe('R-H4 a job run survives a kill -9 of its worker', () => {
  const children: WorkerProcess[] = [];
  const cleanups: Array<() => Promise<void>> = [];

  afterAll(async () => {
    for (const c of children) await c.kill9();
    for (const cleanup of cleanups.reverse()) await cleanup().catch((err) => console.error('[job-runs test] cleanup', err));
  }, HOOK_TIMEOUT_MS);

  it(
    'R-H4 a run killed mid-item resumes on another process and applies each item exactly once',
    async () => {
      let env: Record<string, string>;
      let openSecond: () => Promise<Database>;
      if (testDb === 'pglite') {
        const dataDir = mkdtempSync(path.join(tmpdir(), 'nyckel-runs-'));
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

      // Each item holds its transaction open for 400 ms: the kill lands while item KILL_AT is applied, not committed.
      const first = new WorkerProcess(WORKER, { ...env, RUN_ITEMS: String(ITEMS), ITEM_MS: '400' });
      children.push(first);
      const runId = (await first.waitLine(/^RUN (\S+)$/, CHILD_START_MS))[1];
      await first.waitLine(new RegExp(`^APPLYING ${KILL_AT}$`), 30_000);
      await first.kill9();

      const second = await openSecond();
      if (testDb === 'pglite') cleanups.push(() => second.close());
      await createEffectsTable(second);
      const effects = async () =>
        (
          await sql<{ seq: number; pid: number }>`
      select seq, pid from test_item_effects where run_id = ${runId} order by seq, at`.execute(second.db)
        ).rows;
      // The killed item's effect rolled back with its transaction: only the items before it took effect.
      expect((await effects()).map((e) => e.seq)).toEqual(Array.from({ length: KILL_AT }, (_, i) => i));
      const interrupted = await getRun(second.db, RUN_ORG_ID, runId);
      expect(interrupted).toMatchObject({ status: 'running', processed: KILL_AT, total: ITEMS });

      const jobs = new Jobs(second.db, second.executor, { soleProcess: second.kind === 'pglite', pollingIntervalSeconds: 0.5 });
      cleanups.push(() => jobs.stop());
      await jobs.start();
      await jobs.register([runJob(workerDeps(second, jobs), KILL_RUN_KIND)]);

      const run = await waitFor(
        'the run to finish on the second process',
        async () => {
          const r = await getRun(second.db, RUN_ORG_ID, runId);
          return r?.status === 'done' && r;
        },
        30_000,
      );

      const applied = await effects();
      expect(applied.map((e) => e.seq)).toEqual(Array.from({ length: ITEMS }, (_, i) => i));
      expect(applied.filter((e) => e.pid === first.pid).map((e) => e.seq)).toEqual(Array.from({ length: KILL_AT }, (_, i) => i));
      expect(applied.filter((e) => e.pid === process.pid)).toHaveLength(ITEMS - KILL_AT);
      expect(run).toMatchObject({ processed: ITEMS, total: ITEMS, counts: { granted: ITEMS / 2, already_had: ITEMS / 2 }, error: null });
      expect(run.finishedAt).toBeInstanceOf(Date);
      const items = await listRunItems(second.db, RUN_ORG_ID, runId);
      expect(items.map((i) => i.state)).toEqual(Array(ITEMS).fill('done'));
      expect(items.map((i) => i.outcome)).toEqual(Array.from({ length: ITEMS }, (_, i) => (i % 2 === 0 ? 'granted' : 'already_had')));
    },
    TEST_TIMEOUT_MS,
  );
});
