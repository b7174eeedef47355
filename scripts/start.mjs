#!/usr/bin/env node
// `npm start`: the production start. Builds the console when its sources changed (scripts/build-console.mjs) and the
// server when a file under src/ is newer than dist/ (esbuild, one file per module, no bundling: ~1 s), then runs the
// compiled JavaScript in this process — no TypeScript loader at run time. NYCKEL_START_BUILD=0 skips both checks
// (an image built beforehand); `--build` builds and exits.
import { existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = path.join(root, 'src');
const dist = path.join(root, 'dist');
const stamp = path.join(dist, '.built');

function sourcesOf(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) sourcesOf(p, out);
    else if (/\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)) out.push(p);
  }
  return out;
}

if (process.env.NYCKEL_START_BUILD !== '0') {
  await import('./build-console.mjs');
  const files = sourcesOf(src);
  const builtAt = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  // A deleted source changes its folder's mtime: compare folders too.
  const changed = builtAt === 0 || files.some((f) => statSync(f).mtimeMs > builtAt) || statSync(src).mtimeMs > builtAt;
  if (changed) {
    const started = Date.now();
    const { build } = await import('esbuild');
    // A clean dist/ (no module of a deleted source left behind), keeping the database template: it depends on the
    // migrations only, and making it again costs more than the whole build.
    for (const entry of existsSync(dist) ? readdirSync(dist) : []) {
      if (!/^pglite-template-.*\.tar$/.test(entry)) rmSync(path.join(dist, entry), { recursive: true, force: true });
    }
    await build({ entryPoints: files, outdir: dist, outbase: src, format: 'esm', platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' });
    writeFileSync(stamp, new Date().toISOString());
    console.log(`server: built dist/ in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  }
  if (!process.env.DATABASE_URL) {
    const started = Date.now();
    const { ensurePgliteTemplate } = await import(pathToFileURL(path.join(dist, 'kernel/pglite-template.js')).href);
    if (await ensurePgliteTemplate()) console.log(`server: made the template of new data directories in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  }
}
// `node scripts/start.mjs --build`: only the build (CI, images, the scale harness).
if (process.argv.includes('--build')) process.exit(0);
process.env.NYCKEL_DEMO ??= '1';
await import(pathToFileURL(path.join(dist, 'server.js')).href);
