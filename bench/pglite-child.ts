// The embedded database for the bench, in its own process (bench/list-scale.ts startPgliteChild): PGlite's bulk load
// and every query run here, so they never block the bench's event loop. Prints one line `READY {json}` with the URL,
// the organisation and the operator's session cookie, then serves until stdin closes or SIGTERM.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openPGlite } from '../src/kernel/db.js';
import { startBenchApp } from './app.js';

const rows = Number(process.argv[2] ?? 100_000);
const dir = mkdtempSync(path.join(os.tmpdir(), 'nyckel-bench-pglite-'));
const app = await startBenchApp(await openPGlite(dir), rows, (s) => console.log(s.trim()));
const stop = async () => {
  await app.close().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.stdin.on('end', () => void stop());
process.stdin.resume();
console.log(
  `READY ${JSON.stringify({ url: app.url, orgId: app.orgId, orgName: app.orgName, rows: app.rows, inactive: app.inactive, loadMs: app.loadMs, cookie: app.session.cookie, csrf: app.session.csrf })}`,
);
