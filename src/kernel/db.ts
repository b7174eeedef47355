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
export async function openPGlite(dataDir: string | undefined, options: { loadDataDir?: Blob } = {}): Promise<Database & { dumpDataDir(): Promise<Blob> }> {
  const pglite = await PGlite.create(dataDir, {
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
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
    /** A tarball of the data directory (tests: a migrated snapshot to start fresh databases from). */
    dumpDataDir: () => lock.run(() => pglite.dumpDataDir('none')),
  };
}

/** Runs fn in one transaction: the change, its audit event and its outbox mail commit or roll back together. */
export function inTx<T>(db: Kysely<DB>, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(fn);
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
