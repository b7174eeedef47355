import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Pure units before API files: a mutant a unit test kills (Stryker bails at the first failure) never boots a server. */
class UnitsFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]) {
    const api = (f: TestSpecification) => Number(f.moduleId.endsWith('.api.test.ts'));
    return [...files].sort((a, b) => api(a) - api(b) || a.moduleId.localeCompare(b.moduleId));
  }
}

// `npm run mutation` only (Stryker, stryker.config.mjs): the tests that make src/access and the seat rule a contract,
// on PGlite. Not a project of vitest.config.ts, so `npm test` never runs it. MUTATION_TESTS narrows the set (comma-separated).
const DEFAULT = ['src/access/**/*.test.ts', 'test/rights-matrix.api.test.ts'];
export default defineConfig({
  test: {
    include: process.env.MUTATION_TESTS ? process.env.MUTATION_TESTS.split(',') : DEFAULT,
    env: { NYCKEL_TEST_DB: 'pglite', NYCKEL_TEST_PGLITE_SNAPSHOT: '1' },
    sequence: { sequencer: UnitsFirst },
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
