import { describe, expect, it } from 'vitest';
import { addDeltas, seatDelta, seatModules } from '../licenses/seats.js';
import { takesSeats } from './effective.js';

/**
 * R-B1: the seat rule's type and status sets, every type × status written out (before, only a 15-run random property
 * test stood between a changed set and a wrong seat count). takesSeats (access/effective.ts) and seatModules
 * (licenses/seats.ts) must answer the same table.
 */
const SEAT_TABLE: [type: string, status: string, takes: boolean][] = [
  ['reseller', 'invited', true],
  ['reseller', 'active', true],
  ['reseller', 'inactive', false],
  ['reseller', 'expired', false],
  ['employee', 'invited', true],
  ['employee', 'active', true],
  ['employee', 'inactive', false],
  ['employee', 'expired', false],
  ['external', 'invited', true],
  ['external', 'active', true],
  ['external', 'inactive', false],
  ['external', 'expired', false],
  ['no_access', 'invited', false],
  ['no_access', 'active', false],
  ['no_access', 'inactive', false],
  ['no_access', 'expired', false],
  ['person', 'invited', false],
  ['person', 'active', false],
  ['person', 'inactive', false],
  ['person', 'expired', false],
];
const LICENSED = new Set(['accounting', 'payroll', 'crm']);

describe('R-B1 seat rule: every type × status', () => {
  it.each(SEAT_TABLE)('R-B1 %s %s takes seats: %s', (type, status, takes) => {
    expect(takesSeats({ type, status })).toBe(takes);
    // Licensed modules only, each once; unlicensed ones (bank, user-admin) never take a seat.
    const state = { type, status, effectiveModules: ['accounting', 'bank', 'payroll', 'user-admin', 'accounting'] };
    expect([...seatModules(state, LICENSED)].sort()).toEqual(takes ? ['accounting', 'payroll'] : []);
  });

  it('R-B1 an unknown type or status takes no seat', () => {
    expect(takesSeats({ type: 'operator', status: 'active' })).toBe(false);
    expect(takesSeats({ type: 'employee', status: 'deleted' })).toBe(false);
    expect(takesSeats({ type: '', status: '' })).toBe(false);
    expect([...seatModules({ type: '', status: 'active', effectiveModules: ['crm'] }, LICENSED)]).toEqual([]);
    expect([...seatModules({ type: 'employee', status: '', effectiveModules: ['crm'] }, LICENSED)]).toEqual([]);
  });

  it('R-B1 no membership occupies nothing', () => {
    expect([...seatModules(null, LICENSED)]).toEqual([]);
  });

  it.each(SEAT_TABLE)('R-B1 %s %s: becoming it from an active employee moves seats by the table (%s)', (type, status, takes) => {
    const before = { type: 'employee', status: 'active', effectiveModules: ['crm'] };
    const after = { type, status, effectiveModules: ['crm', 'payroll'] };
    expect(Object.fromEntries(seatDelta(before, after, LICENSED))).toEqual(takes ? { payroll: 1 } : { crm: -1 });
  });

  it('R-B1 seat deltas: added, removed, unchanged and unlicensed modules', () => {
    const before = { type: 'external', status: 'invited', effectiveModules: ['accounting', 'crm', 'bank'] };
    const after = { type: 'external', status: 'active', effectiveModules: ['crm', 'payroll', 'user-admin'] };
    expect(Object.fromEntries(seatDelta(before, after, LICENSED))).toEqual({ accounting: -1, payroll: 1 });
    expect(Object.fromEntries(seatDelta(null, after, LICENSED))).toEqual({ crm: 1, payroll: 1 });
    expect(Object.fromEntries(seatDelta(before, null, LICENSED))).toEqual({ accounting: -1, crm: -1 });
    expect(seatDelta(before, before, LICENSED).size).toBe(0);
  });
});

describe('R-B1 seat deltas of several memberships', () => {
  it('R-B1 addDeltas sums per module into the first map', () => {
    const into = new Map([
      ['crm', 1],
      ['payroll', -1],
    ]);
    const out = addDeltas(
      into,
      new Map([
        ['crm', 2],
        ['accounting', -1],
      ]),
    );
    expect(out).toBe(into);
    expect(Object.fromEntries(out)).toEqual({ crm: 3, payroll: -1, accounting: -1 });
  });
});
