import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPgBin, PgServer } from '../../scripts/scale/postgres.js';
import { makeOrg } from '../../test/factories.js';
import { ApiClient } from '../../test/http-client.js';
import { listenTestApp, OPERATOR, testDb, type TestApp } from '../../test/test-app.js';
import { waitFor } from '../../test/worker-process.js';
import { openPostgres } from './db.js';

// Explicit: the vitest projects do not inherit the root timeouts.
const TEST_TIMEOUT_MS = 180_000;
const HOOK_TIMEOUT_MS = 120_000;

/** Polls `probe` until it answers; a request failing meanwhile (the database restarting) counts as not yet. */
const until = <T>(what: string, probe: () => Promise<T | undefined>) => waitFor(what, () => probe().catch(() => undefined), 30_000);

/**
 * SPEC §5 Reliability (issue 12, "REL-1"): PostgreSQL stopped under a running node and started again. Its own
 * throw-away server (the shared test server must stay up for the other files), so on the PostgreSQL project only.
 */
describe.skipIf(testDb !== 'postgres' || !findPgBin())('REL-1 the database goes away and comes back', () => {
  let pg: PgServer;
  let app: TestApp;
  let url: string;

  beforeAll(async () => {
    pg = await PgServer.init(findPgBin()!);
    pg.start();
    app = await listenTestApp(await openPostgres(pg.url(), 5, { connectTimeoutMs: 2_000 }));
    url = app.url;
  }, HOOK_TIMEOUT_MS);

  afterAll(async () => {
    if (!pg.running()) pg.start();
    await app?.close();
    pg?.remove();
  }, HOOK_TIMEOUT_MS);

  it(
    'REL-1 R-G1 while PostgreSQL is down sign-in and an organisation-scoped read answer 503 database_unavailable with Retry-After, health names the database, and both work again after its restart without restarting Nyckel',
    async () => {
      const operator = new ApiClient(url);
      await operator.login(OPERATOR.email, OPERATOR.password);
      const org = await makeOrg(operator);
      const listPath = `/api/v1/orgs/${org.id}/users`;
      expect((await operator.get(listPath)).status).toBe(200);
      const healthy = await operator.get('/api/v1/health');
      expect(healthy.status).toBe(200);
      expect(healthy.body).toMatchObject({ status: 'ok', database: 'up', databaseKind: 'postgres', events: 'up' });

      pg.stop('fast');

      const signIn = await new ApiClient(url).post('/api/v1/auth/login', { email: OPERATOR.email, password: OPERATOR.password });
      expect(signIn.status).toBe(503);
      expect(signIn.body.code).toBe('database_unavailable');
      expect(Number(signIn.headers.get('retry-after'))).toBeGreaterThan(0);
      const read = await operator.get(listPath);
      expect(read.status).toBe(503);
      expect(read.body.code).toBe('database_unavailable');
      expect(Number(read.headers.get('retry-after'))).toBeGreaterThan(0);
      // Health shares one answer for 0.5 s between concurrent checks: the one before the stop may still be served.
      const down = await until('health to say the database is down', async () => {
        const h = await new ApiClient(url).get('/api/v1/health');
        return h.status === 503 ? h : undefined;
      });
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ status: 503, code: 'database_unavailable', database: 'down' });
      expect(Number(down.headers.get('retry-after'))).toBeGreaterThan(0);
      // The job workers and the listening connection keep failing their polls for a while: the process stays up.
      await new Promise((r) => setTimeout(r, 3_000));
      const write = await operator.post('/api/v1/orgs', { name: 'Down', kind: 'client', country: 'FI', businessId: '0000000-0' });
      expect([503, 400]).toContain(write.status);
      expect(write.status).not.toBe(500);

      pg.start();

      const back = await until('health 200 with events up', async () => {
        const h = await new ApiClient(url).get('/api/v1/health');
        return h.status === 200 && h.body.events === 'up' ? h : undefined;
      });
      expect(back.body).toMatchObject({ status: 'ok', database: 'up' });
      // The session made before the outage still works, and a new sign-in does.
      expect((await operator.get(listPath)).status).toBe(200);
      const again = new ApiClient(url);
      await again.login(OPERATOR.email, OPERATOR.password);
      expect((await again.get(listPath)).status).toBe(200);
    },
    TEST_TIMEOUT_MS,
  );
});
