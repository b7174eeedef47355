import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cp, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Fast start on a new data directory (issue 12 §4): `npm start` keeps a migrated, empty embedded database beside the
 * compiled server (dist/pglite-template-<hash of the migrations and the PGlite version>/, a closed PGlite data
 * directory), made once per change of either. A new data directory starts as a copy of it (the files are copied by the
 * thread pool while the server's modules load) instead of running initdb and every migration (~20 s on a loaded
 * 2-core machine). This module imports nothing heavy: `npm start` asks it for the template's name on every start.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const MIGRATIONS = path.join(ROOT, 'migrations');
const DIST = path.join(ROOT, 'dist');

/** dist/pglite-template-<hash>: the template of the current migrations on the installed PGlite. */
export function pgliteTemplateDir(): string {
  const hash = createHash('sha256');
  hash.update(JSON.parse(readFileSync(path.join(ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8')).version);
  for (const f of readdirSync(MIGRATIONS).sort()) hash.update(f).update(readFileSync(path.join(MIGRATIONS, f)));
  return path.join(DIST, `pglite-template-${hash.digest('hex').slice(0, 16)}`);
}

/**
 * Makes `dir` (a PGlite data directory that does not exist yet) a copy of the template when there is one; false when
 * there is none (PGlite then runs initdb and the migrations run). The copy is made beside `dir` and renamed into
 * place, so a start interrupted while copying leaves no half database behind.
 */
export async function copyPgliteTemplate(dir: string): Promise<boolean> {
  const template = pgliteTemplateDir();
  if (!existsSync(path.join(template, 'PG_VERSION'))) return false;
  const part = `${dir}.part-${process.pid}`;
  await rm(part, { recursive: true, force: true });
  await cp(template, part, { recursive: true });
  await rename(part, dir);
  return true;
}

/** Makes the template when the migrations or PGlite changed (start.mjs, at build time); true when it made one. */
export async function ensurePgliteTemplate(): Promise<boolean> {
  const template = pgliteTemplateDir();
  if (existsSync(path.join(template, 'PG_VERSION'))) return false;
  const [{ openPGlite }, { migrate }] = await Promise.all([import('./db.js'), import('./migrate.js')]);
  const part = `${template}.part-${process.pid}`;
  await rm(part, { recursive: true, force: true });
  const database = await openPGlite(part);
  await migrate(database);
  await database.close();
  // Templates of earlier migrations (and the tarballs of earlier versions) are of no further use.
  for (const old of readdirSync(DIST)) {
    if (/^pglite-template-/.test(old) && path.join(DIST, old) !== part) await rm(path.join(DIST, old), { recursive: true, force: true });
  }
  await rename(part, template);
  return true;
}
