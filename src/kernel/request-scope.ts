import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What one HTTP request has done so far, carried through its async work: the number of SQL statements it made.
 * The database handles count into it (kernel/db.ts); with NYCKEL_QUERY_COUNT=1 every answer carries the count in
 * `X-Nyckel-Queries`, so tests and the bench can hold requests to their query budget (issue 15: session + rights).
 */
interface RequestScope {
  queries: number;
}

const scope = new AsyncLocalStorage<RequestScope>();

/** Runs one request's handling inside a fresh scope. */
export const inRequestScope = <T>(fn: () => T): T => scope.run({ queries: 0 }, fn);

/** Counts one SQL statement against the current request, if any. */
export function noteQuery(): void {
  const s = scope.getStore();
  if (s) s.queries++;
}

/** Statements the current request has made so far (null outside a request). */
export const queriesSoFar = (): number | null => scope.getStore()?.queries ?? null;
