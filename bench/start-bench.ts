// `npm run bench -- start` (issue 12 §4, "fast start"): `npm start` from the spawn of the process to the first 200 of
// GET /api/v1/health, on a NEW data directory (the embedded database, with demo data) and again on the same, now
// EXISTING, one; median of --start-rounds rounds (3). After each first answer, cold and in this order: the console's
// page (GET / and the script it loads) and a demo administrator's sign-in followed by GET /api/v1/me — the first
// such requests the new process serves. The build (`node scripts/start.mjs --build`) runs once before: a start after a
// change of the sources also builds, which is not what these bars are about.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SECTIONS } from './results-file.js';
import { markdownTable, median, ms, round } from './stats.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The bars of issue 12 §4, from the process start to the first answer. */
export const START_BARS = { newMs: 8_000, existingMs: 2_000 };
const load1 = () => round(os.loadavg()[0], 2);
const sleep = (msec: number) => new Promise((r) => setTimeout(r, msec));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

interface StartRun {
  /** Spawn of `npm start` → first 200 of GET /api/v1/health. */
  firstAnswerMs: number;
  /** GET / (the console's index.html), then the script it loads, to the last byte. */
  consoleMs: number;
  /** POST /api/v1/auth/login of a demo administrator (argon2id verification included). */
  signinMs: number;
  /** The first GET /api/v1/me of the process after that sign-in. */
  meMs: number;
  load: number;
}

async function timed(url: string, init?: RequestInit): Promise<{ ms: number; res: Response; text: string }> {
  const t0 = performance.now();
  const res = await fetch(url, init);
  const text = await res.text();
  return { ms: performance.now() - t0, res, text };
}

/** One `npm start` on dataDir: the time to the first answer, then the cold console page and sign-in + /me. */
async function startOnce(dataDir: string): Promise<StartRun> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let stdout = '';
  const started = performance.now();
  const child: ChildProcess = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), NYCKEL_DATA_DIR: dataDir, DATABASE_URL: '', NYCKEL_DEMO: '1', NYCKEL_START_TRACE: '' },
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
  });
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  try {
    let firstAnswerMs = 0;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
      const ok = await fetch(`${base}/api/v1/health`)
        .then(async (r) => (await r.arrayBuffer(), r.status === 200))
        .catch(() => false);
      if (ok) {
        firstAnswerMs = performance.now() - started;
        break;
      }
      if (performance.now() - started > 180_000) throw new Error('no answer within 180 s');
      await sleep(10);
    }
    const load = load1();
    // The console: its page, then the script the page loads (both read from console/dist on this first request).
    const page = await timed(`${base}/`);
    if (page.res.status !== 200) throw new Error(`GET /: ${page.res.status}`);
    const script = page.text.match(/<script[^>]+src="([^"]+)"/)?.[1];
    const asset = script ? await timed(new URL(script, `${base}/`).href) : { ms: 0 };
    // A demo administrator (the sign-ins the server printed once listening).
    while (!/sign in as:/.test(stdout) && child.exitCode === null) await sleep(10);
    const [, email, password] = stdout.match(/agency administrator\s+(\S+)\s+(\S+)/) ?? [];
    if (!email) throw new Error(`no demo sign-in in the server's output:\n${stdout}`);
    const login = await timed(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    if (login.res.status !== 200) throw new Error(`sign-in: ${login.res.status} ${login.text.slice(0, 200)}`);
    const cookie = (login.res.headers.get('set-cookie') ?? '').split(';')[0];
    const me = await timed(`${base}/api/v1/me`, { headers: { cookie } });
    if (me.res.status !== 200) throw new Error(`GET /me: ${me.res.status} ${me.text.slice(0, 200)}`);
    return { firstAnswerMs, consoleMs: page.ms + asset.ms, signinMs: login.ms, meMs: me.ms, load };
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
    if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
  }
}

export async function runStartBench(options: { rounds: number }, log: (s: string) => void) {
  log('start: building once (node scripts/start.mjs --build)');
  execFileSync('node', ['scripts/start.mjs', '--build'], { cwd: ROOT, stdio: 'ignore', env: { ...process.env, DATABASE_URL: '' } });
  const fresh: StartRun[] = [];
  const existing: StartRun[] = [];
  for (let i = 0; i < options.rounds; i++) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nyckel-start-bench-'));
    try {
      fresh.push(await startOnce(dir));
      log(`start: round ${i + 1}: new data directory ${ms(fresh.at(-1)!.firstAnswerMs)} ms (load ${fresh.at(-1)!.load})`);
      existing.push(await startOnce(dir));
      log(`start: round ${i + 1}: existing data directory ${ms(existing.at(-1)!.firstAnswerMs)} ms (load ${existing.at(-1)!.load})`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return { rounds: options.rounds, cores: os.cpus().length, fresh, existing };
}

export type StartResults = Awaited<ReturnType<typeof runStartBench>>;

const med = (runs: StartRun[], k: keyof StartRun) => median(runs.map((r) => r[k]));

/** The section of bench/RESULTS.md (between SECTIONS.start's markers). */
export function startMarkdown(r: StartResults, date: string): string {
  const loads = (runs: StartRun[]) => runs.map((x) => x.load).join(', ');
  const each = (runs: StartRun[]) => runs.map((x) => ms(x.firstAnswerMs)).join(', ');
  const verdict = (runs: StartRun[], bar: number) => (med(runs, 'firstAnswerMs') <= bar ? 'met' : 'NOT met');
  return [
    SECTIONS.start.begin,
    '## Fast start (issue 12 §4)',
    '',
    `Written by \`npm run bench -- start\` on ${date}. Machine: ${r.cores} cores, Node ${process.version}. \`npm start\` (the production start: the compiled bundle, scripts/start.mjs) on the embedded database (PGlite) with demo data, timed from the spawn of \`npm start\` to the first 200 of GET /api/v1/health; median of ${r.rounds} rounds, each on a new data directory and then again on the same, now existing, one. Built once before the rounds; the first start after a build also writes the code cache (scripts/server-loader.mjs). Then, cold (the first such requests of that process): the console's page and its script, a demo administrator's sign-in and GET /api/v1/me. **1-minute load average beside every figure** (at the first answer) — the machine is shared with other sessions: re-run on a quiet machine before quoting.`,
    '',
    markdownTable(
      ['bar', 'median', 'each round (ms)', 'limit', 'verdict', 'load average (1 min), each round'],
      [
        [
          'new data directory (with demo data) → first answer',
          `${ms(med(r.fresh, 'firstAnswerMs'))} ms`,
          each(r.fresh),
          `≤ ${START_BARS.newMs} ms`,
          verdict(r.fresh, START_BARS.newMs),
          loads(r.fresh),
        ],
        [
          'existing data directory → first answer',
          `${ms(med(r.existing, 'firstAnswerMs'))} ms`,
          each(r.existing),
          `≤ ${START_BARS.existingMs} ms`,
          verdict(r.existing, START_BARS.existingMs),
          loads(r.existing),
        ],
      ],
    ),
    '',
    markdownTable(
      ['first requests after the first answer (cold), median', 'new data directory', 'existing data directory', 'load average (1 min), each round'],
      [
        [
          'console: GET / and its script',
          `${ms(med(r.fresh, 'consoleMs'))} ms`,
          `${ms(med(r.existing, 'consoleMs'))} ms`,
          `${loads(r.fresh)} / ${loads(r.existing)}`,
        ],
        [
          'sign-in (POST /api/v1/auth/login, argon2id)',
          `${ms(med(r.fresh, 'signinMs'))} ms`,
          `${ms(med(r.existing, 'signinMs'))} ms`,
          `${loads(r.fresh)} / ${loads(r.existing)}`,
        ],
        [
          'GET /api/v1/me, the first after sign-in',
          `${ms(med(r.fresh, 'meMs'))} ms`,
          `${ms(med(r.existing, 'meMs'))} ms`,
          `${loads(r.fresh)} / ${loads(r.existing)}`,
        ],
      ],
    ),
    SECTIONS.start.end,
  ].join('\n');
}
