import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPgBin, PgServer } from '../../scripts/scale/postgres.js';
import { makeOrg } from '../../test/factories.js';
import { ApiClient } from '../../test/http-client.js';
import { listenTestApp, OPERATOR, testDb, type TestApp } from '../../test/test-app.js';
import { waitFor } from '../../test/worker-process.js';
import { openPostgres } from './db.js';
import { parseLsn } from './read-routing.js';

const TEST_TIMEOUT_MS = 180_000;
const HOOK_TIMEOUT_MS = 180_000;

/** Polls `probe` until it answers; a request failing meanwhile counts as not yet. */
const until = <T>(what: string, probe: () => Promise<T | undefined>) => waitFor(what, () => probe().catch(() => undefined), 30_000);

async function onReplica(server: PgServer, statement: string) {
  const c = new pg.Client({ connectionString: server.url() });
  await c.connect();
  try {
    return await c.query(statement);
  } finally {
    await c.end();
  }
}

describe('WAL positions', () => {
  it('parses PostgreSQL LSNs in order', () => {
    expect(parseLsn('0/16B3748')).toBe(0x16b3748n);
    expect(parseLsn('1/0')! > parseLsn('0/FFFFFFFF')!).toBe(true);
    expect(parseLsn('nonsense')).toBeNull();
    expect(parseLsn(undefined)).toBeNull();
  });
});

/** Issue 12, read routing ("REL-2"): a primary and a streaming replica of its own; PostgreSQL project only. */
describe.skipIf(testDb !== 'postgres' || !findPgBin())('REL-2 lag-tolerant reads on a streaming replica', () => {
  let primary: PgServer;
  let replica: PgServer;
  let app: TestApp;
  let url: string;

  beforeAll(async () => {
    primary = await PgServer.init(findPgBin()!);
    primary.start();
    replica = await primary.replica();
    replica.start();
    app = await listenTestApp(await openPostgres(primary.url(), 5), { databaseReadUrl: replica.url() });
    url = app.url;
  }, HOOK_TIMEOUT_MS);

  afterAll(async () => {
    await app?.close();
    replica?.remove();
    primary?.remove();
  }, HOOK_TIMEOUT_MS);

  it(
    'REL-2 R-C1 the user list reads from the replica, a caller reads its own writes while the replica lags (LSN), and with the replica down reads go to the primary without an error',
    async () => {
      const writer = new ApiClient(url);
      await writer.login(OPERATOR.email, OPERATOR.password);
      const reader = new ApiClient(url);
      await reader.login(OPERATOR.email, OPERATOR.password);
      const org = await makeOrg(writer);
      const list = `/api/v1/orgs/${org.id}/users?limit=500`;
      // The replica catches up with the new organisation; then it stops replaying (it lags for as long as we like).
      await until('the replica to have the organisation', async () => ((await reader.get(list)).status === 200 ? true : undefined));
      await onReplica(replica, 'select pg_wal_replay_pause()');

      const added = await writer.post(`/api/v1/orgs/${org.id}/users`, {
        type: 'employee',
        email: `lag-${Date.now()}@test.nyckel`,
        firstName: 'Lag',
        lastName: 'Test',
      });
      expect(added.status).toBe(201);
      // The writer sees its own write (its LSN is past the replica's: routed to the primary) …
      const own = await writer.get(list);
      expect(own.status).toBe(200);
      expect(own.body.items.map((u: { id: string }) => u.id)).toContain(added.body.id);
      // … another session, which wrote nothing, reads the lagging replica: proof that routed reads go there.
      const other = await reader.get(list);
      expect(other.status).toBe(200);
      expect(other.body.items.map((u: { id: string }) => u.id)).not.toContain(added.body.id);
      expect((await reader.get('/api/v1/health')).body).toMatchObject({ status: 'ok', replica: 'up' });

      replica.stop('immediate');
      // With the replica down every read goes to the primary: no error, and the reader now sees the change.
      const fallback = await reader.get(list);
      expect(fallback.status).toBe(200);
      expect(fallback.body.items.map((u: { id: string }) => u.id)).toContain(added.body.id);
      const audit = await reader.get(`/api/v1/orgs/${org.id}/audit`);
      expect(audit.status).toBe(200);
      const health = await until('health to say the replica is down', async () => {
        const h = await reader.get('/api/v1/health');
        return h.body.replica === 'down' ? h : undefined;
      });
      expect(health.status).toBe(200);
      expect(health.body).toMatchObject({ status: 'ok', database: 'up', replica: 'down' });

      // The replica comes back (still paused: it replays again on start): reads return to it once it has caught up.
      replica.start();
      await until('health to say the replica is up', async () => ((await reader.get('/api/v1/health')).body.replica === 'up' ? true : undefined));
      const back = await reader.get(list);
      expect(back.status).toBe(200);
    },
    TEST_TIMEOUT_MS,
  );
});
