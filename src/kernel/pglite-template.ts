import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPGlite } from './db.js';
import { migrate } from './migrate.js';

/**
 * Fast start on a new data directory (issue 12 §4): `npm start` keeps a migrated, empty embedded database as a tarball
 * beside the compiled server (dist/pglite-template-<hash of the migrations>.tar), made once per build. A new data
 * directory starts from it instead of running initdb and every migration (~20 s on a loaded 2-core machine).
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MIGRATIONS = path.join(ROOT, 'migrations');

async function templateFile(): Promise<string> {
  const hash = createHash('sha256');
  for (const f of (await readdir(MIGRATIONS)).sort()) hash.update(f).update(await readFile(path.join(MIGRATIONS, f)));
  return path.join(ROOT, 'dist', `pglite-template-${hash.digest('hex').slice(0, 16)}.tar`);
}

/** The template of the current migrations, if made. */
export async function pgliteTemplate(): Promise<Blob | undefined> {
  const file = await templateFile();
  return existsSync(file) ? new Blob([await readFile(file)]) : undefined;
}

/** Makes the template when the migrations changed (start.mjs, at build time). */
export async function ensurePgliteTemplate(): Promise<boolean> {
  const file = await templateFile();
  if (existsSync(file)) return false;
  const database = await openPGlite(undefined);
  await migrate(database);
  const dump = await database.dumpDataDir();
  await database.close();
  const part = `${file}.${process.pid}`;
  await writeFile(part, Buffer.from(await dump.arrayBuffer()));
  await rename(part, file);
  return true;
}
