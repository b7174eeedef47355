import { defineConfig } from 'vitest/config';

// Projects: pure units once; data-layer and API tests once per database; browser tests when Chromium is there.
// scripts/test.mjs sets NYCKEL_TEST_PG_URL (a throw-away PostgreSQL cluster) and NYCKEL_TEST_E2E.
const apiInclude = ['src/**/*.api.test.ts', 'test/**/*.api.test.ts'];
const projects: any[] = [
  { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts'], exclude: apiInclude } },
  { extends: true, test: { name: 'api-pglite', include: apiInclude, env: { NYCKEL_TEST_DB: 'pglite' } } },
];
if (process.env.NYCKEL_TEST_PG_URL) {
  projects.push({ extends: true, test: { name: 'api-postgres', include: apiInclude, env: { NYCKEL_TEST_DB: 'postgres' } } });
}
// Browser tests run axe-core on every screen they visit (e2e/support.ts): on a shared 2-core machine that doubles a
// spec's time, so tests and hooks get 180 s.
if (process.env.NYCKEL_TEST_E2E === '1') {
  projects.push({ extends: true, test: { name: 'e2e', include: ['e2e/**/*.spec.ts'], testTimeout: 180_000, hookTimeout: 180_000 } });
}

export default defineConfig({
  test: {
    projects,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
