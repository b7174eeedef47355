import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { todayOf } from './effective.js';

describe('todayOf (R-L1: the day a check is asked about)', () => {
  it('is the UTC date of the moment, whatever order the moments come in (it remembers the last day asked)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.date({ min: new Date('1971-01-01T00:00:00Z'), max: new Date('2100-01-01T00:00:00Z'), noInvalidDate: true }), {
          minLength: 1,
          maxLength: 50,
        }),
        (dates) => {
          for (const d of dates) expect(todayOf(d)).toBe(d.toISOString().slice(0, 10));
        },
      ),
    );
  });

  it('changes exactly at midnight UTC', () => {
    expect(todayOf(new Date('2026-12-02T23:59:59.999Z'))).toBe('2026-12-02');
    expect(todayOf(new Date('2026-12-03T00:00:00.000Z'))).toBe('2026-12-03');
    expect(todayOf(new Date('2026-12-02T23:59:59.999Z'))).toBe('2026-12-02');
  });
});
