// Builds the web console (console/ → console/dist) when it is missing or older than its sources,
// so `npm start` rebuilds only when needed. `--force` always builds.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('..', import.meta.url));
const consoleDir = join(repo, 'console');
const distMarker = join(consoleDir, 'dist', 'index.html');
const configFile = join(consoleDir, 'vite.config.ts');
const sources = [join(consoleDir, 'src'), join(consoleDir, 'index.html'), configFile];

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted file changes the folder's mtime
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

const force = process.argv.includes('--force');
const builtAt = existsSync(distMarker) ? statSync(distMarker).mtimeMs : 0;
const sourcesAt = Math.max(...sources.map(newestMtime));
const out = relative(process.cwd(), join(consoleDir, 'dist')) || '.';

if (!force && builtAt > sourcesAt) {
  console.log(`console: up to date (${out})`);
} else {
  const started = Date.now();
  const { build } = await import('vite');
  await build({ configFile, logLevel: 'warn' });
  console.log(`console: built ${out} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}
