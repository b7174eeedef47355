import { takesSeats } from '../access/effective.js';

/** R-B1: which licensed modules a membership occupies a seat of (whether it takes seats at all: access/effective.ts). */

export interface SeatState {
  type: string;
  status: string;
  effectiveModules: Iterable<string>;
}

/**
 * A membership occupies one seat of licensed module M exactly when its type is employee, external or reseller,
 * its status is invited or active, and M is among its effective modules. A set: never two seats of one module.
 */
export function seatModules(state: SeatState | null, licensed: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  if (!state || !takesSeats(state)) return out;
  for (const m of state.effectiveModules) if (licensed.has(m)) out.add(m);
  return out;
}

/** Seats per module a change takes (+1) or frees (−1) for one membership. */
export function seatDelta(before: SeatState | null, after: SeatState | null, licensed: ReadonlySet<string>): Map<string, number> {
  const b = seatModules(before, licensed);
  const a = seatModules(after, licensed);
  const delta = new Map<string, number>();
  for (const m of a) if (!b.has(m)) delta.set(m, 1);
  for (const m of b) if (!a.has(m)) delta.set(m, -1);
  return delta;
}

/** Adds deltas of several memberships (bulk operations, conversion). */
export function addDeltas(into: Map<string, number>, more: Map<string, number>): Map<string, number> {
  for (const [m, d] of more) into.set(m, (into.get(m) ?? 0) + d);
  return into;
}
