// `npm run bench -- signin` (issue 12 §3, SPEC §5 "sign-in: argon2id at 19 MiB/t=2/p=1, concurrent hashing capped at
// the core count, throttling before hashing"): argon2id sign-ins per second over HTTP on PostgreSQL while a second
// client checks that the server stays responsive (GET /api/v1/health and GET /me, p95 during the storm beside the same
// probes on a quiet server), what a throttled sign-in costs (answered before hashing), and GET /me cold — the first
// request after a restart of the server process — beside warm. The server runs in a child process (`node
// dist/server.js`), so the load generator and the probe are outside its event loop.
import os from 'node:os';
import { hashPassword, ARGON2_OPTIONS } from '../src/auth/passwords.js';
import { getCatalogue } from '../src/catalogue/service.js';
import { newId } from '../src/kernel/crypto.js';
import { openPostgres } from '../src/kernel/db.js';
import { migrate } from '../src/kernel/migrate.js';
import { Session } from './app.js';
import { startServerChild, type ServerChild } from './server-child.js';
import { SECTIONS } from './results-file.js';
import { markdownTable, median, ms, percentile, round } from './stats.js';
import { insertBenchEmployee, insertBenchOrg } from './seed.js';

export interface SigninOptions {
  /** Seconds of each phase (quiet probes, then the storm). */
  seconds: number;
  /** Concurrent sign-in loops during the storm. */
  concurrency: number;
  /** Accounts the storm signs in, round robin. */
  accounts: number;
  /** Server restarts for the cold GET /me. */
  restarts: number;
}

const PASSWORD = 'bench-signin-password-1';
const load1 = () => round(os.loadavg()[0], 2);
const sleep = (msec: number) => new Promise((r) => setTimeout(r, msec));

interface Probe {
  health: number[];
  me: number[];
  errors: number;
}

/** A probe: GET /health then GET /me (a session lookup in the database), in turn, with 20 ms between requests. */
async function probe(url: string, session: Session, until: () => boolean): Promise<Probe> {
  const out: Probe = { health: [], me: [], errors: 0 };
  while (!until()) {
    for (const [list, path, headers] of [
      [out.health, '/api/v1/health', {}],
      [out.me, '/api/v1/me', { cookie: session.cookie }],
    ] as const) {
      const t0 = performance.now();
      const r = await fetch(url + path, { headers }).catch(() => null);
      await r?.arrayBuffer();
      list.push(performance.now() - t0);
      if (r?.status !== 200) out.errors++;
      await sleep(20);
    }
  }
  return out;
}

const summary = (xs: number[]) => ({ n: xs.length, p50: round(percentile(xs, 50)), p95: round(percentile(xs, 95)), max: round(Math.max(...xs)) });

export async function runSigninBench(databaseUrl: string, o: SigninOptions, log: (s: string) => void) {
  // --- data: one organisation, `accounts` members with the same password (one hash: every verify costs the same).
  const database = await openPostgres(databaseUrl, 4);
  await migrate(database);
  const db = database.db;
  const orgId = newId();
  await insertBenchOrg(db, { id: orgId, name: 'Sign-in Bench Oy', businessPrefix: 'SB', module: 'crm', seats: o.accounts + 10 });
  const hash = await hashPassword(PASSWORD);
  const catalogue = await getCatalogue(db);
  const emails: string[] = [];
  for (let i = 0; i < o.accounts + 1; i++) {
    const { email } = await insertBenchEmployee(db, catalogue, {
      org: { id: orgId, name: 'Sign-in Bench Oy' },
      email: (accountId) => `signin-${i}-${accountId.slice(0, 8)}@bench.nyckel`,
      firstName: 'Sign',
      lastName: `In ${i}`,
      module: 'crm',
      passwordHash: hash,
    });
    emails.push(email);
  }
  const throttled = emails.pop()!;
  log(`  signin: ${o.accounts} accounts with argon2id m=${ARGON2_OPTIONS.memoryCost} KiB t=${ARGON2_OPTIONS.timeCost} p=${ARGON2_OPTIONS.parallelism}`);

  let server: ServerChild = await startServerChild(databaseUrl);
  try {
    const prober = new Session(server.url);
    await prober.login(emails[0], PASSWORD);

    // --- quiet: the probes alone.
    const loadQuietStart = load1();
    let end = performance.now() + o.seconds * 1000;
    const quiet = await probe(server.url, prober, () => performance.now() > end);
    const loadQuiet = load1();
    log(
      `  quiet server: /health p95 ${ms(percentile(quiet.health, 95))} ms, /me p95 ${ms(percentile(quiet.me, 95))} ms (load average ${loadQuietStart} → ${loadQuiet})`,
    );

    // --- the storm: `concurrency` loops signing in, the probes beside them.
    const signins: number[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    const stormStart = performance.now();
    end = stormStart + o.seconds * 1000;
    const loadStormStart = load1();
    const [storm] = await Promise.all([
      probe(server.url, prober, () => performance.now() > end),
      ...Array.from({ length: o.concurrency }, async () => {
        while (performance.now() < end) {
          const email = emails[next++ % emails.length];
          const t0 = performance.now();
          const r = await fetch(`${server.url}/api/v1/auth/login`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email, password: PASSWORD }),
          }).catch(() => null);
          await r?.arrayBuffer();
          signins.push(performance.now() - t0);
          statuses.set(r?.status ?? 0, (statuses.get(r?.status ?? 0) ?? 0) + 1);
        }
      }),
    ]);
    const stormS = (performance.now() - stormStart) / 1000;
    const loadStorm = load1();
    const ok = statuses.get(200) ?? 0;
    log(
      `  storm: ${ok} sign-ins in ${stormS.toFixed(1)} s = ${(ok / stormS).toFixed(1)}/s (${o.concurrency} concurrent; p50 ${ms(percentile(signins, 50))} ms, p95 ${ms(percentile(signins, 95))} ms; answers ${JSON.stringify(Object.fromEntries(statuses))}); meanwhile /health p95 ${ms(percentile(storm.health, 95))} ms, /me p95 ${ms(percentile(storm.me, 95))} ms (load average ${loadStormStart} → ${loadStorm})`,
    );

    // --- throttling before hashing: 5 wrong passwords (each hashed: 401), then the locked pair answers 429 unhashed.
    const wrong: number[] = [];
    const locked: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      const r = await fetch(`${server.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: throttled, password: 'wrong-password-123' }),
      });
      await r.arrayBuffer();
      (r.status === 429 ? locked : wrong).push(performance.now() - t0);
    }
    const loadThrottle = load1();
    log(`  throttling: ${wrong.length} wrong passwords (401) median ${ms(median(wrong))} ms; ${locked.length} locked (429) median ${ms(median(locked))} ms`);

    // --- GET /me cold (first request after a restart of the server process) beside warm.
    const cold: { startMs: number; firstMs: number; secondMs: number; warmP50: number; load: number }[] = [];
    for (let i = 0; i < o.restarts; i++) {
      await server.stop();
      server = await startServerChild(databaseUrl);
      // The same session (sessions are rows): the new process has seen no request yet.
      const again = new Session(server.url);
      again.cookie = prober.cookie;
      const first = await again.timedGet('/api/v1/me');
      const second = await again.timedGet('/api/v1/me');
      const warm: number[] = [];
      for (let j = 0; j < 50; j++) warm.push((await again.timedGet('/api/v1/me')).ms);
      cold.push({
        startMs: round(server.startMs, 0),
        firstMs: round(first.ms),
        secondMs: round(second.ms),
        warmP50: round(percentile(warm, 50)),
        load: load1(),
      });
      log(
        `  restart ${i + 1}: up in ${Math.round(server.startMs)} ms; GET /me first ${ms(first.ms)} ms, second ${ms(second.ms)} ms, then p50 ${ms(percentile(warm, 50))} ms (load average ${load1()})`,
      );
    }
    return {
      accounts: o.accounts,
      concurrency: o.concurrency,
      seconds: o.seconds,
      cores: os.availableParallelism(),
      argon2: ARGON2_OPTIONS,
      signinsPerS: round(ok / stormS, 1),
      statuses: Object.fromEntries(statuses),
      signin: summary(signins),
      quiet: { health: summary(quiet.health), me: summary(quiet.me), errors: quiet.errors, load: [loadQuietStart, loadQuiet] },
      storm: { health: summary(storm.health), me: summary(storm.me), errors: storm.errors, load: [loadStormStart, loadStorm] },
      throttling: {
        wrongMedianMs: round(median(wrong)),
        wrong: wrong.length,
        lockedMedianMs: round(median(locked)),
        locked: locked.length,
        load: loadThrottle,
      },
      cold,
    };
  } finally {
    await server.stop();
    await database.close();
  }
}

export type SigninResults = Awaited<ReturnType<typeof runSigninBench>>;

/** The section of bench/RESULTS.md (between SECTIONS.signin's markers). */
export function signinMarkdown(r: SigninResults, server: string, date: string): string {
  const l = (x: number[]) => `${x[0]} → ${x[1]}`;
  const coldMedian = (k: 'startMs' | 'firstMs' | 'secondMs' | 'warmP50') => round(median(r.cold.map((c) => c[k])));
  return [
    SECTIONS.signin.begin,
    '## Sign-in throughput, responsiveness under a sign-in storm, and GET /me cold (issue 12 §3)',
    '',
    `Written by \`npm run bench -- signin\` on ${date}. Machine: ${r.cores} cores, Node ${process.version}. PostgreSQL: ${server}. The server runs as in production (\`node dist/server.js\`, NODE_ENV=production) in a child process; the sign-in loops and the probe run in the bench process. argon2id m=${r.argon2.memoryCost} KiB, t=${r.argon2.timeCost}, p=${r.argon2.parallelism} (@node-rs/argon2, asynchronous: it hashes on libuv's thread pool, off the event loop; at most ${r.cores} at once, src/auth/passwords.ts). **1-minute load average beside every figure** — the machine is shared with other sessions: re-run on a quiet machine before quoting.`,
    '',
    markdownTable(
      ['figure', 'measured', 'load average (1 min)'],
      [
        [
          `sign-ins/s over HTTP (${r.concurrency} concurrent loops × ${r.seconds} s, ${r.accounts} accounts, all 200)`,
          `${r.signinsPerS}/s (answers ${Object.entries(r.statuses)
            .map(([s, n]) => `${n}× ${s}`)
            .join(', ')}; p50 ${r.signin.p50} ms, p95 ${r.signin.p95} ms)`,
          l(r.storm.load),
        ],
        [
          `GET /api/v1/health p95, quiet server (${r.quiet.health.n} probes)`,
          `${r.quiet.health.p95} ms (p50 ${r.quiet.health.p50}, max ${r.quiet.health.max})`,
          l(r.quiet.load),
        ],
        [
          `GET /api/v1/health p95 during the storm (${r.storm.health.n} probes)`,
          `${r.storm.health.p95} ms (p50 ${r.storm.health.p50}, max ${r.storm.health.max})`,
          l(r.storm.load),
        ],
        [`GET /api/v1/me p95, quiet server (${r.quiet.me.n} probes)`, `${r.quiet.me.p95} ms (p50 ${r.quiet.me.p50}, max ${r.quiet.me.max})`, l(r.quiet.load)],
        [
          `GET /api/v1/me p95 during the storm (${r.storm.me.n} probes)`,
          `${r.storm.me.p95} ms (p50 ${r.storm.me.p50}, max ${r.storm.me.max})`,
          l(r.storm.load),
        ],
        [
          'throttling before hashing: wrong password (hashed, 401) vs locked pair (429, not hashed), median',
          `${r.throttling.wrongMedianMs} ms (${r.throttling.wrong}) vs ${r.throttling.lockedMedianMs} ms (${r.throttling.locked})`,
          String(r.throttling.load),
        ],
        [
          `GET /me cold: first request after a restart of the server process (median of ${r.cold.length} restarts)`,
          `${coldMedian('firstMs')} ms (second ${coldMedian('secondMs')} ms; warm p50 ${coldMedian('warmP50')} ms; process up in ${coldMedian('startMs')} ms)`,
          r.cold.map((c) => c.load).join(' / '),
        ],
      ],
    ),
    '',
    `Probe errors: quiet ${r.quiet.errors}, storm ${r.storm.errors}. No bar in SPEC §5 gives a sign-in rate: argon2id at these settings costs tens of milliseconds of CPU per sign-in, so the rate is about cores ÷ that cost; what the bar asks is that hashing never blocks the event loop (the probes above) and that a throttled sign-in is refused before hashing (the 429 row). Cold rows: ${r.cold.map((c) => `first ${c.firstMs} ms, second ${c.secondMs} ms, up in ${c.startMs} ms (load ${c.load})`).join('; ')}.`,
    SECTIONS.signin.end,
  ].join('\n');
}
