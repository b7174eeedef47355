// A Nyckel server in a child process, started as in production (`node dist/server.js`, compiled by `npm start`'s
// build): the sign-in bench measures it from outside its event loop, and the cold measurements restart it.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from './pg-cluster.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
let built = false;

export interface ServerChild {
  url: string;
  /** From spawning the process to its first 200 from /api/v1/health, ms. */
  startMs: number;
  proc: ChildProcess;
  stop(): Promise<void>;
}

/** Builds dist/ once per bench run (a no-op when it is current), then starts `node dist/server.js` on `databaseUrl`. */
export async function startServerChild(databaseUrl: string, env: Record<string, string> = {}): Promise<ServerChild> {
  if (!built) {
    execFileSync('node', ['scripts/start.mjs', '--build'], { cwd: ROOT, stdio: 'ignore', env: { ...process.env, DATABASE_URL: 'postgres://unused' } });
    built = true;
  }
  const port = await freePort();
  const t0 = performance.now();
  const proc = spawn('node', ['dist/server.js'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      PORT: String(port),
      HOST: '127.0.0.1',
      NYCKEL_PUBLIC_URL: 'http://nyckel.bench',
      NYCKEL_DEMO: '0',
      NYCKEL_SERVE_CONSOLE: '0',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  proc.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited (${proc.exitCode}): ${stderr}`);
    const ok = await fetch(`${url}/api/v1/health`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    if (performance.now() - t0 > 120_000) throw new Error(`server did not answer within 120 s: ${stderr}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const startMs = performance.now() - t0;
  return {
    url,
    startMs,
    proc,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
        setTimeout(() => proc.kill('SIGKILL'), 5_000).unref();
      }),
  };
}
