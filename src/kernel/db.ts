import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { CompiledQuery, Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import Cursor from 'pg-cursor';
import { ConnectionLock, PGliteDialect } from './pglite-dialect.js';
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
  close(): Promise<void>;
}

const INT8_OID = 20;
const DATE_OID = 1082;

// Both drivers return the same JS types: int8 → number, date → 'YYYY-MM-DD', timestamptz → Date.
pg.types.setTypeParser(INT8_OID, (v) => Number(v));
pg.types.setTypeParser(DATE_OID, (v) => v);

export async function openPostgres(url: string, poolSize = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle client losing its connection (server restart, dropped database) must not crash the process.
  pool.on('error', (err) => console.error('[db] idle connection error:', err.message));
  // pg-cursor lets long reads (the .xlsx export) stream rows from one statement instead of paging.
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool, cursor: Cursor }) });
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
    close: () => db.destroy(),
  };
}

/** The embedded database: PGlite in `dataDir`, or in memory when dataDir is undefined (tests). */
export async function openPGlite(dataDir: string | undefined): Promise<Database> {
  const pglite = await PGlite.create(dataDir, {
    extensions: { pg_trgm },
    parsers: { [INT8_OID]: (v: string) => Number(v), [DATE_OID]: (v: string) => v },
  });
  const lock = new ConnectionLock();
  const db = new Kysely<DB>({ dialect: new PGliteDialect(pglite, lock) });
  return {
    kind: 'pglite',
    db,
    executor: {
      // pg-boss's migrations are multi-statement texts without parameters: those go through exec.
      executeSql: (text, values) => lock.run(async () => {
        if (!values || values.length === 0) {
          const results = await pglite.exec(text);
          return { rows: results.length ? results[results.length - 1].rows : [] };
        }
        const r = await pglite.query(text, values);
        return { rows: r.rows };
      }),
    },
    close: async () => {
      await db.destroy();
      await lock.run(() => pglite.close());
    },
  };
}

type Callback = () => void | Promise<void>;

/** The after-commit callbacks of each transaction opened by inTx (dropped with it on rollback). */
const pending = new WeakMap<Queryable, Callback[]>();

/**
 * Runs fn in one transaction: the change, its audit event and its outbox mail commit or roll back together.
 * Called with an open transaction (a job item handing `tx` to a service as its `db`), fn joins it: the
 * caller's transaction decides, so an item's effect and its done marker commit together.
 * Callbacks registered with afterCommit run once the transaction has committed.
 */
export async function inTx<T>(db: Kysely<DB>, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (db.isTransaction) return fn(db as Tx);
  const callbacks: Callback[] = [];
  const result = await db.transaction().execute((tx) => {
    pending.set(tx, callbacks);
    return fn(tx);
  });
  await runCallbacks(callbacks);
  return result;
}

/**
 * Runs cb after the transaction `q` commits; never when it rolls back. Outside a transaction (the pool:
 * each statement commits on its own) cb runs now. Errors in cb are logged, never thrown to the caller:
 * the change has committed and the request must say so.
 */
export async function afterCommit(q: Queryable, cb: Callback): Promise<void> {
  if (!q.isTransaction) return runCallbacks([cb]);
  const callbacks = pending.get(q);
  // A transaction not opened by inTx has no commit hook: failing loudly beats an event sent before a rollback.
  if (!callbacks) throw new Error('afterCommit needs a transaction opened by inTx');
  callbacks.push(cb);
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
