#!/usr/bin/env node
// `npm test`: type-checks, then runs every test project with vitest — units, the data-layer/API tests on PGlite
// AND on a real PostgreSQL server (DATABASE_URL, or a throw-away cluster started here from the machine's
// PostgreSQL binaries), and the browser tests in Chromium. Ends with a plain "N passed, N failed" line.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, chownSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const only = (name) => args.length === 0 || args.includes(name);
const log = (s) => console.log(`[test] ${s}`);

function findPgBin() {
  const fromPath = spawnSync('sh', ['-c', 'command -v pg_ctl'], { encoding: 'utf8' }).stdout.trim();
  if (fromPath) return path.dirname(fromPath);
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) if (existsSync(`${base}/${v}/bin/pg_ctl`)) return `${base}/${v}/bin`;
  return null;
}

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** Starts a throw-away cluster as a non-root user (initdb refuses root). Returns {url, stop}. */
async function startThrowawayPostgres(bin) {
  const dir = mkdtempSync(path.join(tmpdir(), 'nyckel-pg-'));
  const data = path.join(dir, 'data');
  const port = await freePort();
  let runAs = [];
  if (process.getuid && process.getuid() === 0) {
    const user = spawnSync('id', ['-u', 'postgres']).status === 0 ? 'postgres' : 'nobody';
    const uid = Number(execFileSync('id', ['-u', user], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', user], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
    runAs = ['runuser', '-u', user, '--'];
  }
  const run = (cmd, cmdArgs) => {
    const full = [...runAs, path.join(bin, cmd), ...cmdArgs];
    const r = spawnSync(full[0], full.slice(1), { encoding: 'utf8', cwd: dir });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
  };
  // A UTF-8 locale, as production databases have: lower() must fold Å, Ä, Ö, Ø and Æ for case-insensitive search.
  run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
  run('pg_ctl', [
    '-D',
    data,
    '-l',
    path.join(dir, 'log'),
    '-w',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`,
    'start',
  ]);
  const version = spawnSync(path.join(bin, 'postgres'), ['--version'], { encoding: 'utf8' }).stdout.trim();
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    version,
    stop: () => {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', 'stop']);
      } catch {
        /* already down */
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
let pgServer = null;
const env = { ...process.env };
const databases = ['PGlite (embedded)'];

try {
  if (only('typecheck')) {
    log('type-checking server and console');
    execFileSync('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit'], { stdio: 'inherit', cwd: root });
    if (existsSync(path.join(root, 'console/tsconfig.json')))
      execFileSync('npx', ['tsc', '-p', 'console/tsconfig.json', '--noEmit'], { stdio: 'inherit', cwd: root });
    // House tools: the formatter (Biome, check only: `npm run format` writes) and the linter (ESLint: no capability
    // imports another's queries.ts). A finding fails the run like a type error.
    log('checking formatting (biome) and lint (eslint)');
    execFileSync('npx', ['biome', 'format', '.'], { stdio: 'inherit', cwd: root });
    execFileSync('npx', ['eslint', '.', '--max-warnings', '0'], { stdio: 'inherit', cwd: root });
  }

  if (process.env.DATABASE_URL) {
    env.NYCKEL_TEST_PG_URL = process.env.DATABASE_URL;
    databases.push('PostgreSQL (DATABASE_URL)');
  } else {
    const bin = findPgBin();
    if (bin) {
      pgServer = await startThrowawayPostgres(bin);
      env.NYCKEL_TEST_PG_URL = pgServer.url;
      databases.push(`${pgServer.version} (throw-away cluster)`);
    } else {
      log('no PostgreSQL binaries and no DATABASE_URL: the PostgreSQL project is skipped');
    }
  }
  delete env.DATABASE_URL;

  if (chromium && existsSync(path.join(root, 'e2e'))) {
    env.NYCKEL_TEST_E2E = '1';
    env.NYCKEL_CHROMIUM = chromium;
    log('building the console for the browser tests');
    execFileSync('node', ['scripts/build-console.mjs'], { stdio: 'inherit', cwd: root });
  } else {
    log('no Chromium (/usr/bin/chromium): browser tests skipped');
  }

  log(`databases: ${databases.join(' + ')}`);
  mkdirSync(path.join(root, '.test-results'), { recursive: true });
  const resultFile = path.join(root, '.test-results/vitest.json');
  rmSync(resultFile, { force: true });
  const vitestArgs = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${resultFile}`, ...args.filter((a) => a !== 'typecheck')];
  const code = await new Promise((resolve) => {
    const child = spawn('npx', vitestArgs, { stdio: 'inherit', cwd: root, env });
    child.on('exit', (c) => resolve(c ?? 1));
  });

  let passed = 0,
    failed = 0,
    skipped = 0;
  const perProject = {};
  if (existsSync(resultFile)) {
    const r = JSON.parse(readFileSync(resultFile, 'utf8'));
    passed = r.numPassedTests;
    failed = r.numFailedTests;
    skipped = r.numPendingTests + (r.numTodoTests ?? 0);
    for (const file of r.testResults) {
      for (const t of file.assertionResults) {
        const project = file.name.includes('/e2e/') ? 'e2e' : /\.api\.test\.ts$/.test(file.name) ? 'api' : 'unit';
        perProject[project] ??= { passed: 0, failed: 0 };
        if (t.status === 'passed') perProject[project].passed++;
        if (t.status === 'failed') perProject[project].failed++;
      }
    }
  }
  log(`databases run: ${databases.join(' + ')}`);
  for (const [p, c] of Object.entries(perProject)) log(`${p}: ${c.passed} passed, ${c.failed} failed`);
  if (code !== 0 && failed === 0) failed = 1; // vitest failed outside a test (e.g. a suite error)
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exitCode = failed > 0 || code !== 0 ? 1 : 0;
} finally {
  pgServer?.stop();
}
