import { loadConfig } from './config.js';
import { isDatabaseUnavailable } from './kernel/db.js';
import { AppError } from './kernel/errors.js';
import { openDatabase } from './kernel/open-database.js';

/** Starts Nyckel: opens the database, migrates, loads demo data when asked, listens. */
async function main() {
  // NYCKEL_START_TRACE=1: how long each start-up step took (docs/operations.md, "Start-up time").
  const t0 = performance.now();
  const trace = (step: string) => {
    if (process.env.NYCKEL_START_TRACE === '1')
      console.log(`[start] ${step} at ${Math.round(performance.now() - t0)} ms (process ${Math.round(performance.now())} ms)`);
  };
  trace('start');
  const config = loadConfig();
  // The database opens first (issue 12 §4): PGlite compiles its WebAssembly and reads its files on other threads, and a
  // new data directory is copied from the template by the thread pool, while the rest of the server's modules load.
  const opening = openDatabase(config);
  opening.catch(() => undefined); // awaited below, after the imports
  const [{ buildApp }, { ensureFirstOperator }, { loadDemoData }] = await Promise.all([
    import('./app.js'),
    import('./auth/service.js'),
    import('./demo/seed.js'),
  ]);
  trace('modules loaded');
  let database;
  try {
    database = await opening;
  } catch (err) {
    if (err instanceof AppError) {
      console.error(`nyckel: ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  trace('database open');
  // The job workers start once the server listens: their first polls need not come before the first answer.
  const nyckel = await buildApp({ config, database, logger: process.env.NYCKEL_LOG === '1', deferWork: true });
  trace('app built (migrations, jobs, routes)');
  await ensureFirstOperator(nyckel.deps, config.adminEmail, config.adminPassword);
  const demo = config.demo ? await loadDemoData(nyckel.deps) : null;
  trace('demo data');
  await nyckel.app.listen({ port: config.port, host: config.host });
  trace('listening');
  await nyckel.startWork();
  trace('job workers started');

  console.log(`Nyckel ${database.kind === 'pglite' ? `on the embedded database in ${config.dataDir}` : 'on PostgreSQL'}`);
  console.log(
    `  listening on ${config.host}:${config.port}${config.host === '127.0.0.1' ? ' (this machine only; set HOST=0.0.0.0 to listen on every interface)' : ''}`,
  );
  console.log(`  console: ${config.publicUrl}/        API: ${config.publicUrl}/api/v1   docs: ${config.publicUrl}/api/docs`);
  if (config.devMailbox) console.log(`  no SMTP configured: mail stays in the outbox; operators read it at ${config.publicUrl}/mail`);
  if (demo) {
    console.log(`  demo data ${demo.created ? 'loaded' : 'already present'}; sign in as:`);
    for (const s of demo.signIns) console.log(`    ${s.role.padEnd(24)} ${s.email.padEnd(34)} ${s.password}`);
  }

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await nyckel.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

// Background work (pg-boss's own bookkeeping, timers) that fails because the database is away must not end the process:
// it recovers by itself when the database is back (docs/operations.md, "Database outages"). Anything else still does.
process.on('unhandledRejection', (reason) => {
  if (isDatabaseUnavailable(reason)) {
    console.error('[db] background work failed, database unavailable:', reason instanceof Error ? reason.message : reason);
    return;
  }
  console.error(reason);
  process.exit(1);
});

/** Settles once the server listens (dist/server.js then writes its code cache, scripts/server-loader.mjs). */
export const started: Promise<void> = main().catch((err) => {
  console.error(err);
  process.exit(1);
});
