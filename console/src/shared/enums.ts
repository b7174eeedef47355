/**
 * The server's value lists (src/kernel/enums.ts, from which its zod schemas are built), so the console never
 * retypes a user type, country, scope or sort key. That file imports nothing, so the bundle takes only the lists.
 */
export * from '../../../src/kernel/enums';

/** One of a value list's members. */
export type OneOf<T extends readonly string[]> = T[number];

/** `value` when it is one of `values`, else undefined (for values read from the URL or storage). */
export function oneOf<T extends string>(values: readonly T[], value: unknown): T | undefined {
  return typeof value === 'string' && (values as readonly string[]).includes(value) ? (value as T) : undefined;
}
