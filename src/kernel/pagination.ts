import { sql, type Expression, type SelectQueryBuilder } from 'kysely';
import { z } from 'zod';
import type { DB } from './db-types.js';
import { AppError } from './errors.js';

// Decimal digits only (z.coerce.number would also read "0x10" or "1e2").
export const LimitQuery = z
  .string()
  .regex(/^\d{1,4}$/, 'A whole number from 1 to 500')
  .transform(Number)
  .pipe(z.number().int().min(1).max(500))
  .default(50)
  // The document says what is enforced: a whole number 1–500 (a query string's digits), not "any 1–4 digits".
  .meta({ type: 'integer', minimum: 1, maximum: 500, default: 50, pattern: undefined, description: 'Page size, 1–500 (default 50).' });
export const CursorQuery = z.string().max(2000).optional().meta({ description: 'The `nextCursor` of the previous page (opaque).' });

/** Page of SPEC §4: every list answers {items, total, nextCursor}. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), nextCursor: z.string().nullable() });
}

/** Keyset cursor: the sort key values of the last row of the page, opaque to clients. */
export function encodeCursor(values: readonly (string | number | null)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** What each position of a cursor holds: a sort value (text or an ISO time) and the row id. */
export type CursorPart = 'text' | 'time' | 'uuid' | 'count' | 'flag';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const validPart: Record<CursorPart, (v: unknown) => boolean> = {
  text: (v) => typeof v === 'string' && v.length <= 1000 && !v.includes('\u0000'),
  time: (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v)),
  uuid: (v) => typeof v === 'string' && UUID.test(v),
  count: (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0,
  flag: (v) => v === 0 || v === 1,
};

/** Decodes and checks a cursor; anything forged or stale is 400 validation_failed on querystring.cursor. */
export function decodeCursor(cursor: string | undefined, parts: CursorPart[]): (string | number)[] | null {
  if (!cursor) return null;
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === parts.length && values.every((v, i) => validPart[parts[i]](v))) return values;
  } catch {
    /* fall through */
  }
  throw new AppError('validation_failed', { errors: [{ path: 'querystring.cursor', code: 'invalid_cursor', message: 'Invalid cursor' }] });
}

/** A free-text parameter: PostgreSQL text cannot hold NUL, so it is refused here rather than deep in a query. */
export const SafeText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((s) => !s.includes('\u0000'), { message: 'Contains a NUL character', params: { code: 'invalid_character' } });

/**
 * Text that must say something: trimmed, then at least one character. The document states it as a pattern (a
 * character other than white space), so a client knows "   " is refused like "".
 */
export const RequiredText = (max: number) => z.string().trim().min(1).max(max).meta({ pattern: '\\S' });

/** A LIKE pattern's literal text: `\\`, `%` and `_` match themselves (backslash is PostgreSQL's default LIKE escape). */
export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);
/** LIKE pattern: starts with `s`. */
export const likePrefix = (s: string) => `${escapeLike(s)}%`;
/** LIKE pattern: contains `s`. */
export const likeContains = (s: string) => `%${escapeLike(s)}%`;

/** The order of a keyset list (SPEC §4): one sort column, then `id` to break ties, both in one direction. */
export interface Keyset {
  /** The sort column; its index ends in (column, id), so a page is one index range scan. */
  column: string;
  /** How a cursor holds the column's value: text, or a timestamp as ISO text. */
  kind: 'text' | 'time';
  order: 'asc' | 'desc';
}

/** Where a page starts: the sort value and id of the last row of the page before. */
export type Position = [value: string, id: string];

/** Decodes a cursor of [sort value, id, ...carried] (the user list carries its total); refuses like decodeCursor. */
export function decodePosition(cursor: string | undefined, key: Keyset, carried: CursorPart[] = []) {
  const values = decodeCursor(cursor, [key.kind, 'uuid', ...carried]);
  return values && { after: [String(values[0]), String(values[1])] as Position, carried: values.slice(2) };
}

/** A row's position in the keyset: its sort value (a time as ISO text) and its id. */
export function positionOf(row: { id: string }, key: Keyset): Position {
  const value = (row as Record<string, unknown>)[key.column];
  return [value instanceof Date ? value.toISOString() : String(value ?? ''), row.id];
}

/** The keyset predicate: rows after `after` in the key's order, one row comparison that the (column, id) index answers. */
export function afterPosition(key: Keyset, after: Position, by: Expression<unknown> = sql.ref(key.column)) {
  const value = key.kind === 'time' ? new Date(after[0]) : after[0];
  return sql<boolean>`(${by}, id) ${sql.raw(key.order === 'asc' ? '>' : '<')} (${value}, ${after[1]})`;
}

/** ORDER BY `by` (the sort column unless given), then id, both in the key's order. */
function keysetOrder(key: Keyset, by: Expression<unknown>) {
  const dir = sql.raw(key.order);
  return [sql`${by} ${dir}`, sql`id ${dir}`] as const;
}

/**
 * The rows of a keyset page: after `after` (from the start when null) in the key's order. `by` replaces the sort
 * column in ORDER BY only (the user list's free-text plan). The caller sets the limit: limit + 1 for keysetPage.
 */
export function keysetQuery<Q extends SelectQueryBuilder<DB, any, any>>(
  qb: Q,
  key: Keyset,
  after: Position | null,
  by: Expression<unknown> = sql.ref(key.column),
  /** The keyset predicate on `by` too (the user list's matches plan: no range of the sort index for the planner). */
  byInPredicate = false,
): Q {
  const [first, then] = keysetOrder(key, by);
  return qb
    .$if(after !== null, (b) => b.where(afterPosition(key, after!, byInPredicate ? by : undefined)))
    .orderBy(first)
    .orderBy(then) as Q;
}

/** A SPEC §4 page of the type pageOf describes. */
export interface Page<T> {
  items: T[];
  total: number;
  nextCursor: string | null;
}

/**
 * Assembles a page from up to limit + 1 rows: the extra row only tells that more follow; nextCursor is the
 * position of the last row shown, then `carry` (values later pages take from the cursor instead of the database).
 */
export async function keysetPage<R extends { id: string }, T>(
  rows: R[],
  o: {
    limit: number;
    key: Keyset;
    total: number;
    carry?: (string | number)[];
    items: (page: R[]) => T[] | Promise<T[]>;
  },
): Promise<Page<T>> {
  const page = rows.slice(0, o.limit);
  const last = page[page.length - 1];
  return {
    items: await o.items(page),
    total: o.total,
    nextCursor: rows.length > o.limit && last ? encodeCursor([...positionOf(last, o.key), ...(o.carry ?? [])]) : null,
  };
}

/** The number of rows a list's filtered query matches (its `total`). */
export async function countRows(qb: SelectQueryBuilder<DB, any, object>) {
  const r = await qb.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}
