import { sql } from 'kysely';
import type { Queryable } from './db.js';

/** A column of a set-based insert: its name and PostgreSQL type (the array parameter is cast to `type[]`). */
export interface BulkColumn<R> {
  column: string;
  type: 'uuid' | 'text' | 'boolean' | 'int' | 'date' | 'timestamptz' | 'jsonb';
  value: (row: R) => string | number | boolean | Date | null;
}

const IDENT = /^[a-z_][a-z0-9_]*$/;

/**
 * Inserts many rows in one statement per 10,000 rows: `INSERT INTO t (c…) SELECT * FROM unnest($1::type[], …)`, one
 * array parameter per column, so the statement's size does not grow with the rows (no 65,535-parameter limit, little
 * to parse). Used where thousands of rows go in at once (the conversion's apply). Table and column names are
 * identifiers from code, never input.
 */
export async function bulkInsert<R>(db: Queryable, table: string, columns: BulkColumn<R>[], rows: readonly R[]): Promise<void> {
  if (!IDENT.test(table) || !columns.every((c) => IDENT.test(c.column))) throw new Error(`bulkInsert: bad identifier in ${table}`);
  for (let i = 0; i < rows.length; i += 10_000) {
    const chunk = rows.slice(i, i + 10_000);
    const arrays = columns.map((c) => sql`${chunk.map((r) => c.value(r))}::${sql.raw(c.type)}[]`);
    await sql`INSERT INTO ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c.column)))}) SELECT * FROM unnest(${sql.join(arrays)})`.execute(db);
  }
}
