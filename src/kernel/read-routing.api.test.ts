import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type Nyckel } from '../app.js';
import { ensureFirstOperator } from '../auth/service.js';
import { loadConfig, type Config } from '../config.js';
import { findPgBin, PgServer } from '../../scripts/scale/postgres.js';
import { makeOrg } from '../../test/factories.js';
import { ApiClient } from '../../test/http-client.js';
import { OPERATOR, testDb } from '../../test/test-app.js';
import { openPostgres } from './db.js';
import { parseLsn } from './read-routing.js';

const TEST_TIMEOUT_MS = 180_000;
const HOOK_TIMEOUT_MS = 180_000;

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

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
  let nyckel: Nyckel;
  let url: string;

  beforeAll(async () => {
    primary = await PgServer.init(findPgBin()!);
    primary.start();
    replica = await primary.replica();
    replica.start();
    const config: Config = {
      ...loadConfig({}),
      databaseReadUrl: replica.url(),
      port: 0,
      host: '127.0.0.1',
      serveConsole: false,
      publicUrl: 'http://nyckel.test',
      devMailbox: true,
      adminEmail: OPERATOR.email,
      adminPassword: OPERATOR.password,
    };
    nyckel = await buildApp({ config, database: await openPostgres(primary.url(), 5), pollingIntervalSeconds: 0.5 });
    await ensureFirstOperator(nyckel.deps, OPERATOR.email, OPERATOR.password);
    await nyckel.app.listen({ port: 0, host: '127.0.0.1' });
    const address = nyckel.app.server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }, HOOK_TIMEOUT_MS);

  afterAll(async () => {
    await nyckel?.close();
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
