/**
 * The server's value lists and their unions (src/kernel/enums.ts, from which its zod schemas are built), so the
 * console never retypes a user type, country, scope or sort key. That file imports nothing: the bundle takes only it.
 */
export * from '../../../src/kernel/enums';

/** `value` when it is one of `values`, else undefined (for values read from the URL or storage). */
export function oneOf<T extends string>(values: readonly T[], value: unknown): T | undefined {
  return typeof value === 'string' && (values as readonly string[]).includes(value) ? (value as T) : undefined;
}
