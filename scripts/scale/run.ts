/**
 * `npm run scale` (issue 12 §1): Nyckel on real parts, on loopback — a PostgreSQL primary and a streaming replica
 * (pg_basebackup -R), three Nyckel nodes (the production start: compiled JavaScript, NODE_ENV=production), HAProxy in
 * front with a health check on /api/v1/health, and an SMTP sink. Then it proves, with figures: sessions and CSRF
 * whichever node answers; sign-in throttling across nodes; each mail sent once by several nodes' workers; a bulk access
 * job finishing exactly once when the node running it is killed (kill -9); 200 simulated administrators for 60 s
 * through HAProxy with 0 errors and the seat invariant recounted after; reads going to the primary when the replica is
 * killed; every node answering 503 database_unavailable with Retry-After while the primary restarts, and recovering.
 * Exits non-zero when any proof fails. SCALE_LOAD_SECONDS / SCALE_ADMINS change the load (default 60 s, 200).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { generate } from 'otplib';
import { openPostgres, type Database } from '../../src/kernel/db.js';
import { countSeatsFromScratch } from '../../src/licenses/service.js';
import { seedAccessJobWorld } from '../../test/fixtures/access-job-world.js';
import { FakeSmtp } from '../../test/fixtures/fake-smtp.js';
import { makeAccount, makeMembership, makeOrg } from '../../test/factories.js';
import { ApiClient } from '../../test/http-client.js';
import type { TestApp } from '../../test/test-app.js';
import { findPgBin, freePort, PgServer } from './postgres.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const HAPROXY = ['/usr/sbin/haproxy', '/usr/local/sbin/haproxy'].find((p) => existsSync(p));
const LOAD_SECONDS = Number(process.env.SCALE_LOAD_SECONDS ?? 60);
const ADMINS = Number(process.env.SCALE_ADMINS ?? 200);
/** An administrator's pause between clicks. */
const THINK_MS = Number(process.env.SCALE_THINK_MS ?? 1000);
/** Requests HAProxy lets into one node at a time (the rest queue in HAProxy): under the node's pool of 10 connections. */
const NODE_MAXCONN = Number(process.env.SCALE_NODE_MAXCONN ?? 8);
const OPERATOR = { email: 'operator@scale.nyckel.test', password: 'scale-operator-password-1' };
const PASSWORD = 'scale-admin-password-1';

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const t0 = Date.now();
const say = (s: string) => console.log(`[scale ${((Date.now() - t0) / 1000).toFixed(0).padStart(4)} s] ${s}`);
const results: { name: string; ok: boolean; figures: string; load: string }[] = [];
function proof(name: string, ok: boolean, figures: string) {
  results.push({ name, ok, figures, load: load() });
  say(`${ok ? 'PASS' : 'FAIL'} ${name}: ${figures} (load average ${load()})`);
}
/** What each proof is called in the summary, also when it throws before it can report. */
const PROOFS: Record<number, string> = {
  1: 'sessions and CSRF whichever node answers',
  2: 'sign-in throttling holds across nodes',
  3: 'three nodes deliver each mail once',
  4: 'a bulk access job continues when the node running it is killed',
  5: `${ADMINS} administrators for ${LOAD_SECONDS} s through HAProxy`,
  6: 'replica killed: reads go to the primary without an error',
  7: 'primary restarted: 503 database_unavailable with Retry-After on every node, then recovery',
};
/** SCALE_ONLY=5 or 1,5 runs only those proofs (while working on one); the summary says so. */
const ONLY = process.env.SCALE_ONLY ? new Set(process.env.SCALE_ONLY.split(',').map(Number)) : null;
/** An error with its causes (fetch failed → other side closed → …). */
function describe(err: unknown): string {
  const parts: string[] = [];
  for (let e: any = err; e && parts.length < 5; e = e.cause)
    parts.push(e instanceof Error ? `${e.message}${'code' in e ? ` (${String(e.code)})` : ''}` : String(e));
  return parts.join(' ← ');
}
/** Runs proof n; a proof that throws fails with the error, and the next proofs still run. */
async function attempt(n: number, fn: () => Promise<void>) {
  if (ONLY && !ONLY.has(n)) return;
  const before = results.length;
  try {
    await fn();
  } catch (err) {
    if (results.length === before) proof(PROOFS[n], false, `stopped: ${describe(err)}`);
  }
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until<T>(what: string, fn: () => Promise<T | undefined | false>, ms = 60_000, every = 200): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(every);
  }
}
const p95 = (xs: number[]) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)];
};

interface Node {
  name: string;
  port: number;
  url: string;
  proc: ChildProcess | null;
  /** Killed on purpose by a proof. */
  killed?: boolean;
}

const children: ChildProcess[] = [];
/** Set when the harness itself stops everything: a node's exit then is expected. */
let stopping = false;
const cleanups: (() => void | Promise<void>)[] = [];

async function main() {
  const bin = findPgBin();
  if (!bin) throw new Error('no PostgreSQL server binaries (apt-get install postgresql)');
  if (!HAPROXY) throw new Error('no haproxy (apt-get install haproxy)');

  say('building the production start (console and dist/)');
  execFileSync('node', ['scripts/start.mjs', '--build'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, DATABASE_URL: 'postgres://unused' } });

  say('PostgreSQL primary and streaming replica');
  const primary = await PgServer.init(bin);
  cleanups.push(() => primary.remove());
  primary.start();
  const replica = await primary.replica();
  cleanups.push(() => {
    if (replica.running()) replica.stop('immediate');
  });
  replica.start();
  const db: Database = await openPostgres(primary.url(), 5);
  cleanups.push(() => db.close());

  const smtp = new FakeSmtp();
  await smtp.start(await freePort());
  cleanups.push(() => smtp.stop());

  const proxyPort = await freePort();
  const publicUrl = `http://127.0.0.1:${proxyPort}`;
  const nodes: Node[] = [];
  for (const name of ['n1', 'n2', 'n3']) {
    const port = await freePort();
    nodes.push({ name, port, url: `http://127.0.0.1:${port}`, proc: null });
  }
  const startNode = async (node: Node) => {
    const proc = spawn('node', ['dist/server.js'], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'production',
        DATABASE_URL: primary.url(),
        DATABASE_READ_URL: replica.url(),
        PORT: String(node.port),
        HOST: '127.0.0.1',
        NYCKEL_PUBLIC_URL: publicUrl,
        NYCKEL_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
        NYCKEL_MAIL_RETRY_BASE_MS: '500',
        NYCKEL_DEMO: '0',
        NYCKEL_ADMIN_EMAIL: OPERATOR.email,
        NYCKEL_ADMIN_PASSWORD: OPERATOR.password,
        NYCKEL_TRUSTED_PROXIES: '127.0.0.1',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    proc.stderr?.on('data', (d: Buffer) => {
      const text = d.toString().trim();
      if (text && !/oidc-provider WARNING/.test(text)) for (const line of text.split('\n')) console.log(`  [${node.name}] ${line}`);
    });
    // A node that dies on its own (not killed by a proof) is said at once: the proof that follows would only see "fetch failed".
    proc.on('exit', (code, signal) => {
      if (node.proc === proc && !node.killed && !stopping) say(`${node.name} EXITED by itself (code ${code}, signal ${signal})`);
    });
    children.push(proc);
    node.proc = proc;
    node.killed = false;
    const started = Date.now();
    await until(`${node.name} to answer`, async () => (await fetch(`${node.url}/api/v1/health`)).status === 200, 180_000);
    return Date.now() - started;
  };
  // The first node migrates and creates the operator; the other two start beside each other.
  const firstMs = await startNode(nodes[0]);
  const otherMs = await Promise.all(nodes.slice(1).map(startNode));
  say(`nodes up: ${[firstMs, ...otherMs].map((ms, i) => `${nodes[i].name} ${(ms / 1000).toFixed(1)} s`).join(', ')} (load average ${load()})`);

  const cfg = path.join(mkdtempSync(path.join(tmpdir(), 'nyckel-haproxy-')), 'haproxy.cfg');
  cleanups.push(() => rmSync(path.dirname(cfg), { recursive: true, force: true }));
  writeFileSync(
    cfg,
    [
      'global',
      '  maxconn 4096',
      'defaults',
      '  mode http',
      '  timeout connect 2s',
      '  timeout client 60s',
      '  timeout server 90s',
      // Requests beyond a node's maxconn wait in HAProxy's queue (up to 60 s) instead of piling onto the node, whose
      // database pool would make them wait past its acquire timeout (503): docs/operations.md, "Behind a load balancer".
      '  timeout queue 60s',
      // A loaded node answers its health check late; a late answer is not a dead node.
      '  timeout check 5s',
      '  option forwardfor',
      '  retries 2',
      '  option redispatch',
      'frontend nyckel',
      `  bind 127.0.0.1:${proxyPort}`,
      '  default_backend nodes',
      'backend nodes',
      '  balance roundrobin',
      '  option httpchk GET /api/v1/health',
      '  http-check expect status 200',
      '  default-server inter 1s fall 3 rise 2',
      '  http-response set-header X-Nyckel-Node %[srv_name]',
      ...nodes.map((n) => `  server ${n.name} 127.0.0.1:${n.port} check maxconn ${NODE_MAXCONN}`),
      '',
    ].join('\n'),
  );
  const haproxy = spawn(HAPROXY, ['-f', cfg, '-db'], { stdio: ['ignore', 'ignore', 'inherit'] });
  children.push(haproxy);
  await until('HAProxy to see three healthy nodes', async () => {
    const seen = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const r = await fetch(`${publicUrl}/api/v1/health`);
      if (r.status === 200) seen.add(r.headers.get('x-nyckel-node') ?? '');
    }
    return seen.size === 3;
  });
  say(`HAProxy on ${publicUrl} in front of ${nodes.map((n) => n.port).join(', ')}`);

  // ---- The operator (production: a second factor before anything else) and the organisations.
  const operator = new ApiClient(publicUrl);
  await operator.login(OPERATOR.email, OPERATOR.password);
  const enrol = await operator.post('/api/v1/me/mfa/totp');
  const confirmed = await operator.post('/api/v1/me/mfa/totp/confirm', { code: await generate({ secret: enrol.body.secret }) });
  if (confirmed.status !== 200) throw new Error(`operator MFA: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
  const t = { database: db } as unknown as TestApp;
  // The administrators belong to SCALE_ORGS organisations (default 40: five administrators each, as a customer has a few).
  // Fifty administrators of ONE organisation adding users at once serialise on its seat pools' rows (row locks in
  // PostgreSQL, `Lock:tuple` in the sampled waits): SCALE_ORGS=4 shows that worst case (docs/operations.md).
  const ORGS = Math.max(4, Number(process.env.SCALE_ORGS ?? 40));
  const orgs: { id: string }[] = [];
  for (let i = 0; i < ORGS; i++) {
    orgs.push(await makeOrg(operator, { seats: { accounting: 100_000, crm: 100_000, payroll: 100_000 } }));
  }
  const adminAccounts: { id: string; email: string; password: string; orgId: string }[] = [];
  for (const org of orgs) {
    const account = await makeAccount(t, { homeOrgId: org.id, password: PASSWORD });
    await makeMembership(t, org.id, account.id, { modules: [{ key: 'user-admin' }] });
    adminAccounts.push({ ...account, orgId: org.id });
  }

  // ---- 1. Sessions and CSRF whichever node answers.
  await attempt(1, async () => {
    const admin = new ApiClient(publicUrl);
    await admin.login(adminAccounts[0].email, PASSWORD);
    const nodesSeen = new Set<string>();
    let ok = 0;
    let refusedWithoutCsrf = 0;
    const N = 12;
    for (let i = 0; i < N; i++) {
      const read = await admin.get(`/api/v1/orgs/${orgs[0].id}/users?limit=5`);
      nodesSeen.add(read.headers.get('x-nyckel-node') ?? '?');
      const write = await admin.post(`/api/v1/orgs/${orgs[0].id}/users`, {
        type: 'employee',
        email: `csrf-${i}-${Date.now()}@scale.test`,
        firstName: 'Csrf',
        lastName: `No ${i}`,
      });
      nodesSeen.add(write.headers.get('x-nyckel-node') ?? '?');
      if (read.status === 200 && write.status === 201) ok++;
    }
    for (let i = 0; i < N; i++) {
      const forged = await admin.request(
        'POST',
        `/api/v1/orgs/${orgs[0].id}/users`,
        { type: 'employee', email: `forged-${i}@scale.test`, firstName: 'F', lastName: 'G' },
        { 'x-csrf-token': 'wrong' },
      );
      if (forged.status === 403 && forged.body.code === 'csrf_failed') refusedWithoutCsrf++;
    }
    proof(
      PROOFS[1],
      ok === N && refusedWithoutCsrf === N && nodesSeen.size === 3,
      `${ok}/${N} read+write pairs of one session (each write with its CSRF token) answered by ${[...nodesSeen].sort().join(', ')}; ${refusedWithoutCsrf}/${N} writes with a wrong CSRF token refused (403 csrf_failed)`,
    );
  });

  // ---- 2. Sign-in throttling across nodes.
  await attempt(2, async () => {
    const victim = await makeAccount(t, { homeOrgId: orgs[1].id, password: PASSWORD });
    await makeMembership(t, orgs[1].id, victim.id, { modules: [{ key: 'user-admin' }] });
    const nodesSeen = new Set<string>();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await new ApiClient(publicUrl).post('/api/v1/auth/login', { email: victim.email, password: 'wrong-password-123' });
      statuses.push(r.status);
      nodesSeen.add(r.headers.get('x-nyckel-node') ?? '?');
    }
    const after: { status: number; node: string; retryAfter: string | null }[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await new ApiClient(publicUrl).post('/api/v1/auth/login', { email: victim.email, password: PASSWORD });
      after.push({ status: r.status, node: r.headers.get('x-nyckel-node') ?? '?', retryAfter: r.headers.get('retry-after') });
    }
    proof(
      PROOFS[2],
      statuses.every((s) => s === 401) &&
        after.every((a) => a.status === 429 && a.retryAfter) &&
        new Set([...nodesSeen, ...after.map((a) => a.node)]).size === 3,
      `5 wrong passwords answered 401 by ${[...nodesSeen].sort().join(', ')}; then the right password answered ${after.map((a) => `${a.status} by ${a.node} (Retry-After ${a.retryAfter})`).join(', ')}`,
    );
  });

  // ---- 3. Each mail once, with three nodes' mail workers.
  await attempt(3, async () => {
    const admin = new ApiClient(publicUrl);
    await admin.login(adminAccounts[2].email, PASSWORD);
    const MAILS = 30;
    const stamp = Date.now();
    const addresses = Array.from({ length: MAILS }, (_, i) => `mail-${stamp}-${i}@scale.test`);
    await Promise.all(
      addresses.map((email, i) =>
        admin.post(`/api/v1/orgs/${orgs[2].id}/users`, { type: 'employee', email, firstName: 'Mail', lastName: `No ${i}`, modules: [{ key: 'crm' }] }),
      ),
    );
    const started = Date.now();
    await until('every invitation to arrive', async () => addresses.every((a) => smtp.receivedFor(a).length >= 1), 120_000);
    const allIn = Date.now() - started;
    await sleep(3_000);
    const counts = addresses.map((a) => smtp.receivedFor(a).length);
    const sent = await db.db
      .selectFrom('mail_outbox')
      .select(({ fn }) => fn.countAll<number>().as('n'))
      .where('to_address', 'in', addresses)
      .where('status', '=', 'sent')
      .executeTakeFirst();
    proof(
      PROOFS[3],
      counts.every((c) => c === 1) && Number(sent?.n) === MAILS,
      `${MAILS} invitations: received ${counts.reduce((a, b) => a + b, 0)} (max ${Math.max(...counts)} per address) within ${(allIn / 1000).toFixed(1)} s; outbox rows sent: ${sent?.n}`,
    );
  });

  // ---- 4. A bulk access job finishes exactly once when the node running it is killed.
  await attempt(4, async () => {
    const CLIENTS = 400;
    const CONSULTANTS = 8;
    const MODULES = ['accounting', 'payroll'];
    const world = await seedAccessJobWorld(db.db, { clients: CLIENTS, consultants: CONSULTANTS, seats: 1_000 });
    // The world's initiator is an operator account without a password: give it one and sign in on node 1 directly.
    const { hashPassword } = await import('../../src/auth/passwords.js');
    await db.db
      .updateTable('accounts')
      .set({ password_hash: await hashPassword(PASSWORD) })
      .where('id', '=', world.initiator.accountId)
      .execute();
    const victim = nodes[0];
    const initiator = new ApiClient(victim.url);
    await initiator.login(world.initiator.email, PASSWORD);
    const enrolled = await initiator.post('/api/v1/me/mfa/totp');
    await initiator.post('/api/v1/me/mfa/totp/confirm', { code: await generate({ secret: enrolled.body.secret }) });
    const job = await initiator.post(`/api/v1/orgs/${world.agencyId}/access-jobs`, {
      operation: 'grant',
      clientIds: world.clientIds,
      consultantIds: world.consultantIds,
      modules: MODULES,
    });
    if (job.status !== 202) throw new Error(`access job: ${job.status} ${JSON.stringify(job.body)}`);
    const jobId = job.body.id as string;
    const holder = await until(
      'the job to be running',
      async () => {
        const lease = await db.db.selectFrom('job_leases').select('node_id').where('queue', 'like', 'access-jobs%').executeTakeFirst();
        const done = await sql<{ n: number }>`select count(*)::int as n from job_run_items where run_id = ${jobId} and processed_at is not null`
          .execute(db.db)
          .catch(() => ({ rows: [{ n: 0 }] }));
        return lease && done.rows[0].n > 0 ? lease.node_id : undefined;
      },
      120_000,
      50,
    );
    const itemsAtKill = (
      await sql<{ n: number }>`select count(*)::int as n from job_run_items where run_id = ${jobId} and processed_at is not null`.execute(db.db)
    ).rows[0].n;
    victim.killed = true;
    victim.proc?.kill('SIGKILL');
    const killedAt = Date.now();
    say(`kill -9 ${victim.name} with the job at ${itemsAtKill} items (lease held by node ${holder.slice(0, 8)})`);
    const status = await until(
      'the job to finish on the other nodes',
      async () => {
        const r = await db.db.selectFrom('job_runs').select('status').where('id', '=', jobId).executeTakeFirst();
        return r && ['done', 'failed'].includes(r.status) ? r.status : undefined;
      },
      240_000,
      250,
    );
    const finishedMs = Date.now() - killedAt;
    const holderGone = !(await db.db.selectFrom('job_nodes').select('id').where('id', '=', holder).executeTakeFirst());
    const total = CLIENTS * CONSULTANTS * MODULES.length;
    const granted = (
      await sql<{ n: number }>`select count(*)::int as n from membership_modules mm join memberships m on m.org_id = mm.org_id and m.id = mm.membership_id
        where m.org_id = any(${world.clientIds}::uuid[]) and m.account_id = any(${world.consultantIds}::uuid[]) and mm.module_key = any(${MODULES}::text[])`.execute(
        db.db,
      )
    ).rows[0].n;
    const results = (
      await sql<{ n: number; distinct: number }>`select count(*)::int as n, count(distinct (client_id, consultant_account_id, module))::int as distinct
        from access_job_results where job_id = ${jobId}`.execute(db.db)
    ).rows[0];
    const items = (await sql<{ n: number }>`select count(*)::int as n from job_run_items where run_id = ${jobId} and processed_at is not null`.execute(db.db))
      .rows[0].n;
    let seatsOk = true;
    for (const c of world.clientIds.slice(0, 20)) {
      const recount = await countSeatsFromScratch(db.db, c);
      const pools = await db.db.selectFrom('license_pools').select(['module_key', 'in_use']).where('org_id', '=', c).execute();
      for (const p of pools) if (p.in_use !== (recount[p.module_key] ?? 0)) seatsOk = false;
    }
    proof(
      PROOFS[4],
      status === 'done' &&
        holderGone &&
        itemsAtKill < CLIENTS &&
        granted === total &&
        items === CLIENTS &&
        results.n === total &&
        results.distinct === total &&
        seatsOk,
      `${CLIENTS} clients × ${CONSULTANTS} consultants × ${MODULES.length} modules = ${total} grants; killed ${victim.name} (it held the job's lease: ${holderGone}) with ${itemsAtKill}/${CLIENTS} clients done; status ${status} ${(finishedMs / 1000).toFixed(1)} s after the kill; ${items}/${CLIENTS} clients processed, ${results.n} results (${results.distinct} distinct), ${granted} grants in the database; seats recounted on 20 clients: ${seatsOk ? 'agree' : 'DIFFER'}`,
    );
    const restartMs = await startNode(victim);
    say(`${victim.name} restarted in ${(restartMs / 1000).toFixed(1)} s`);
    await until('HAProxy to see n1 again', async () => {
      const seen = new Set<string>();
      for (let i = 0; i < 6; i++) seen.add((await fetch(`${publicUrl}/api/v1/health`)).headers.get('x-nyckel-node') ?? '');
      return seen.size === 3;
    });
  });

  // ---- 5. Load: simulated administrators through HAProxy.
  await attempt(5, async () => {
    say(
      `load: ${ADMINS} administrators of ${orgs.length} organisations for ${LOAD_SECONDS} s (list, add, change, search, export; ${THINK_MS} ms ± 50 % between clicks)`,
    );
    const sessions: { api: ApiClient; orgId: string }[] = [];
    for (let i = 0; i < ADMINS; i++) {
      const a = adminAccounts[i % adminAccounts.length];
      const api = new ApiClient(publicUrl);
      sessions.push({ api, orgId: a.orgId });
    }
    // Sign-ins in small waves (argon2id is meant to be slow).
    const signInStarted = Date.now();
    for (let i = 0; i < sessions.length; i += 8)
      await Promise.all(sessions.slice(i, i + 8).map((s, j) => s.api.login(adminAccounts[(i + j) % adminAccounts.length].email, PASSWORD)));
    say(`  ${sessions.length} sign-ins in ${((Date.now() - signInStarted) / 1000).toFixed(1)} s (load average ${load()})`);
    const lat = new Map<string, number[]>();
    const errors: string[] = [];
    const end = Date.now() + LOAD_SECONDS * 1000;
    const timed = async (route: string, expect: number, fn: () => Promise<{ status: number; body: any }>) => {
      const s = performance.now();
      // A dropped connection is an error of the proof like a 5xx, not the end of the run.
      const r = await fn().catch((err: unknown) => ({ status: 0, body: describe(err) }));
      const ms = performance.now() - s;
      if (!lat.has(route)) lat.set(route, []);
      lat.get(route)!.push(ms);
      if (r.status !== expect) errors.push(`${route} ${r.status} ${JSON.stringify(r.body).slice(0, 200)}`);
      return r;
    };
    let seq = 0;
    // Where the time goes: what PostgreSQL's sessions are doing, sampled every second during the load.
    const waits = new Map<string, number>();
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const rows = await sql<{
          what: string;
          n: number;
        }>`select coalesce(wait_event_type || ':' || wait_event, 'cpu') || ' ' || state as what, count(*)::int as n
            from pg_stat_activity where backend_type = 'client backend' and state <> 'idle' and pid <> pg_backend_pid() group by 1`
          .execute(db.db)
          .catch(() => ({ rows: [] }));
        for (const r of rows.rows) waits.set(r.what, (waits.get(r.what) ?? 0) + r.n);
        await sleep(1000);
      }
    })();
    await Promise.all(
      sessions.map(async ({ api, orgId }, who) => {
        await sleep(Math.random() * 1000);
        let round = 0;
        while (Date.now() < end) {
          round++;
          const users = `/api/v1/orgs/${orgId}/users`;
          const think = () => sleep(THINK_MS * (0.5 + Math.random()));
          await timed('GET /orgs/{id}/users', 200, () => api.get(`${users}?limit=50`));
          await think();
          const added = await timed('POST /orgs/{id}/users', 201, () =>
            api.post(users, {
              type: 'employee',
              email: `load-${who}-${++seq}-${Date.now()}@scale.test`,
              firstName: 'Load',
              lastName: `No ${seq}`,
              modules: [{ key: 'accounting' }],
            }),
          );
          await think();
          if (added.status === 201) {
            await timed('PATCH /orgs/{id}/users/{id}', 200, () =>
              api.patch(`${users}/${added.body.id}`, { modules: round % 2 ? [{ key: 'crm' }] : [{ key: 'payroll' }, { key: 'accounting' }] }),
            );
          }
          await think();
          await timed('GET /orgs/{id}/users?q=', 200, () => api.get(`${users}?q=load&limit=20`));
          await think();
          if (round % 5 === 0) {
            await timed('GET /orgs/{id}/users.xlsx', 200, async () => {
              const r = await fetch(`${publicUrl}${users}.xlsx`, { headers: { cookie: api.cookie ?? '' } });
              await r.arrayBuffer();
              return { status: r.status, body: null };
            });
          }
        }
      }),
    );
    sampling = false;
    await sampler;
    say(
      `  busy PostgreSQL sessions, summed over 1 s samples: ${[...waits]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 8)
        .map(([w, n]) => `${w} ${n}`)
        .join(', ')}`,
    );
    const total = [...lat.values()].reduce((n, xs) => n + xs.length, 0);
    const perRoute = [...lat].map(([route, xs]) => `${route}: ${xs.length} requests, p95 ${p95(xs).toFixed(0)} ms`).join('; ');
    let seatsOk = true;
    const diffs: string[] = [];
    for (const org of orgs) {
      const recount = await countSeatsFromScratch(db.db, org.id);
      const pools = await db.db.selectFrom('license_pools').select(['module_key', 'in_use']).where('org_id', '=', org.id).execute();
      for (const p of pools) {
        if (p.in_use !== (recount[p.module_key] ?? 0)) {
          seatsOk = false;
          diffs.push(`${org.id.slice(0, 8)} ${p.module_key} ${p.in_use}≠${recount[p.module_key] ?? 0}`);
        }
      }
    }
    for (const e of errors.slice(0, 5)) say(`  error: ${e}`);
    proof(
      PROOFS[5],
      errors.length === 0 && seatsOk && total > 0,
      `${ADMINS} administrators of ${orgs.length} organisations: ${total} requests (${(total / LOAD_SECONDS).toFixed(0)}/s), ${errors.length} errors; ${perRoute}; seat invariant recounted on ${orgs.length} organisations: ${seatsOk ? 'holds' : `BROKEN ${diffs.join(', ')}`}`,
    );
  });

  // ---- 6. The replica killed: reads go to the primary, no error.
  await attempt(6, async () => {
    const admin = new ApiClient(publicUrl);
    await admin.login(adminAccounts[3].email, PASSWORD);
    replica.stop('immediate');
    const killedAt = Date.now();
    const statuses: number[] = [];
    while (Date.now() - killedAt < 5_000) {
      statuses.push((await admin.get(`/api/v1/orgs/${orgs[3].id}/users?limit=20`)).status);
      statuses.push((await admin.get(`/api/v1/orgs/${orgs[3].id}/audit?limit=20`)).status);
    }
    const health = await Promise.all(nodes.map(async (n) => (await fetch(`${n.url}/api/v1/health`)).json() as Promise<{ replica?: string }>));
    proof(
      PROOFS[6],
      statuses.every((s) => s === 200) && health.every((h) => h.replica === 'down'),
      `${statuses.length} list and audit reads in the 5 s after kill: ${statuses.filter((s) => s === 200).length} × 200, others ${statuses.filter((s) => s !== 200).join(',') || 'none'}; health of each node: replica ${health.map((h) => h.replica).join('/')}`,
    );
  });

  // ---- 7. The primary restarted: every node answers 503 database_unavailable while it is down, and recovers.
  await attempt(7, async () => {
    const admin = new ApiClient(publicUrl);
    await admin.login(adminAccounts[3].email, PASSWORD);
    const cookie = admin.cookie ?? '';
    primary.stop('fast');
    const stoppedAt = Date.now();
    const down = await Promise.all(
      nodes.map(async (n) => {
        const r = await fetch(`${n.url}/api/v1/orgs/${orgs[3].id}/users?limit=5`, { headers: { cookie } });
        const body = (await r.json()) as { code?: string };
        const h = await fetch(`${n.url}/api/v1/health`);
        const hb = (await h.json()) as { database?: string };
        return { node: n.name, status: r.status, code: body.code, retryAfter: r.headers.get('retry-after'), health: h.status, part: hb.database };
      }),
    );
    await sleep(3_000);
    primary.start();
    const restartedAt = Date.now();
    const back = await Promise.all(
      nodes.map(async (n) => {
        await until(
          `${n.name} to recover`,
          async () => (await fetch(`${n.url}/api/v1/orgs/${orgs[3].id}/users?limit=5`, { headers: { cookie } })).status === 200,
          60_000,
          100,
        );
        return Date.now() - restartedAt;
      }),
    );
    proof(
      PROOFS[7],
      down.every((d) => d.status === 503 && d.code === 'database_unavailable' && Number(d.retryAfter) > 0 && d.health === 503 && d.part === 'down'),
      `${down.map((d) => `${d.node} ${d.status} ${d.code} Retry-After ${d.retryAfter}, health ${d.health} database ${d.part}`).join('; ')}; down ${((restartedAt - stoppedAt) / 1000).toFixed(1)} s; each node served again ${back.map((ms) => `${(ms / 1000).toFixed(1)} s`).join(', ')} after the restart`,
    );
  });
}

let failed = false;
// Ctrl-C or a CI timeout: stop the nodes, HAProxy and PostgreSQL before leaving.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    stopping = true;
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    for (const cleanup of cleanups.reverse()) {
      try {
        void cleanup();
      } catch {
        /* best effort */
      }
    }
    process.exit(130);
  });
}
try {
  await main();
} catch (err) {
  failed = true;
  say(`ERROR ${err instanceof Error ? (err.stack ?? err.message) : String(err)} ${describe(err)}`);
}
stopping = true;
for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
for (const cleanup of cleanups.reverse()) {
  try {
    await cleanup();
  } catch {
    /* best effort */
  }
}
const elapsed = ((Date.now() - t0) / 1000).toFixed(0);
console.log(`\nnpm run scale — summary (${elapsed} s end to end; the machine may be shared: load average ${load()} now, beside each figure above)`);
const width = Math.max(...Object.values(PROOFS).map((n) => n.length));
console.log(`  ${'#'.padEnd(2)} ${'result'.padEnd(7)} ${'proof'.padEnd(width)}  load (1/5/15 min)`);
for (const [n, name] of Object.entries(PROOFS)) {
  const r = results.find((x) => x.name === name);
  const state = r ? (r.ok ? 'PASS' : 'FAIL') : ONLY && !ONLY.has(Number(n)) ? 'skipped' : 'not run';
  console.log(`  ${n.padEnd(2)} ${state.padEnd(7)} ${name.padEnd(width)}  ${r?.load ?? ''}`);
}
for (const r of results) console.log(`\n  ${r.ok ? 'PASS' : 'FAIL'}  ${r.name}:\n        ${r.figures}`);
const failures = results.filter((r) => !r.ok).length;
// Every proof that should have run and did not (setup failed) counts as failed too.
const expected = ONLY ? ONLY.size : Object.keys(PROOFS).length;
const missing = Math.max(0, expected - results.length);
console.log(
  `\n${results.length - failures} proofs passed, ${failures + missing} failed${ONLY ? ` (SCALE_ONLY=${[...ONLY].join(',')}: the others were skipped)` : ''}, in ${elapsed} s`,
);
process.exit(failed || failures || missing ? 1 : 0);
