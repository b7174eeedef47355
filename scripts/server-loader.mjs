// dist/server.js (copied there by scripts/start.mjs): runs the bundled server, dist/nyckel.cjs, with V8's code cache.
// Compiling the bundle's ~8 MB of JavaScript is most of what loading it costs; the cache (written beside it after the
// first start that found none, once the server listens) holds the compiled code, so later starts skip that. The
// cache's name carries the bundle's time and size, and V8 refuses a cache of another Node version: a rebuilt bundle or
// another Node never runs stale code, it compiles afresh and writes a new cache. A read-only dist/ only loses the gain.
import { readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const file = fileURLToPath(new URL('./nyckel.cjs', import.meta.url));
const dir = path.dirname(file);
const { mtimeMs, size } = statSync(file);
const cacheFile = `${file}.${Math.round(mtimeMs)}-${size}.cache`;
let cachedData;
try {
  cachedData = readFileSync(cacheFile);
} catch {
  cachedData = undefined;
}
const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), {
  filename: file,
  cachedData,
  importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
});
const bundle = { exports: {} };
script.runInThisContext()(bundle.exports, createRequire(file), bundle, file, dir);

if (!cachedData || script.cachedDataRejected) {
  bundle.exports.started?.then(
    () => {
      try {
        const part = `${cacheFile}.${process.pid}`;
        writeFileSync(part, script.createCachedData());
        renameSync(part, cacheFile);
        for (const f of readdirSync(dir)) {
          if (f.startsWith('nyckel.cjs.') && f.endsWith('.cache') && path.join(dir, f) !== cacheFile) unlinkSync(path.join(dir, f));
        }
      } catch {
        // No cache this time (a read-only dist/, a full disk): the next start compiles, as without one.
      }
    },
    () => undefined,
  );
}
