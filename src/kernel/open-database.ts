import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { lockDataDir } from './data-dir-lock.js';
import { openPGlite, openPostgres, type Database } from './db.js';
import { copyPgliteTemplate } from './pglite-template.js';

/** Opens the configured database: PostgreSQL via DATABASE_URL, else PGlite in NYCKEL_DATA_DIR (locked). */
export async function openDatabase(config: Config): Promise<Database> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl, config.dbPoolSize, { acquireTimeoutMs: config.dbAcquireTimeoutMs });
  const unlock = lockDataDir(config.dataDir);
  try {
    const dir = path.join(config.dataDir, 'pglite');
    // A new data directory starts as a copy of the migrated template `npm start` made at build time, when there is one.
    if (!existsSync(dir)) await copyPgliteTemplate(dir);
    const database = await openPGlite(dir, { sharedBuffers: config.pgliteSharedBuffers });
    return {
      ...database,
      close: async () => {
        await database.close();
        unlock();
      },
    };
  } catch (err) {
    unlock();
    throw err;
  }
}
