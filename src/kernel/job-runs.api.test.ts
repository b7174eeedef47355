import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPERATOR, startTestApp, type TestApp } from '../../test/test-app.js';
import { waitFor } from '../../test/worker-process.js';
import type { Actor } from './auth-context.js';
import { inTx } from './db.js';
import { AppError } from './errors.js';
import { createRun, getRun, listRunItems, listRuns, runJob, type RunKind } from './job-runs.js';

const ORG_ID = '00000000-0000-0000-0000-00000000e402';
// Explicit: the vitest projects do not inherit the root testTimeout/hookTimeout; a loaded machine starts an app slowly.
const TEST_TIMEOUT_MS = 120_000;
const HOOK_TIMEOUT_MS = 180_000;
let t: TestApp;
let initiator: Actor;

beforeAll(async () => {
  t = await startTestApp();
  await sql`create table test_effects (run_id uuid not null, seq int not null, via text, job_run_id text)`.execute(t.database.db);
  const a = await t.database.db.selectFrom('accounts').selectAll().where('email', '=', OPERATOR.email).executeTakeFirstOrThrow();
  initiator = { accountId: a.id, email: a.email, name: `${a.first_name} ${a.last_name}`, operator: a.operator, language: a.language, via: 'session' };
}, HOOK_TIMEOUT_MS);
afterAll(async () => {
  await t?.close();
}, HOOK_TIMEOUT_MS);

const effectsOf = async (runId: string) =>
  (
    await sql<{ seq: number; via: string; job_run_id: string }>`select seq, via, job_run_id from test_effects where run_id = ${runId} order by seq`.execute(
      t.database.db,
    )
  ).rows;

const waitFinished = (runId: string) =>
  waitFor(
    'the run to finish',
    async () => {
      const r = await getRun(t.database.db, ORG_ID, runId);
      return r && (r.status === 'done' || r.status === 'failed') && r;
    },
    30_000,
  );

describe('R-H4 job runs apply each item exactly once', () => {
  it(
    'R-H4 transient failures after the effect roll it back: each item applied once, refusals and denials counted',
    async () => {
      const failures = new Map<number, number>();
      const kind: RunKind<{ n: number }> = {
        queue: { name: 'test.runs.transient', retryLimit: 10, retryDelay: 0 },
        async apply({ tx, ctx, runId, seq, input }) {
          await sql`insert into test_effects (run_id, seq, via, job_run_id) values (${runId}, ${seq}, ${ctx.actor?.via ?? null}, ${ctx.actor?.jobRunId ?? null})`.execute(
            tx,
          );
          // Items 2 and 6 fail twice after their effect was written (a lost connection, a deadlock …).
          if ((input.n === 2 || input.n === 6) && (failures.get(seq) ?? 0) < 2) {
            failures.set(seq, (failures.get(seq) ?? 0) + 1);
            throw new Error(`transient failure ${failures.get(seq)} of item ${seq}`);
          }
          if (input.n === 4) return { outcome: 'denied', reason: 'not_admin' };
          if (input.n === 5) throw new AppError('license_limit_reached');
          return { outcome: 'granted', output: { n: input.n } };
        },
      };
      await t.nyckel.deps.jobs.register([runJob(t.nyckel.deps, kind)]);
      const runId = await inTx(t.database.db, (tx) =>
        createRun(tx, t.nyckel.deps, kind, {
          orgId: ORG_ID,
          initiator,
          input: { what: 'test' },
          items: Array.from({ length: 8 }, (_, n) => ({ n })),
        }),
      );
      const queued = await getRun(t.database.db, ORG_ID, runId);
      expect(queued).toMatchObject({ status: 'queued', total: 8, processed: 0, counts: {}, kind: 'test.runs.transient', input: { what: 'test' } });
      expect(queued?.createdBy).toEqual({ accountId: initiator.accountId, name: initiator.name });

      const run = await waitFinished(runId);
      expect(run).toMatchObject({ status: 'done', processed: 8, counts: { granted: 6, denied: 1, failed: 1 }, error: null });
      // Item 5's refusal rolled its effect back; every other item took effect exactly once.
      const effects = await effectsOf(runId);
      expect(effects.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4, 6, 7]);
      expect(failures).toEqual(
        new Map([
          [2, 2],
          [6, 2],
        ]),
      );
      // The handler acted as the initiator, delegated to this run.
      expect(effects.every((e) => e.via === 'job' && e.job_run_id === runId)).toBe(true);

      const items = await listRunItems(t.database.db, ORG_ID, runId);
      expect(items.map((i) => [i.seq, i.state, i.outcome, i.reason])).toEqual([
        [0, 'done', 'granted', null],
        [1, 'done', 'granted', null],
        [2, 'done', 'granted', null],
        [3, 'done', 'granted', null],
        [4, 'done', 'denied', 'not_admin'],
        [5, 'failed', 'failed', 'license_limit_reached'],
        [6, 'done', 'granted', null],
        [7, 'done', 'granted', null],
      ]);
      expect(items[2]).toMatchObject({ attempts: 2, error: null, output: { n: 2 } });
      expect(items[5]).toMatchObject({ attempts: 1, error: expect.any(String) });
      expect(items.every((i) => i.processedAt instanceof Date)).toBe(true);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'R-H4 a runner that keeps failing gives up: the run and its remaining items end failed',
    async () => {
      const kind: RunKind<{ n: number }> = {
        queue: { name: 'test.runs.broken', retryLimit: 1, retryDelay: 0 },
        itemAttempts: 5,
        async apply({ input }) {
          if (input.n === 1) throw new Error('the registry is down');
          return { outcome: 'granted' };
        },
      };
      await t.nyckel.deps.jobs.register([runJob(t.nyckel.deps, kind)]);
      const runId = await inTx(t.database.db, (tx) =>
        createRun(tx, t.nyckel.deps, kind, {
          orgId: ORG_ID,
          initiator,
          items: [{ n: 0 }, { n: 1 }, { n: 2 }],
        }),
      );
      const run = await waitFinished(runId);
      expect(run).toMatchObject({ status: 'failed', processed: 3, counts: { granted: 1, failed: 2 }, error: 'the registry is down' });
      const items = await listRunItems(t.database.db, ORG_ID, runId);
      expect(items.map((i) => [i.state, i.outcome])).toEqual([
        ['done', 'granted'],
        ['failed', 'failed'],
        ['failed', 'failed'],
      ]);
      expect(items[1]).toMatchObject({ attempts: 2, error: 'run gave up: the registry is down' });
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'R-H4 batch mode: a batch commits its items together with weighted progress; a refused batch rolls back whole and its items are applied one by one',
    async () => {
      const batches: number[][] = [];
      const kind: RunKind<{ n: number }> = {
        queue: { name: 'test.runs.batch', retryLimit: 5, retryDelay: 0 },
        batchSize: 3,
        async applyBatch({ tx, runId, items }) {
          batches.push(items.map((i) => i.seq));
          for (const i of items) await sql`insert into test_effects (run_id, seq, via) values (${runId}, ${i.seq}, 'batch')`.execute(tx);
          // The batch holding item 4 is refused after its effects were written: they roll back with it.
          if (items.some((i) => i.input.n === 4)) throw new AppError('conflict');
          return items.map((i) => ({ outcome: 'mixed', counts: { granted: 2, denied: i.input.n % 2 } }));
        },
        async apply({ tx, runId, seq, input }) {
          await sql`insert into test_effects (run_id, seq, via) values (${runId}, ${seq}, 'single')`.execute(tx);
          if (input.n === 4) throw new AppError('license_limit_reached');
          return { outcome: 'granted', counts: { granted: 2 } };
        },
        async failItem({ seq, reason }) {
          return { failed: 1, [`because_${reason}`]: seq - 3 };
        },
        finished: [] as string[],
        async onFinished(_tx, run) {
          (kind as unknown as { finished: string[] }).finished.push(`${run.id}:${run.status}:${run.processed}`);
        },
      } as RunKind<{ n: number }> & { finished: string[] };
      await t.nyckel.deps.jobs.register([runJob(t.nyckel.deps, kind)]);
      const runId = await inTx(t.database.db, (tx) =>
        createRun(tx, t.nyckel.deps, kind, { orgId: ORG_ID, initiator, items: Array.from({ length: 7 }, (_, n) => ({ n })), total: 14 }),
      );
      const run = await waitFinished(runId);
      // Batches [0,1,2] and [6] commit as batches; [3,4,5] is refused and its items go one by one (4 fails alone).
      expect(batches).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
      expect(run).toMatchObject({ status: 'done', total: 14, processed: 15, error: null });
      expect(run.counts).toEqual({ granted: 12, denied: 1, failed: 1, because_license_limit_reached: 1 });
      const effects = await effectsOf(runId);
      expect(effects.map((e) => [e.seq, e.via])).toEqual([
        [0, 'batch'],
        [1, 'batch'],
        [2, 'batch'],
        [3, 'single'],
        [5, 'single'],
        [6, 'batch'],
      ]);
      const items = await listRunItems(t.database.db, ORG_ID, runId);
      expect(items.map((i) => [i.seq, i.state, i.outcome])).toEqual([
        [0, 'done', 'mixed'],
        [1, 'done', 'mixed'],
        [2, 'done', 'mixed'],
        [3, 'done', 'granted'],
        [4, 'failed', 'failed'],
        [5, 'done', 'granted'],
        [6, 'done', 'mixed'],
      ]);
      // onFinished ran once, in the transaction that ended the run.
      expect((kind as unknown as { finished: string[] }).finished).toEqual([`${runId}:done:${run.processed}`]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'R-H3 batch mode sized by time: the first batch is an eighth of the size, quick batches double up to it, a slow one halves the next',
    async () => {
      const sizes: number[] = [];
      const kind: RunKind<{ n: number }> = {
        queue: { name: 'test.runs.timed', retryLimit: 5, retryDelay: 0 },
        batchSize: 16,
        // Generous, so that a quick batch stays under half of it even on a loaded machine (no flaky timing).
        batchTargetMs: 2_000,
        async applyBatch({ items }) {
          sizes.push(items.length);
          // The fourth batch is slow (a loaded machine): the next one is half as large.
          if (sizes.length === 4) await new Promise((r) => setTimeout(r, 4_500));
          return items.map(() => ({ outcome: 'granted', counts: { granted: 1 } }));
        },
        async apply() {
          return { outcome: 'granted', counts: { granted: 1 } };
        },
        async failItem() {
          return { failed: 1 };
        },
      };
      await t.nyckel.deps.jobs.register([runJob(t.nyckel.deps, kind)]);
      const runId = await inTx(t.database.db, (tx) =>
        createRun(tx, t.nyckel.deps, kind, { orgId: ORG_ID, initiator, items: Array.from({ length: 60 }, (_, n) => ({ n })), total: 60 }),
      );
      const run = await waitFinished(runId);
      expect(run).toMatchObject({ status: 'done', processed: 60 });
      expect(sizes.slice(0, 5)).toEqual([2, 4, 8, 16, 8]);
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(60);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'R-K3 a run created in a transaction that rolls back leaves no run, no items and no job',
    async () => {
      const kind: RunKind<{ n: number }> = { queue: { name: 'test.runs.rollback', retryLimit: 0 }, apply: async () => ({ outcome: 'granted' }) };
      await t.nyckel.deps.jobs.register([runJob(t.nyckel.deps, kind)]);
      let runId = '';
      await expect(
        inTx(t.database.db, async (tx) => {
          runId = await createRun(tx, t.nyckel.deps, kind, { orgId: ORG_ID, initiator, items: [{ n: 0 }] });
          throw new AppError('conflict');
        }),
      ).rejects.toMatchObject({ code: 'conflict' });
      expect(runId).not.toBe('');
      expect(await getRun(t.database.db, ORG_ID, runId)).toBeUndefined();
      expect(await listRunItems(t.database.db, ORG_ID, runId)).toEqual([]);
      const jobs = await sql<{ n: number }>`select count(*)::int as n from pgboss.job where name = 'test.runs.rollback'`.execute(t.database.db);
      expect(jobs.rows[0].n).toBe(0);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    "lists an organisation's runs newest first",
    async () => {
      const runs = await listRuns(t.database.db, ORG_ID);
      expect(runs.map((r) => r.kind)).toEqual(['test.runs.timed', 'test.runs.batch', 'test.runs.broken', 'test.runs.transient']);
      expect(await listRuns(t.database.db, ORG_ID, { before: { createdAt: runs[0].createdAt, id: runs[0].id } })).toHaveLength(3);
    },
    TEST_TIMEOUT_MS,
  );
});
