import { sql, type Selectable } from 'kysely';
import { delegatedActor, systemActor, type Actor, type Ctx, type Deps, type SystemActor } from './auth-context.js';
import { newId } from './crypto.js';
import { afterCommit, inTx, type Queryable, type Tx } from './db.js';
import type { JobRunItemState, JobRunStatus, JobRunsTable } from './db-types.js';
import { AppError } from './errors.js';
import { defineJob, type JobDefinition, type QueueDefinition } from './jobs.js';

/**
 * Job runs (R-H4): a long background action — agency bulk access, legacy conversion — as one `job_runs` row
 * and a `job_run_items` row per item. The runner applies each pending item in its own transaction: the item
 * row is locked and skipped unless still pending, the handler's effect, the item's outcome and the run's
 * progress commit together. So every item is applied exactly once, across retries and a kill -9 of the node:
 * an interrupted item rolled back whole and is still pending for the next attempt.
 */

/** What a handler made of one item: `outcome` is counted on the run (granted, already_had, denied …). */
export interface ItemResult {
  outcome: string;
  /** Why, in a stable code (e.g. the policy's refusal for `denied`). */
  reason?: string | null;
  output?: unknown;
  /**
   * An item that stands for several results (agency bulk access: one client × its consultants × modules): the run's
   * `processed` grows by their sum and `counts` by each. Default: one result, `{[outcome]: 1}`.
   */
  counts?: Record<string, number>;
}

export interface ItemContext<I> {
  /** The item's transaction: the effect must be written here (services take it through `ctx.db`). */
  tx: Tx;
  /** A service context on that transaction: `ctx.actor` is the initiator as a delegated actor, null for system runs. */
  ctx: Ctx;
  actor: Actor | SystemActor;
  orgId: string;
  runId: string;
  seq: number;
  input: I;
  /** The run's own input (what the initiator asked for). */
  runInput: unknown;
}

/** Batch mode: many pending items handed to the handler in one transaction (see RunKind.applyBatch). */
export interface BatchContext<I> {
  tx: Tx;
  ctx: Ctx;
  actor: Actor | SystemActor;
  orgId: string;
  runId: string;
  items: { seq: number; input: I }[];
  runInput: unknown;
}

/** A kind of run, declared by its capability's jobs.ts: a queue and how one item is applied. */
export interface RunKind<I> {
  /** The run's pg-boss queue; its name is the run's `kind`. retryLimit bounds the runner's attempts. */
  queue: QueueDefinition;
  /**
   * Applies one item inside `tx`. Throwing an AppError refuses the item (`failed`, reason = its code);
   * any other error is transient: the item stays pending and the run is retried (pg-boss retry).
   */
  apply(item: ItemContext<I>): Promise<ItemResult>;
  /** Transient failures of one item before it is given up as `failed` (default 3). */
  itemAttempts?: number;
  /**
   * Batch mode: applies up to `batchSize` pending items in ONE transaction and answers one result per item, in
   * order. Still exactly once: the batch's effects, its items' states and the run's progress commit together.
   * A handler settles per-item refusals itself (a result, not a throw). When the batch throws, it rolls back
   * whole and its items are applied one by one with `apply` (so one bad item refuses only itself).
   */
  applyBatch?(batch: BatchContext<I>): Promise<ItemResult[]>;
  /** Items per batch (default 100); a function of the run's input when items differ in weight. */
  batchSize?: number | ((runInput: unknown) => number);
  /**
   * Batch mode sized by time: the first batch is an eighth of batchSize, then each next one is scaled towards this
   * many milliseconds (nextBatchLimit), up to batchSize — progress commits with each batch, so it moves about this
   * often whatever the machine's load. Unset: every batch is batchSize.
   */
  batchTargetMs?: number;
  /**
   * An item settled `failed` without a result of the handler (given up after transient failures, or the run
   * gave up): writes what the kind keeps for it, in that transaction; answers its counts (default {failed: 1}).
   */
  failItem?(item: ItemContext<I> & { reason: string | null }): Promise<Record<string, number> | undefined>;
  /** Called in the transaction that ends the run (done or failed), once: e.g. the initiator's notification. */
  onFinished?(tx: Tx, run: JobRunView): Promise<void>;
}

export interface RunJobData {
  orgId: string;
  runId: string;
}

export interface JobRunView {
  id: string;
  orgId: string;
  kind: string;
  status: JobRunStatus;
  input: unknown;
  total: number;
  processed: number;
  counts: Record<string, number>;
  error: string | null;
  createdBy: { accountId: string | null; name: string | null };
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface JobRunItemView {
  seq: number;
  state: JobRunItemState;
  input: unknown;
  outcome: string | null;
  reason: string | null;
  output: unknown;
  error: string | null;
  attempts: number;
  processedAt: Date | null;
}

const INSERT_BATCH = 1_000;
const ITEM_BATCH = 100;
const SYSTEM_IP = 'job';

/** The JobDefinition that works a kind's queue: collected by app.ts with every other capability's jobs. */
export function runJob<I>(deps: Deps, kind: RunKind<I>): JobDefinition {
  return defineJob<RunJobData>({ queue: kind.queue, handler: (job) => processRun(deps, kind, job.data) });
}

/**
 * Creates a run with its items in the caller's transaction and enqueues its job in the same one: the run
 * exists (and will be worked) exactly when the change that asked for it commits.
 */
export async function createRun<I>(
  tx: Tx,
  deps: Pick<Deps, 'jobs'>,
  kind: RunKind<I>,
  run: {
    orgId: string;
    initiator: Actor | SystemActor;
    input?: unknown;
    items: I[];
    /** The results the run will have when items stand for several (ItemResult.counts); default items.length. */
    total?: number;
  },
): Promise<string> {
  const id = newId();
  const human = 'system' in run.initiator ? null : run.initiator;
  await tx
    .insertInto('job_runs')
    .values({
      org_id: run.orgId,
      id,
      kind: kind.queue.name,
      input: run.input === undefined ? null : JSON.stringify(run.input),
      total: run.total ?? run.items.length,
      created_by_account_id: human?.accountId ?? null,
      created_by_name: human ? human.name : (run.initiator as SystemActor).job,
    })
    .execute();
  for (let i = 0; i < run.items.length; i += INSERT_BATCH) {
    await tx
      .insertInto('job_run_items')
      .values(
        run.items.slice(i, i + INSERT_BATCH).map((input, j) => ({
          org_id: run.orgId,
          run_id: id,
          seq: i + j,
          input: JSON.stringify(input),
        })),
      )
      .execute();
  }
  await deps.jobs.send<RunJobData>(kind.queue.name, { orgId: run.orgId, runId: id }, { tx });
  await afterCommit(tx, () => deps.jobs.nudge(kind.queue.name));
  return id;
}

/** One run with its progress; undefined when the organisation has no such run. */
export async function getRun(db: Queryable, orgId: string, runId: string): Promise<JobRunView | undefined> {
  const row = await db.selectFrom('job_runs').selectAll().where('org_id', '=', orgId).where('id', '=', runId).executeTakeFirst();
  return row && toRunView(row);
}

/** An organisation's runs, newest first; `before` is the last run of the previous page. */
export async function listRuns(
  db: Queryable,
  orgId: string,
  options: { kind?: string; before?: { createdAt: Date; id: string }; limit?: number } = {},
): Promise<JobRunView[]> {
  const rows = await db
    .selectFrom('job_runs')
    .selectAll()
    .where('org_id', '=', orgId)
    .$if(options.kind !== undefined, (qb) => qb.where('kind', '=', options.kind!))
    .$if(options.before !== undefined, (qb) =>
      qb.where((eb) =>
        eb.or([
          eb('created_at', '<', options.before!.createdAt),
          eb.and([eb('created_at', '=', options.before!.createdAt), eb('id', '<', options.before!.id)]),
        ]),
      ),
    )
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit ?? 50)
    .execute();
  return rows.map(toRunView);
}

/** A run's items in order, from `afterSeq` on. */
export async function listRunItems(
  db: Queryable,
  orgId: string,
  runId: string,
  options: { afterSeq?: number; limit?: number } = {},
): Promise<JobRunItemView[]> {
  const rows = await db
    .selectFrom('job_run_items')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('run_id', '=', runId)
    .where('seq', '>', options.afterSeq ?? -1)
    .orderBy('seq')
    .limit(options.limit ?? 1_000)
    .execute();
  return rows.map((r) => ({
    seq: r.seq,
    state: r.state,
    input: r.input,
    outcome: r.outcome,
    reason: r.reason,
    output: r.output,
    error: r.error,
    attempts: r.attempts,
    processedAt: r.processed_at,
  }));
}

/**
 * Works one run until no item is pending, then marks it done. A transient error is rethrown for pg-boss to
 * retry the job; on the last attempt the runner gives up instead: the remaining items and the run fail.
 */
export async function processRun<I>(deps: Deps, kind: RunKind<I>, data: RunJobData): Promise<void> {
  const { orgId, runId } = data;
  const run = await startAttempt(deps.db, orgId, runId);
  if (!run) return;
  const lastAttempt = run.attempts >= (kind.queue.retryLimit ?? 50) + 1;
  try {
    const actor = await actorOf(deps.db, run.created_by_account_id, run.kind, runId);
    const size = typeof kind.batchSize === 'function' ? kind.batchSize(run.input) : kind.batchSize;
    const largest = kind.applyBatch ? Math.max(1, Math.floor(size ?? ITEM_BATCH)) : ITEM_BATCH;
    // Sized by time (kind.batchTargetMs): a batch slower than the target (a loaded machine, a slow disk) makes the next
    // one smaller, a quick one the next larger, up to the kind's own size. The first is small: its time is unknown,
    // and the console waits for its first progress.
    const target = kind.applyBatch ? kind.batchTargetMs : undefined;
    let batchLimit = target ? Math.max(1, Math.floor(largest / 8)) : largest;
    let after = -1;
    for (;;) {
      const batch = await deps.db
        .selectFrom('job_run_items')
        .select('seq')
        .where('org_id', '=', orgId)
        .where('run_id', '=', runId)
        .where('state', '=', 'pending')
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(batchLimit)
        .execute();
      if (!batch.length) break;
      const startedAt = performance.now();
      if (kind.applyBatch && (await applyBatch(deps, kind, actor, run.input, orgId, runId, batch[0].seq, batch[batch.length - 1].seq))) {
        after = batch[batch.length - 1].seq;
        if (target) batchLimit = nextBatchLimit(batchLimit, batch.length, performance.now() - startedAt, largest, target);
        continue;
      }
      for (const { seq } of batch) {
        await applyItem(deps, kind, actor, run.input, orgId, runId, seq);
        after = seq;
      }
    }
    await finishRun(deps, kind, orgId, runId, 'done', null);
  } catch (err) {
    // Item refusals are settled per item; an AppError here (the initiator is gone) will not pass on a retry.
    if (!lastAttempt && !(err instanceof AppError)) throw err;
    await giveUp(deps, kind, orgId, runId, messageOf(err));
  }
}

/**
 * The next batch's size from the last one's: scaled towards `targetMs` (at most halved or doubled per step, so one
 * slow commit does not collapse it), between 1 and `largest`.
 */
export function nextBatchLimit(limit: number, applied: number, ms: number, largest: number, targetMs: number): number {
  if (applied < limit) return limit; // the run's last, short batch says nothing about the size
  const factor = Math.min(2, Math.max(0.5, targetMs / Math.max(1, ms)));
  return Math.max(1, Math.min(largest, Math.round(limit * factor)));
}

/** Ends a running run (done or failed) and calls the kind's onFinished in that transaction, once. */
async function finishRun<I>(deps: Deps, kind: RunKind<I>, orgId: string, runId: string, status: 'done' | 'failed', error: string | null, tx?: Tx) {
  const work = async (t: Tx) => {
    const row = await t
      .updateTable('job_runs')
      .set({ status, finished_at: sql`now()`, ...(error !== null ? { error } : {}) })
      .where('org_id', '=', orgId)
      .where('id', '=', runId)
      .where('status', 'in', ['queued', 'running'])
      .returningAll()
      .executeTakeFirst();
    if (row && kind.onFinished) await kind.onFinished(t, toRunView(row));
  };
  if (tx) await work(tx);
  else await inTx(deps.db, work);
}

/**
 * Batch mode: the pending items with seq in [from, to] applied in one transaction (locked; skipped unless still
 * pending). False when the batch was refused (rolled back whole): the caller applies its items one by one.
 */
async function applyBatch<I>(
  deps: Deps,
  kind: RunKind<I>,
  actor: Actor | SystemActor,
  runInput: unknown,
  orgId: string,
  runId: string,
  from: number,
  to: number,
): Promise<boolean> {
  try {
    await inTx(deps.db, async (tx) => {
      const items = await tx
        .selectFrom('job_run_items')
        .select(['seq', 'input'])
        .where('org_id', '=', orgId)
        .where('run_id', '=', runId)
        .where('seq', '>=', from)
        .where('seq', '<=', to)
        .where('state', '=', 'pending')
        .orderBy('seq')
        .forUpdate()
        .execute();
      if (!items.length) return;
      const ctx: Ctx = { ...deps, db: tx, actor: 'system' in actor ? null : actor, ip: SYSTEM_IP };
      const results = await kind.applyBatch!({ tx, ctx, actor, orgId, runId, runInput, items: items.map((i) => ({ seq: i.seq, input: i.input as I })) });
      if (results.length !== items.length) throw new Error(`applyBatch answered ${results.length} results for ${items.length} items`);
      await settleItems(
        tx,
        orgId,
        runId,
        items.map((i, n) => ({ seq: i.seq, result: results[n] })),
      );
    });
    return true;
  } catch (err) {
    console.error(`[job-runs] a batch of ${kind.queue.name} was refused, applying its items one by one:`, messageOf(err));
    return false;
  }
}

/** Marks many items done with their results and adds their progress: two statements for the whole batch. */
async function settleItems(tx: Tx, orgId: string, runId: string, settled: { seq: number; result: ItemResult }[]): Promise<void> {
  const rows = settled.map(({ seq, result }) => ({
    seq,
    outcome: result.outcome,
    reason: result.reason ?? null,
    output: result.output === undefined ? null : JSON.stringify(result.output),
  }));
  await sql`
    update job_run_items i set state = 'done', outcome = v.outcome, reason = v.reason, output = v.output::jsonb, processed_at = now()
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(seq int, outcome text, reason text, output text)
    where i.org_id = ${orgId} and i.run_id = ${runId} and i.seq = v.seq`.execute(tx);
  const counts: Record<string, number> = {};
  for (const { result } of settled) for (const [k, n] of Object.entries(countsOf(result))) counts[k] = (counts[k] ?? 0) + n;
  await addProgress(tx, orgId, runId, counts);
}

const countsOf = (r: { outcome: string; counts?: Record<string, number> }) => r.counts ?? { [r.outcome]: 1 };

/** Marks the run running and counts the attempt; null when it is already finished (a duplicate or late job). */
function startAttempt(db: Deps['db'], orgId: string, runId: string) {
  return inTx(db, async (tx) => {
    const current = await tx.selectFrom('job_runs').select('status').where('org_id', '=', orgId).where('id', '=', runId).forUpdate().executeTakeFirst();
    if (!current || current.status === 'done' || current.status === 'failed') return null;
    return tx
      .updateTable('job_runs')
      .set({ status: 'running', attempts: sql`attempts + 1`, started_at: sql`coalesce(started_at, now())` })
      .where('org_id', '=', orgId)
      .where('id', '=', runId)
      .returning(['kind', 'input', 'attempts', 'created_by_account_id'])
      .executeTakeFirstOrThrow();
  });
}

/** The run's initiator as a delegated actor (its current rights decide, R-H2), or the system actor. */
async function actorOf(db: Queryable, accountId: string | null, kind: string, runId: string): Promise<Actor | SystemActor> {
  if (!accountId) return systemActor(kind);
  const a = await db
    .selectFrom('accounts')
    .select(['id', 'email', 'first_name', 'last_name', 'operator', 'language'])
    .where('id', '=', accountId)
    .executeTakeFirstOrThrow(() => new AppError('not_found', { detail: "The run's initiator no longer exists." }));
  const initiator: Actor = { accountId: a.id, email: a.email, name: `${a.first_name} ${a.last_name}`, operator: a.operator, language: a.language, via: 'job' };
  return delegatedActor(initiator, runId);
}

/** Applies one item exactly once: locked, skipped unless pending; effect, outcome and progress in one transaction. */
async function applyItem<I>(
  deps: Deps,
  kind: RunKind<I>,
  actor: Actor | SystemActor,
  runInput: unknown,
  orgId: string,
  runId: string,
  seq: number,
): Promise<void> {
  try {
    await inTx(deps.db, async (tx) => {
      const item = await lockPendingItem(tx, orgId, runId, seq);
      if (!item) return;
      const ctx: Ctx = { ...deps, db: tx, actor: 'system' in actor ? null : actor, ip: SYSTEM_IP };
      const result = await kind.apply({ tx, ctx, actor, orgId, runId, seq, input: item.input as I, runInput });
      await settleItem(tx, orgId, runId, seq, 'done', {
        outcome: result.outcome,
        reason: result.reason ?? null,
        output: result.output,
        error: null,
        counts: countsOf(result),
      });
    });
  } catch (err) {
    // The item's transaction rolled back whole; its failure is recorded in a new one (again only if still pending).
    const retry = await inTx(deps.db, async (tx) => {
      const item = await lockPendingItem(tx, orgId, runId, seq);
      if (!item) return false;
      const attempts = item.attempts + 1;
      if (err instanceof AppError || attempts >= (kind.itemAttempts ?? 3)) {
        const reason = err instanceof AppError ? err.code : null;
        const ctx: Ctx = { ...deps, db: tx, actor: 'system' in actor ? null : actor, ip: SYSTEM_IP };
        const counts = await kind.failItem?.({ tx, ctx, actor, orgId, runId, seq, input: item.input as I, runInput, reason });
        await settleItem(tx, orgId, runId, seq, 'failed', {
          counts: counts ?? { failed: 1 },
          outcome: 'failed',
          reason: err instanceof AppError ? err.code : null,
          output: undefined,
          error: messageOf(err),
          attempts,
        });
        return false;
      }
      await tx
        .updateTable('job_run_items')
        .set({ attempts, error: messageOf(err) })
        .where('org_id', '=', orgId)
        .where('run_id', '=', runId)
        .where('seq', '=', seq)
        .execute();
      return true;
    });
    if (retry) throw err;
  }
}

function lockPendingItem(tx: Tx, orgId: string, runId: string, seq: number) {
  // FOR UPDATE re-reads the row after a concurrent runner commits: an item it finished no longer matches.
  return tx
    .selectFrom('job_run_items')
    .select(['input', 'attempts'])
    .where('org_id', '=', orgId)
    .where('run_id', '=', runId)
    .where('seq', '=', seq)
    .where('state', '=', 'pending')
    .forUpdate()
    .executeTakeFirst();
}

async function settleItem(
  tx: Tx,
  orgId: string,
  runId: string,
  seq: number,
  state: 'done' | 'failed',
  r: {
    outcome: string;
    reason: string | null;
    output: unknown;
    error: string | null;
    attempts?: number;
    counts: Record<string, number>;
  },
): Promise<void> {
  await tx
    .updateTable('job_run_items')
    .set({
      state,
      outcome: r.outcome,
      reason: r.reason,
      output: r.output === undefined ? null : JSON.stringify(r.output),
      error: r.error,
      processed_at: sql`now()`,
      ...(r.attempts !== undefined ? { attempts: r.attempts } : {}),
    })
    .where('org_id', '=', orgId)
    .where('run_id', '=', runId)
    .where('seq', '=', seq)
    .execute();
  await addProgress(tx, orgId, runId, r.counts);
}

/** processed += the sum of `counts` and counts[outcome] += each, in the transaction that settled those items. */
async function addProgress(tx: Tx, orgId: string, runId: string, counts: Record<string, number>): Promise<void> {
  const n = Object.values(counts).reduce((a, b) => a + b, 0);
  if (!n) return;
  await tx
    .updateTable('job_runs')
    .set({
      processed: sql`processed + ${n}::int`,
      counts: sql`(select coalesce(jsonb_object_agg(k, v), '{}'::jsonb) from (
        select key as k, sum(value::int) as v from (
          select * from jsonb_each_text(counts) union all select * from jsonb_each_text(${JSON.stringify(counts)}::jsonb)
        ) e group by key) s)`,
    })
    .where('org_id', '=', orgId)
    .where('id', '=', runId)
    .execute();
}

/** The runner gives up: every item still pending fails with the reason, and so does the run. */
async function giveUp<I>(deps: Deps, kind: RunKind<I>, orgId: string, runId: string, error: string): Promise<void> {
  // Items first, then the run: the order an item's transaction takes its locks in, so the two never deadlock.
  await inTx(deps.db, async (tx) => {
    const failed = await tx
      .updateTable('job_run_items')
      .set({ state: 'failed', outcome: 'failed', error: `run gave up: ${error}`, processed_at: sql`now()` })
      .where('org_id', '=', orgId)
      .where('run_id', '=', runId)
      .where('state', '=', 'pending')
      .returning(['seq', 'input'])
      .execute();
    const counts: Record<string, number> = {};
    if (kind.failItem && failed.length) {
      const run = await tx
        .selectFrom('job_runs')
        .select(['input', 'created_by_account_id', 'kind'])
        .where('org_id', '=', orgId)
        .where('id', '=', runId)
        .executeTakeFirstOrThrow();
      const actor = await actorOf(tx, run.created_by_account_id, run.kind, runId).catch(() => systemActor(run.kind));
      const ctx: Ctx = { ...deps, db: tx, actor: 'system' in actor ? null : actor, ip: SYSTEM_IP };
      for (const f of failed) {
        const c = (await kind.failItem({ tx, ctx, actor, orgId, runId, seq: f.seq, input: f.input as I, runInput: run.input, reason: null })) ?? { failed: 1 };
        for (const [k, n] of Object.entries(c)) counts[k] = (counts[k] ?? 0) + n;
      }
    } else if (failed.length) counts.failed = failed.length;
    await addProgress(tx, orgId, runId, counts);
    await finishRun(deps, kind, orgId, runId, 'failed', error, tx);
  });
}

/**
 * Resumes runs nobody works (R-H4): a run still queued or running whose pg-boss job is gone — its last attempt
 * was killed (the dead node's job failed for good) or the job was lost — gets a new job with a fresh attempt budget.
 * Answers how many runs it resumed.
 */
export async function sweepRuns(deps: Pick<Deps, 'db' | 'jobs'>, kinds: string[]): Promise<number> {
  if (!kinds.length) return 0;
  const orphans = await deps.db
    .selectFrom('job_runs as r')
    .select(['r.org_id', 'r.id', 'r.kind'])
    .where('r.status', 'in', ['queued', 'running'])
    .where('r.kind', 'in', kinds)
    .where(({ not, exists }) =>
      not(exists(sql`(select 1 from pgboss.job j where j.name = r.kind and j.state < 'completed' and j.data ->> 'runId' = r.id::text)`)),
    )
    .execute();
  for (const o of orphans) {
    await inTx(deps.db, async (tx) => {
      await tx.updateTable('job_runs').set({ attempts: 0 }).where('org_id', '=', o.org_id).where('id', '=', o.id).execute();
      await deps.jobs.send<RunJobData>(o.kind, { orgId: o.org_id, runId: o.id }, { tx });
    });
    deps.jobs.nudge(o.kind);
  }
  return orphans.length;
}

export const RUN_SWEEP_QUEUE = 'job-runs.sweep';

/** The sweep as a schedule (every minute, one per schedule across nodes), for the run kinds app.ts collects. */
export function runSweepJob(deps: Deps, kinds: string[]): JobDefinition {
  return defineJob({
    queue: { name: RUN_SWEEP_QUEUE, retryLimit: 1, expireInSeconds: 120 },
    schedule: '* * * * *',
    handler: async () => {
      await sweepRuns(deps, kinds);
    },
  });
}

function messageOf(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).slice(0, 1_000);
}

function toRunView(r: Omit<Selectable<JobRunsTable>, 'attempts'>): JobRunView {
  return {
    id: r.id,
    orgId: r.org_id,
    kind: r.kind,
    status: r.status,
    input: r.input,
    total: r.total,
    processed: r.processed,
    counts: r.counts,
    error: r.error,
    createdBy: { accountId: r.created_by_account_id, name: r.created_by_name },
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
  };
}
