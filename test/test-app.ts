import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { buildApp, type Nyckel } from '../src/app.js';
import { loadConfig, type Config } from '../src/config.js';
import { TestClock } from '../src/kernel/clock.js';
import { openPGlite, openPostgres, type Database } from '../src/kernel/db.js';
import { migrate } from '../src/kernel/migrate.js';
import { ApiClient } from './http-client.js';

export type TestDb = 'pglite' | 'postgres';
export const testDb: TestDb = process.env.NYCKEL_TEST_DB === 'postgres' ? 'postgres' : 'pglite';

/** A fresh, empty database for one test file: in-memory PGlite, or a new database on the test PostgreSQL server. */
export async function freshDatabase(kind: TestDb = testDb): Promise<{ database: Database; url?: string; drop(): Promise<void> }> {
  if (kind === 'pglite') {
    const snapshot = process.env.NYCKEL_TEST_PGLITE_SNAPSHOT === '1' ? await migratedSnapshot() : undefined;
    const database = await openPGlite(undefined, { loadDataDir: snapshot });
    return { database, drop: async () => {} };
  }
  const adminUrl = process.env.NYCKEL_TEST_PG_URL;
  if (!adminUrl) throw new Error('NYCKEL_TEST_PG_URL is not set');
  const name = `nyckel_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openPostgres(url.toString(), 20);
  return {
    database,
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/**
 * NYCKEL_TEST_PGLITE_SNAPSHOT=1 (the mutation run, which boots a server per test file per mutant): fresh PGlite
 * databases start from a migrated data directory kept in the temp directory, keyed by the migrations' text, instead
 * of running initdb and every migration each time (~4 s instead of ~30 s on a loaded machine).
 */
async function migratedSnapshot(): Promise<Blob> {
  const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../migrations');
  const hash = createHash('sha256');
  for (const f of (await readdir(dir)).sort()) hash.update(f).update(await readFile(path.join(dir, f)));
  const file = path.join(tmpdir(), `nyckel-pglite-${hash.digest('hex').slice(0, 16)}.tar`);
  try {
    return new Blob([await readFile(file)]);
  } catch {
    const database = await openPGlite(undefined);
    await migrate(database);
    const dump = await database.dumpDataDir();
    await database.close();
    const part = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    await writeFile(part, Buffer.from(await dump.arrayBuffer()));
    await rename(part, file);
    return dump;
  }
}

export interface TestApp {
  url: string;
  nyckel: Nyckel;
  clock: TestClock;
  config: Config;
  database: Database;
  /** The test database's URL on PostgreSQL (a second connection to it); undefined on PGlite. */
  databaseUrl?: string;
  client(): ApiClient;
  /** A signed-in operator client. */
  operator(): Promise<ApiClient>;
  close(): Promise<void>;
}

export const OPERATOR = { email: 'operator@test.nyckel', password: 'operator-password-1' };

/** Starts a real Nyckel server on a fresh database, listening on a random loopback port. */
export async function startTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const { database, drop, url } = await freshDatabase();
  return listenTestApp(database, overrides, { drop, databaseUrl: url });
}

/**
 * Starts a real Nyckel server on a database the test opened itself (its own PostgreSQL server, a replica setup…),
 * configured as every test server is; `close()` stops Nyckel (which closes the database) and then runs `own.drop`.
 */
export async function listenTestApp(
  database: Database,
  overrides: Partial<Config> = {},
  own: { drop(): Promise<void>; databaseUrl?: string } = { drop: async () => {} },
): Promise<TestApp> {
  const { drop, databaseUrl } = own;
  const config: Config = {
    ...loadConfig({}),
    port: 0,
    host: '127.0.0.1',
    serveConsole: false,
    publicUrl: 'http://nyckel.test',
    devMailbox: true,
    queryCountHeader: true,
    adminEmail: OPERATOR.email,
    adminPassword: OPERATOR.password,
    ...overrides,
  };
  const clock = new TestClock();
  const nyckel = await buildApp({ config, database, clock, pollingIntervalSeconds: 0.5 });
  const { ensureFirstOperator } = await import('../src/auth/service.js');
  await ensureFirstOperator(nyckel.deps, config.adminEmail, config.adminPassword);
  await nyckel.app.listen({ port: 0, host: '127.0.0.1' });
  const address = nyckel.app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return {
    url,
    nyckel,
    clock,
    config,
    database,
    databaseUrl,
    client: () => new ApiClient(url),
    async operator() {
      const c = new ApiClient(url);
      await c.login(OPERATOR.email, OPERATOR.password);
      return c;
    },
    async close() {
      await nyckel.close();
      await drop();
    },
  };
}
