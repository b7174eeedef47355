// @ts-check
/**
 * `npm run mutation`: Stryker over the access core (src/access) and the seat rule (src/licenses/seats.ts), run by the
 * tests in vitest.mutation.config.ts on PGlite. Slow (each API test file boots a server per mutant): not part of `npm test`.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
const out = process.env.MUTATION_REPORT ?? 'reports/mutation';

export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  mutate: ['src/access/**/*.ts', '!src/access/**/*.test.ts', 'src/licenses/seats.ts'],
  coverageAnalysis: 'perTest',
  concurrency: Number(process.env.MUTATION_CONCURRENCY ?? 2),
  timeoutMS: 120_000,
  timeoutFactor: 2,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `${out}/index.html` },
  jsonReporter: { fileName: `${out}/mutation.json` },
  ignorePatterns: ['console', 'e2e', 'bench', 'docs', 'data', 'reports', '.test-results'],
  thresholds: { high: 95, low: 90, break: 90 },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
