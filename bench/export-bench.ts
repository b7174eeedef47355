import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { positionOf, type Position } from '../src/kernel/pagination.js';
import { exportCells } from '../src/users/list.js';
import * as q from '../src/users/queries.js';
import { ExportUsersQuery } from '../src/users/schema.js';
import type { BenchApp } from './app.js';
import { batched, writeExcelJs, writeOurs, type Row, type WriteResult } from './writers.js';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface HttpExport extends WriteResult {
  headersMs: number;
  status: number;
}

/** GET /users.xlsx over HTTP: time to the response headers, to the first body chunk, and to the last byte. */
export async function httpExport(app: BenchApp): Promise<HttpExport> {
  const t0 = performance.now();
  const res = await fetch(`${app.url}/api/v1/orgs/${app.orgId}/users.xlsx`, { headers: { cookie: app.session.cookie } });
  const headersMs = performance.now() - t0;
  if (res.status !== 200 || !res.body) throw new Error(`export: ${res.status} ${await res.text()}`);
  let bytes = 0;
  let firstByteMs = NaN;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (bytes === 0) firstByteMs = performance.now() - t0;
    bytes += value.byteLength;
  }
  return { status: res.status, headersMs, firstByteMs, ms: performance.now() - t0, bytes };
}

const BATCH = 1000;

/** One export row as exportUsers turns it into 12 cells: the same function. */
const cells = (m: Parameters<typeof exportCells>[0]): Row => exportCells(m);

/**
 * The export's rows fetched into memory with the export's own statement (q.exportRowsQuery) in keyset batches of
 * 1,000 — the same values the download holds — for the writers-alone baselines.
 */
export async function prefetchRows(app: BenchApp): Promise<Row[]> {
  const query = ExportUsersQuery.parse({});
  const key = q.usersKeyset(query);
  const out: Row[] = [];
  let after: Position | null = null;
  for (;;) {
    const batch = await q.exportRowsQuery(app.database.db, app.orgId, query, after).limit(BATCH).execute();
    for (const m of batch) out.push(cells(m));
    if (batch.length < BATCH) return out;
    after = positionOf(batch[batch.length - 1], key);
  }
}

/** The export's read path alone, no writer: on PostgreSQL the one statement streamed through a cursor, as exportUsers reads it. */
export async function readPathAlone(app: BenchApp): Promise<{ ms: number; rows: number }> {
  const t0 = performance.now();
  let rows = 0;
  if (app.kind !== 'postgres') throw new Error('the read path alone is measured on PostgreSQL');
  for await (const m of q.exportRowsQuery(app.database.db, app.orgId, ExportUsersQuery.parse({}), null).stream(BATCH)) {
    cells(m);
    rows++;
  }
  return { ms: performance.now() - t0, rows };
}

export interface ExportRound {
  oursHttp: HttpExport;
  excelJs: WriteResult;
  oursAlone: WriteResult;
  readAlone: { ms: number; rows: number };
}

/**
 * Interleaved, `runs` times: ours over HTTP; exceljs alone and our writer alone (the same rows in memory); the
 * export's read path alone.
 */
export async function measureExport(app: BenchApp, rows: Row[], runs: number, log: (s: string) => void): Promise<ExportRound[]> {
  const rounds: ExportRound[] = [];
  // Warm-up: one of each, not counted.
  await httpExport(app);
  await writeExcelJs(batched(rows.slice(0, 20_000)));
  await writeOurs(batched(rows.slice(0, 20_000)));
  await readPathAlone(app);
  const gc = () => (globalThis as { gc?: () => void }).gc?.();
  for (let i = 0; i < runs; i++) {
    gc();
    const oursHttp = await httpExport(app);
    gc();
    const excelJs = await writeExcelJs(batched(rows));
    gc();
    const oursAlone = await writeOurs(batched(rows));
    gc();
    const readAlone = await readPathAlone(app);
    if (readAlone.rows !== rows.length) throw new Error(`the read path gave ${readAlone.rows} rows, expected ${rows.length}`);
    rounds.push({ oursHttp, excelJs, oursAlone, readAlone });
    log(
      `  export run ${i + 1}/${runs}: ours over HTTP ${oursHttp.ms.toFixed(0)} ms (first byte ${oursHttp.firstByteMs.toFixed(0)} ms, ${(oursHttp.bytes / 1e6).toFixed(1)} MB), exceljs alone ${excelJs.ms.toFixed(0)} ms (${(excelJs.bytes / 1e6).toFixed(1)} MB), our writer alone ${oursAlone.ms.toFixed(0)} ms, read path alone ${readAlone.ms.toFixed(0)} ms`,
    );
  }
  return rounds;
}

export interface RssResult {
  writer: 'ours' | 'exceljs';
  rows: number;
  baselineRss: number;
  peakRss: number;
  maxRssOs: number;
  peakHeap: number;
  ms: number;
  firstByteMs: number;
  bytes: number;
}

/** One fresh child process writing `rows` synthetic rows with one writer. */
export function rssChild(writer: 'ours' | 'exceljs', rows: number): Promise<RssResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', path.join(here, 'rss-child.ts'), writer, String(rows)], {
      cwd: path.resolve(here, '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`rss child ${writer} ${rows} exited ${code}: ${err}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()!));
      } catch (e) {
        reject(new Error(`rss child output: ${out} ${err}`));
      }
    });
  });
}
