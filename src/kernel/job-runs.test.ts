import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { nextBatchLimit } from './job-runs.js';

const BATCH_TARGET_MS = 400;

describe('R-H3 batch sizes follow their time, so progress moves about once a second', () => {
  it('R-H3 a batch slower than the target makes the next one smaller, at most halved; a quick one larger, at most doubled, up to the kind size', () => {
    expect(nextBatchLimit(40, 40, BATCH_TARGET_MS * 4, 40, BATCH_TARGET_MS)).toBe(20);
    expect(nextBatchLimit(40, 40, BATCH_TARGET_MS * 1.25, 40, BATCH_TARGET_MS)).toBe(32);
    expect(nextBatchLimit(10, 10, BATCH_TARGET_MS / 10, 40, BATCH_TARGET_MS)).toBe(20);
    expect(nextBatchLimit(30, 30, BATCH_TARGET_MS / 10, 40, BATCH_TARGET_MS)).toBe(40);
    expect(nextBatchLimit(1, 1, BATCH_TARGET_MS * 100, 40, BATCH_TARGET_MS)).toBe(1);
    // The run's last, short batch leaves the size alone.
    expect(nextBatchLimit(40, 3, BATCH_TARGET_MS * 10, 40, BATCH_TARGET_MS)).toBe(40);
  });

  it('R-H3 for any timing the size stays within 1…largest and moves by at most a factor of two', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5_000 }),
        fc.integer({ min: 1, max: 5_000 }),
        fc.double({ min: 0, max: 60_000, noNaN: true }),
        (limit, largest, ms) => {
          const l = Math.min(limit, largest);
          const next = nextBatchLimit(l, l, ms, largest, BATCH_TARGET_MS);
          expect(next).toBeGreaterThanOrEqual(1);
          expect(next).toBeLessThanOrEqual(largest);
          expect(next).toBeLessThanOrEqual(Math.max(1, Math.round(l * 2)));
          expect(next).toBeGreaterThanOrEqual(Math.max(1, Math.round(l / 2)));
        },
      ),
      { seed: 20261202 },
    );
  });
});
