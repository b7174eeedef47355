#!/usr/bin/env node
// `npm start`: the production start. Builds the console when its sources changed (scripts/build-console.mjs) and the
// server when a file under src/ is newer than dist/ (esbuild: the server and its dependencies bundled into one file,
// ~2 s; scripts/server-loader.mjs runs it with V8's code cache), then runs the compiled JavaScript in this process — no TypeScript loader at run time. The checks are
// cheap (file times, and the migrations' hash for the database template), so an unchanged checkout starts at once.
// NYCKEL_START_BUILD=0 skips them (an image built beforehand); `--build` builds and exits.
import { copyFileSync, existsSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = path.join(root, 'src');
const dist = path.join(root, 'dist');
const stamp = path.join(dist, '.built');

/**
 * Packages left outside the bundle: PGlite finds its WebAssembly and data by its own URL, argon2 loads a native
 * binary; the others are optional or not used by the server.
 */
const EXTERNAL = ['@electric-sql/pglite', '@node-rs/argon2', 'pg-native', 'openapi-typescript'];

/** Newest modification time under dir of the files that make the server (a deleted file changes its folder's time). */
function newestSource(dir) {
  let newest = statSync(dir).mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * A module's own URL as it would be unbundled (dist/<path>.js): src/ computes paths from import.meta.url (the
 * migrations, the console, its texts); every output file lies directly in dist/, so the relative URL is right.
 * `base` is the expression of the output file's own URL.
 */
const ownUrl = (base) => ({
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async (args) => {
      const rel = path.relative(src, args.path).split(path.sep).join('/').replace(/\.ts$/, '.js');
      const text = await readFile(args.path, 'utf8');
      return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(`./${rel}`)}, ${base}).href`), loader: 'ts' };
    });
  },
});

/**
 * A bundled CommonJS package that finds files beside its code (`__dirname`, `__filename`: the OpenAPI plugin its
 * package.json, the reference page its assets) finds them where they are: under node_modules/, relative to dist/.
 */
const ownDirname = {
  name: 'own-dirname',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/].*\.c?js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!/\b__(dirname|filename)\b/.test(text)) return undefined;
      const rel = (p) => JSON.stringify(path.relative(dist, p).split(path.sep).join('/'));
      return {
        contents: text
          .replace(/(?<![.\w$])__dirname\b/g, `require('node:path').join(__dirname, ${rel(path.dirname(args.path))})`)
          .replace(/(?<![.\w$])__filename\b/g, `require('node:path').join(__dirname, ${rel(args.path)})`),
        loader: 'js',
      };
    });
  },
};

async function buildServer() {
  const started = Date.now();
  const { build } = await import('esbuild');
  // A clean dist/ (nothing of an earlier build left behind, no code cache of an earlier bundle), keeping the database
  // template: it depends on the migrations and PGlite only, and making it again costs more than the whole build.
  for (const entry of existsSync(dist) ? readdirSync(dist) : []) {
    if (!/^pglite-template-/.test(entry)) rmSync(path.join(dist, entry), { recursive: true, force: true });
  }
  const common = { bundle: true, platform: 'node', target: 'node20', external: EXTERNAL, sourcemap: true, logLevel: 'warning' };
  // The server: one CommonJS file (modules it imports with import() are inlined and run on first use), so that
  // dist/server.js can run it with V8's code cache (scripts/server-loader.mjs).
  await build({
    ...common,
    entryPoints: [path.join(src, 'server.ts')],
    outfile: path.join(dist, 'nyckel.cjs'),
    format: 'cjs',
    // Whitespace and syntax only: a smaller file to read and a smaller code cache, names kept for stack traces.
    minifyWhitespace: true,
    minifySyntax: true,
    plugins: [ownUrl('__nyckelUrl'), ownDirname],
    banner: { js: "const __nyckelUrl = require('node:url').pathToFileURL(__filename);" },
  });
  copyFileSync(path.join(root, 'scripts/server-loader.mjs'), path.join(dist, 'server.js'));
  // The template's name and maker for the check below: a small module, the database code in a chunk it imports only
  // when it makes the template.
  await build({
    ...common,
    entryPoints: { 'pglite-template': path.join(src, 'kernel/pglite-template.ts') },
    outdir: dist,
    format: 'esm',
    splitting: true,
    chunkNames: 'template-[name]-[hash]',
    plugins: [ownUrl('import.meta.url')],
    banner: { js: "import { createRequire as __nyckelRequire } from 'node:module'; const require = __nyckelRequire(import.meta.url);" },
  });
  writeFileSync(stamp, new Date().toISOString());
  console.log(`server: built dist/ in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

if (process.env.NYCKEL_START_BUILD !== '0') {
  await import('./build-console.mjs');
  const builtAt = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
  // The bundle holds the dependencies too: an npm install (its lock files) or a change of how it is built rebuilds it.
  const inputs = ['scripts/start.mjs', 'scripts/server-loader.mjs', 'package-lock.json', 'node_modules/.package-lock.json'].map((f) => path.join(root, f));
  const newest = Math.max(newestSource(src), ...inputs.map((f) => (existsSync(f) ? statSync(f).mtimeMs : 0)));
  if (builtAt === 0 || newest > builtAt) await buildServer();
  if (!process.env.DATABASE_URL) {
    const started = Date.now();
    const { ensurePgliteTemplate } = await import(pathToFileURL(path.join(dist, 'pglite-template.js')).href);
    if (await ensurePgliteTemplate()) console.log(`server: made the template of new data directories in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  }
}
// `node scripts/start.mjs --build`: only the build (CI, images, the scale harness).
if (process.argv.includes('--build')) process.exit(0);
process.env.NYCKEL_DEMO ??= '1';
await import(pathToFileURL(path.join(dist, 'server.js')).href);
