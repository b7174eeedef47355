import { z } from 'zod';
import { AppError } from './errors.js';

export const LimitQuery = z.coerce.number().int().min(1).max(500).default(50);
export const CursorQuery = z.string().max(2000).optional();

/** Page of SPEC §4: every list answers {items, total, nextCursor}. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), nextCursor: z.string().nullable() });
}

/** Keyset cursor: the sort key values of the last row of the page, opaque to clients. */
export function encodeCursor(values: readonly (string | number | null)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, length: number): (string | number | null)[] | null {
  if (!cursor) return null;
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(values) && values.length === length && values.every((v) => v === null || ['string', 'number'].includes(typeof v))) return values;
  } catch { /* fall through */ }
  throw new AppError('validation_failed', { errors: [{ path: 'query.cursor', message: 'Invalid cursor' }] });
}
