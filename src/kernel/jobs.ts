import PgBoss from 'pg-boss';
import { sql } from 'kysely';
import type { Kysely } from 'kysely';
import { newId } from './crypto.js';
import { txExecutor, type DB, type SqlExecutor, type Tx } from './db.js';

export interface JobsOptions {
  /** How often workers poll for work (pg-boss's minimum is 0.5 s). */
  pollingIntervalSeconds?: number;
  /** A node whose heartbeat is older than this is dead; its jobs are retried. */
  deadAfterSeconds?: number;
  /** True when this process is the only one that can use the database (PGlite with its data-dir lock). */
  soleProcess?: boolean;
  /** Start workers and maintenance (false: only enqueue, e.g. in a one-off script). */
  work?: boolean;
}

export interface QueueDefinition {
  name: string;
  retryLimit?: number;
  retryDelay?: number;
  expireInSeconds?: number;
}

export type Handler<T> = (job: PgBoss.Job<T>) => Promise<void>;

/**
 * One queue of a capability, declared in its `jobs.ts`: app.ts collects every definition into one list and
 * Jobs.register creates the queues, starts the workers and the schedules from it.
 */
export interface JobDefinition<T = any> {
  queue: QueueDefinition;
  /** Omitted: the queue exists (services enqueue to it) but this node works none of it. */
  handler?: Handler<T>;
  /** A cron expression: pg-boss enqueues an empty job on it (one per schedule across nodes). */
  schedule?: string;
}

/** Types a definition's handler against its job data; lists hold definitions of any data. */
export function defineJob<T>(definition: JobDefinition<T>): JobDefinition {
  return definition as JobDefinition;
}

/**
 * Background work on pg-boss, on PGlite and PostgreSQL alike. On top of pg-boss, a lease per running
 * job and a heartbeat per node: when a node dies (kill -9) the jobs it held are failed into retry
 * within seconds by any live node, instead of waiting for pg-boss's expiry.
 */
export class Jobs {
  readonly nodeId = newId();
  private readonly boss: PgBoss;
  private readonly workerIds = new Map<string, string>();
  private timers: NodeJS.Timeout[] = [];
  private started = false;
  private readonly pendingWork: JobDefinition[] = [];
  private readonly poll: number;
  private readonly deadAfter: number;

  constructor(
    private readonly db: Kysely<DB>,
    executor: SqlExecutor,
    private readonly options: JobsOptions = {},
  ) {
    this.poll = options.pollingIntervalSeconds ?? 1;
    this.deadAfter = options.deadAfterSeconds ?? 10;
    this.boss = new PgBoss({
      db: executor as PgBoss.Db,
      schema: 'pgboss',
      supervise: options.work !== false,
      schedule: options.work !== false,
      migrate: true,
    });
    this.boss.on('error', (err: unknown) => {
      if (this.started) console.error('[jobs]', err instanceof Error ? err.message : err);
    });
  }

  /** Starts pg-boss (creating `queues`), registers this node and starts its heartbeat and reaper. */
  async start(queues: QueueDefinition[] = []): Promise<void> {
    await this.boss.start();
    this.started = true;
    for (const q of queues) await this.ensureQueue(q);
    if (this.options.work === false) return;
    await this.db.insertInto('job_nodes').values({ id: this.nodeId }).execute();
    await this.reapDeadNodes(this.options.soleProcess === true);
    const beat = Math.max(1, Math.floor(this.deadAfter / 4)) * 1000;
    this.timers.push(
      setInterval(() => {
        void this.heartbeat();
      }, beat),
    );
    this.timers.push(
      setInterval(() => {
        void this.reapDeadNodes(false);
      }, beat),
    );
  }

  /**
   * Creates (or updates) each definition's queue, then starts its worker and schedule on this node — at once, or with
   * `deferWork` when the caller calls startWork (`npm start` does once it listens: issue 12 §4, the workers' first
   * polls are not in the way of the first answer). Every queue exists when register returns, so services can enqueue.
   */
  async register(definitions: JobDefinition[], options: { deferWork?: boolean } = {}): Promise<void> {
    for (const d of definitions) await this.ensureQueue(d.queue);
    this.pendingWork.push(...definitions);
    if (!options.deferWork) await this.startWork();
  }

  /** Starts the workers and schedules of the definitions registered so far (once each). */
  async startWork(): Promise<void> {
    const definitions = this.pendingWork.splice(0);
    for (const d of definitions) {
      if (d.handler) await this.work(d.queue.name, d.handler);
      if (d.schedule) await this.schedule(d.queue.name, d.schedule);
    }
  }

  private async ensureQueue(q: QueueDefinition): Promise<void> {
    const existing = await this.boss.getQueue(q.name);
    const options = { name: q.name, retryLimit: q.retryLimit ?? 50, retryDelay: q.retryDelay ?? 0, expireInSeconds: q.expireInSeconds ?? 900 };
    if (!existing) await this.boss.createQueue(q.name, options);
    // An unchanged queue is not written again (every start of every node would otherwise update each queue).
    else if (existing.retryLimit !== options.retryLimit || existing.retryDelay !== options.retryDelay || existing.expireInSeconds !== options.expireInSeconds)
      await this.boss.updateQueue(q.name, options);
  }

  /** Enqueues a job; with `tx` it is part of that transaction (commits or vanishes with the change). */
  async send<T extends object>(queue: string, data: T, options: { tx?: Tx; startAfter?: Date; singletonKey?: string } = {}): Promise<string | null> {
    const sendOptions: PgBoss.SendOptions = {};
    if (options.tx) sendOptions.db = txExecutor(options.tx) as PgBoss.Db;
    if (options.startAfter) sendOptions.startAfter = options.startAfter;
    if (options.singletonKey) sendOptions.singletonKey = options.singletonKey;
    return this.boss.send(queue, data, sendOptions);
  }

  /** Enqueues many jobs of one queue in one statement; with `tx` they are part of that transaction (the conversion's invitations). */
  async sendMany<T extends object>(queue: string, data: T[], options: { tx?: Tx } = {}): Promise<void> {
    if (!data.length) return;
    const insertOptions: PgBoss.InsertOptions = {};
    if (options.tx) insertOptions.db = txExecutor(options.tx) as PgBoss.Db;
    await this.boss.insert(
      data.map((d) => ({ name: queue, data: d })),
      insertOptions,
    );
  }

  /** Wakes the local worker of a queue now instead of at its next poll. */
  nudge(queue: string): void {
    const id = this.workerIds.get(queue);
    if (id) this.boss.notifyWorker(id);
  }

  async schedule(queue: string, cron: string): Promise<void> {
    if (this.options.work === false) return;
    await this.boss.schedule(queue, cron, {});
  }

  async work<T>(queue: string, handler: Handler<T>): Promise<void> {
    if (this.options.work === false) return;
    const id = await this.boss.work<T>(queue, { batchSize: 1, pollingIntervalSeconds: this.poll }, async ([job]) => {
      await this.db
        .insertInto('job_leases')
        .values({ job_id: job.id, queue, node_id: this.nodeId })
        .onConflict((oc) => oc.column('job_id').doUpdateSet({ node_id: this.nodeId, started_at: new Date() }))
        .execute();
      try {
        await handler(job);
      } finally {
        await this.db.deleteFrom('job_leases').where('job_id', '=', job.id).execute();
      }
    });
    this.workerIds.set(queue, id);
  }

  getJob<T>(queue: string, id: string) {
    return this.boss.getJobById<T>(queue, id);
  }

  private async heartbeat(): Promise<void> {
    try {
      // An upsert: a node that peers declared dead during a stall registers again, else they would keep
      // taking every job it starts (its leases name a node missing from job_nodes).
      await this.db
        .insertInto('job_nodes')
        .values({ id: this.nodeId })
        .onConflict((oc) => oc.column('id').doUpdateSet({ heartbeat_at: sql`now()` }))
        .execute();
    } catch (err) {
      if (this.started) console.error('[jobs] heartbeat failed', (err as Error).message);
    }
  }

  /** Fails the jobs of dead nodes into retry. `everyOtherNode`: at start-up of the sole process, all others are dead. */
  async reapDeadNodes(everyOtherNode: boolean): Promise<number> {
    try {
      const dead = await this.db
        .selectFrom('job_nodes')
        .select('id')
        .where('id', '!=', this.nodeId)
        .$if(!everyOtherNode, (qb) => qb.where('heartbeat_at', '<', sql<Date>`now() - make_interval(secs => ${this.deadAfter})`))
        .execute();
      const deadIds = dead.map((d) => d.id);
      const orphans = await this.db
        .selectFrom('job_leases')
        .select(['job_id', 'queue'])
        .where((eb) => eb.or([eb('node_id', 'not in', eb.selectFrom('job_nodes').select('id')), ...(deadIds.length ? [eb('node_id', 'in', deadIds)] : [])]))
        .execute();
      for (const o of orphans) {
        await this.boss.fail(o.queue, o.job_id, { reason: 'worker node died' });
        await this.db.deleteFrom('job_leases').where('job_id', '=', o.job_id).execute();
      }
      if (deadIds.length) await this.db.deleteFrom('job_nodes').where('id', 'in', deadIds).execute();
      return orphans.length;
    } catch (err) {
      if (this.started) console.error('[jobs] reaping failed', (err as Error).message);
      return 0;
    }
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, wait: true, timeout: 5000 });
    if (this.options.work !== false) {
      await this.db
        .deleteFrom('job_nodes')
        .where('id', '=', this.nodeId)
        .execute()
        .catch(() => undefined);
    }
  }
}
