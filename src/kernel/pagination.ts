import { z } from 'zod';
import { AppError } from './errors.js';

// Decimal digits only (z.coerce.number would also read "0x10" or "1e2").
export const LimitQuery = z.string().regex(/^\d{1,4}$/, 'A whole number from 1 to 500').transform(Number).pipe(z.number().int().min(1).max(500)).default(50);
export const CursorQuery = z.string().max(2000).optional();

/** Page of SPEC §4: every list answers {items, total, nextCursor}. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), nextCursor: z.string().nullable() });
}

/** Keyset cursor: the sort key values of the last row of the page, opaque to clients. */
export function encodeCursor(values: readonly (string | number | null)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** What each position of a cursor holds: a sort value (text or an ISO time) and the row id. */
export type CursorPart = 'text' | 'time' | 'uuid' | 'count';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const validPart: Record<CursorPart, (v: unknown) => boolean> = {
  text: (v) => typeof v === 'string' && v.length <= 1000 && !v.includes('\u0000'),
  time: (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v)),
  uuid: (v) => typeof v === 'string' && UUID.test(v),
  count: (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0,
};

/** Decodes and checks a cursor; anything forged or stale is 400 validation_failed on querystring.cursor. */
export function decodeCursor(cursor: string | undefined, parts: CursorPart[]): (string | number)[] | null {
  if (!cursor) return null;
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === parts.length && values.every((v, i) => validPart[parts[i]](v))) return values;
  } catch { /* fall through */ }
  throw new AppError('validation_failed', { errors: [{ path: 'querystring.cursor', code: 'invalid_cursor', message: 'Invalid cursor' }] });
}

/** A free-text parameter: PostgreSQL text cannot hold NUL, so it is refused here rather than deep in a query. */
export const SafeText = (max: number) => z.string().trim().max(max).refine((s) => !s.includes('\u0000'), { message: 'Contains a NUL character', params: { code: 'invalid_character' } });
