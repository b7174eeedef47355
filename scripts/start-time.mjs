#!/usr/bin/env node
// Measures `npm start` from process start to the first 200 of /api/v1/health: on a new data directory (with demo data)
// and again on the same, now existing, directory. Prints each figure with the load average beside it.
// Usage: node scripts/start-time.mjs [rounds=1]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const rounds = Number(process.argv[2] ?? 1);
const freePort = () =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function startOnce(dataDir) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), NYCKEL_DATA_DIR: dataDir, DATABASE_URL: '', NYCKEL_DEMO: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
    detached: true,
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
      const ok = await fetch(`http://127.0.0.1:${port}/api/v1/health`)
        .then((r) => r.status === 200)
        .catch(() => false);
      if (ok) return performance.now() - started;
      if (performance.now() - started > 180_000) throw new Error('no answer within 180 s');
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    process.kill(-child.pid, 'SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

for (let i = 0; i < rounds; i++) {
  const dir = mkdtempSync(path.join(tmpdir(), 'nyckel-start-'));
  try {
    const fresh = await startOnce(dir);
    console.log(`start-time: new data directory with demo data   ${(fresh / 1000).toFixed(2)} s   (load average ${load()})`);
    const existing = await startOnce(dir);
    console.log(`start-time: existing data directory             ${(existing / 1000).toFixed(2)} s   (load average ${load()})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
