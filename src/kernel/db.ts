import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { CompiledQuery, Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import Cursor from 'pg-cursor';
import { ConnectionLock, PGliteDialect } from './pglite-dialect.js';
import { noteQuery } from './request-scope.js';
import type { DB } from './db-types.js';

export type { DB } from './db-types.js';
export type Db = Kysely<DB>;
export type Tx = Transaction<DB>;
/** Either the pool or an open transaction: queries take this so any service can reuse them. */
export type Queryable = Kysely<DB> | Transaction<DB>;

/** What pg-boss needs to run statements (its `db` option). */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: any[] }>;
}

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Kysely<DB>;
  /** pg-boss's connection to the same database. */
  executor: SqlExecutor;
  /**
   * PostgreSQL only: LISTENs on `channel` on a dedicated connection, reconnecting when it drops (then
   * `onReconnect`, as notifications sent meanwhile are lost). Resolves once listening, with a stop function.
   */
  listen?(channel: string, onPayload: (payload: string) => void, onReconnect: () => void, onDown?: () => void): Promise<() => Promise<void>>;
  /** Whether the database answers a trivial statement within a second or two (GET /health). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

const INT8_OID = 20;
const DATE_OID = 1082;

// Both drivers return the same JS types: int8 → number, date → 'YYYY-MM-DD', timestamptz → Date.
pg.types.setTypeParser(INT8_OID, (v) => Number(v));
pg.types.setTypeParser(DATE_OID, (v) => v);

/** Every statement counts against the request that made it (kernel/request-scope.ts). */
const countQuery = () => noteQuery();

/** How long making a new connection may take before the statement answers 503 database_unavailable. */
const CONNECT_TIMEOUT_MS = 5_000;
/** How long a statement waits for a free pooled connection (all in use by other requests) before it answers 503. */
const ACQUIRE_TIMEOUT_MS = 10_000;
const PING_TIMEOUT_MS = 2_000;

export async function openPostgres(url: string, poolSize = 10, options: { connectTimeoutMs?: number; acquireTimeoutMs?: number } = {}): Promise<Database> {
  // JIT compilation pays off for long analytical queries; for these short ones it only adds tens of milliseconds.
  // Two limits (issue 12, "npm run scale"): a connection that cannot be MADE within connectTimeoutMs fails the statement
  // (503 database_unavailable) instead of queueing it for ever — the pool makes new connections for later statements,
  // so it recovers by itself when PostgreSQL is back; a statement that finds every pooled connection BUSY waits up to
  // acquireTimeoutMs for one (a burst queues instead of failing). A refused connection (PostgreSQL down) fails at once.
  const connectTimeoutMs = options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS;
  const acquireTimeoutMs = Math.max(options.acquireTimeoutMs ?? ACQUIRE_TIMEOUT_MS, connectTimeoutMs);
  class Client extends pg.Client {
    constructor(config: pg.ClientConfig) {
      super({ ...config, connectionTimeoutMillis: connectTimeoutMs });
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    options: '-c jit=off',
    Client: Client as unknown as new () => pg.ClientBase,
    connectionTimeoutMillis: acquireTimeoutMs,
  });
  // GET /health asks the database on a connection of its own: a pool busy with a burst of requests is not a database
  // that is down (a load balancer would take a busy node out of service and send its load to the others).
  const pingPool = new pg.Pool({ connectionString: url, max: 1, connectionTimeoutMillis: PING_TIMEOUT_MS, options: '-c jit=off' });
  pingPool.on('error', (err) => console.error('[db] idle health connection error:', err.message));
  pingPool.on('connect', (client) => {
    client.on('error', (err) => console.error('[db] health connection lost:', err.message));
  });
  // An idle client losing its connection (server restart, dropped database) must not crash the process.
  pool.on('error', (err) => console.error('[db] idle connection error:', err.message));
  // A connection in use (checked out for a statement or a transaction) that dies emits 'error' on its client, where the
  // pool no longer listens: without a listener of its own that event would crash the process. The statement itself
  // fails with the error (503 database_unavailable) and the pool drops the client when it is released.
  pool.on('connect', (client) => {
    client.on('error', (err) => console.error('[db] connection lost:', err.message));
  });
  // pg-cursor lets long reads (the .xlsx export) stream rows from one statement instead of paging.
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool, cursor: Cursor }), log: countQuery });
  return {
    kind: 'postgres',
    db,
    executor: {
      async executeSql(text, values) {
        const r = await pool.query(text, values as unknown[] | undefined);
        // A multi-statement text answers an array of results; pg-boss wants the last one.
        return Array.isArray(r) ? r[r.length - 1] : r;
      },
    },
    listen: (channel, onPayload, onReconnect, onDown) => listenOn(url, channel, onPayload, onReconnect, onDown),
    ping: coalesced(() =>
      withTimeout(pingPool.query('select 1'), PING_TIMEOUT_MS).then(
        () => true,
        () => false,
      ),
    ),
    close: async () => {
      await pingPool.end().catch(() => undefined);
      await db.destroy();
    },
  };
}

/** Concurrent callers (a load balancer's checks from several places) share one probe, and its answer for half a second. */
function coalesced(probe: () => Promise<boolean>): () => Promise<boolean> {
  let last: { at: number; answer: Promise<boolean> } | null = null;
  return () => {
    const now = Date.now();
    if (!last || now - last.at > 500) last = { at: now, answer: probe() };
    return last.answer;
  };
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

const UNAVAILABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN']);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|^timeout expired$|Client has encountered a connection error|not queryable|Connection ended unexpectedly/i;

/**
 * The database is away rather than the statement wrong (SPEC §5 Reliability; issue 12): the server refused or dropped the connection
 * (a restart, a failover), is shutting down or starting up (57P01/57P02/57P03), any SQLSTATE of class 08
 * (connection exception), too many connections (53300), or the pool could not connect in time. Such a request
 * answers 503 `database_unavailable` with Retry-After (kernel/http.ts), never 500.
 */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; message?: unknown; errors?: unknown; cause?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (UNAVAILABLE_ERRNOS.has(code)) return true;
  if (code === '57P01' || code === '57P02' || code === '57P03' || code === '53300' || /^08[0-9A-Z]{3}$/.test(code)) return true;
  // A connection error carries no SQLSTATE: pg names it only in the message.
  if (!/^[0-9A-Z]{5}$/.test(code) && typeof e.message === 'string' && UNAVAILABLE_MESSAGES.test(e.message)) return true;
  // Node's happy-eyeballs connect (localhost → ::1 and 127.0.0.1) fails with an AggregateError of both refusals.
  if (Array.isArray(e.errors) && e.errors.length > 0 && e.errors.every(isDatabaseUnavailable)) return true;
  return e.cause !== undefined && e.cause !== err && isDatabaseUnavailable(e.cause);
}

const RELISTEN_AFTER_MS = 1_000;

async function listenOn(url: string, channel: string, onPayload: (payload: string) => void, onReconnect: () => void, onDown: () => void = () => {}) {
  let client: pg.Client | null = null;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const retry = () => {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = null;
      connect().then(onReconnect, retry);
    }, RELISTEN_AFTER_MS);
  };
  const connect = async () => {
    const c = new pg.Client({ connectionString: url });
    c.on('notification', (n) => {
      if (n.channel === channel && n.payload !== undefined) onPayload(n.payload);
    });
    c.on('error', (err) => console.error('[db] listening connection error:', err.message));
    try {
      await c.connect();
      await c.query(`LISTEN ${c.escapeIdentifier(channel)}`);
    } catch (err) {
      await c.end().catch(() => undefined);
      throw err;
    }
    if (stopped) {
      await c.end();
      return;
    }
    client = c;
    // The moment the connection drops (error or end), subscribers learn they may miss events: before any retry.
    const down = () => {
      if (client !== c) return;
      client = null;
      if (!stopped) onDown();
      retry();
    };
    c.on('error', down);
    c.on('end', down);
  };
  await connect();
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    await client?.end().catch(() => undefined);
    client = null;
  };
}

/** The embedded database: PGlite in `dataDir`, or in memory when dataDir is undefined (tests). */
export async function openPGlite(
  dataDir: string | undefined,
  options: { loadDataDir?: Blob; sharedBuffers?: string } = {},
): Promise<Database & { dumpDataDir(): Promise<Blob> }> {
  const pglite = await PGlite.create(dataDir, {
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
    ...(options.sharedBuffers ? { startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${options.sharedBuffers}`] } : {}),
    extensions: { pg_trgm },
    parsers: { [INT8_OID]: (v: string) => Number(v), [DATE_OID]: (v: string) => v },
  });
  const lock = new ConnectionLock();
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite, lock), log: countQuery });
  return {
    kind: 'pglite',
    db,
    executor: {
      // pg-boss's migrations are multi-statement texts without parameters: those go through exec.
      executeSql: (text, values) =>
        lock.run(async () => {
          if (!values || values.length === 0) {
            const results = await pglite.exec(text);
            return { rows: results.length ? results[results.length - 1].rows : [] };
          }
          const r = await pglite.query(text, values);
          return { rows: r.rows };
        }),
    },
    // In the process itself: it is there as long as the process is.
    ping: async () => true,
    close: async () => {
      await db.destroy();
      await lock.run(() => pglite.close());
    },
    /** A tarball of the data directory (tests: a migrated snapshot to start fresh databases from). */
    dumpDataDir: () => lock.run(() => pglite.dumpDataDir('none')),
  };
}

type Callback = () => void | Promise<void>;

/** Each transaction opened by inTx: its database and after-commit callbacks (dropped with it on rollback). */
const open = new WeakMap<Queryable, { db: Kysely<DB>; callbacks: Callback[] }>();

/**
 * Runs fn in one transaction: the change, its audit event and its outbox mail commit or roll back together.
 * Called with an open transaction (a job item handing `tx` to a service as its `db`), fn joins it: the
 * caller's transaction decides, so an item's effect and its done marker commit together.
 * Callbacks registered with afterCommit run once the transaction has committed.
 */
export async function inTx<T>(db: Kysely<DB>, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db as Tx);
  for (let attempt = 1; ; attempt++) {
    const callbacks: Callback[] = [];
    try {
      const result = await db.transaction().execute((tx) => {
        open.set(tx, { db, callbacks });
        return fn(tx);
      });
      await runCallbacks(callbacks);
      return result;
    } catch (err) {
      if (attempt >= TX_ATTEMPTS || !isTransient(err)) throw err;
      // The whole transaction rolled back (its callbacks with it): run it again after a short, jittered pause.
      await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20));
    }
  }
}

const TX_ATTEMPTS = 4;

/**
 * A deadlock (40P01) or a serialization failure (40001): PostgreSQL chose this transaction to give way to a concurrent
 * one (a bulk job and a single change taking the same memberships and pools). Nothing of it was written; running it
 * again is right. What is still refused after TX_ATTEMPTS answers 409 `conflict` (kernel/http.ts).
 */
export function isTransient(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001';
}

/**
 * Runs cb after the transaction `q` commits; never when it rolls back. Outside a transaction (the pool:
 * each statement commits on its own) cb runs now. Errors in cb are logged, never thrown to the caller:
 * the change has committed and the request must say so.
 */
export async function afterCommit(q: Queryable, cb: Callback): Promise<void> {
  if (!q.isTransaction) return runCallbacks([cb]);
  const state = open.get(q);
  // A transaction not opened by inTx has no commit hook: failing loudly beats an event sent before a rollback.
  if (!state) throw new Error('afterCommit needs a transaction opened by inTx');
  state.callbacks.push(cb);
}

/** The database a Queryable belongs to (the pool itself, or the one an inTx transaction was opened on). */
export function databaseOf(q: Queryable): Kysely<DB> | undefined {
  return q.isTransaction ? open.get(q)?.db : q;
}

async function runCallbacks(callbacks: Callback[]): Promise<void> {
  for (const cb of callbacks) {
    try {
      await cb();
    } catch (err) {
      console.error('[db] after-commit callback failed:', err instanceof Error ? err.message : err);
    }
  }
}

/** Lets pg-boss enqueue a job inside an open Kysely transaction (transactional send). */
export function txExecutor(tx: Tx): SqlExecutor {
  return {
    async executeSql(text, values) {
      const r = await tx.executeQuery(CompiledQuery.raw(text, (values ?? []) as unknown[]));
      return { rows: r.rows as any[] };
    },
  };
}
