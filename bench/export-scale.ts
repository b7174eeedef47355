// Issue 12 §2 and §3 at 1,000,000 members (`npm run bench -- list --rows 1000000`, alone with `--only export,cold`):
// the .xlsx export streamed from PostgreSQL to a deliberately slow reader, with the server in a child process whose
// RSS is sampled from /proc/<pid>/status (no endpoint in production for it), and the user list cold — the first
// request a restarted server process answers — beside warm. The downloaded file is read back (the sheet's rows
// counted in its XML, and by exceljs's streaming reader).
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInflateRaw } from 'node:zlib';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { Session } from './app.js';
import { startServerChild, type ServerChild } from './server-child.js';
import { markdownTable, median, percentile, round } from './stats.js';

const load1 = () => round(os.loadavg()[0], 2);
const uptime = () =>
  `load average ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(', ')}`;
const MB = 1024 * 1024;

/** The server process's resident set, from /proc (Linux): VmRSS in bytes, or NaN when the process is gone. */
export function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

export interface RssSample {
  tS: number;
  rssMb: number;
  receivedMb: number;
}

export interface ExportRun {
  reader: 'slow' | 'fast';
  /** The slow reader's rate, MB/s (null: reads as fast as it can). */
  rateMBps: number | null;
  status: number;
  headersMs: number;
  firstByteMs: number;
  ms: number;
  bytes: number;
  /** How long the reader held the response paused to keep to its rate, ms: the time the server had to wait. */
  heldMs: number;
  rss: {
    startMb: number;
    /** The first sample once 10 % of the bytes had arrived. */
    at10Mb: number;
    peakMb: number;
    endMb: number;
    /** Peak after the first 10 % − RSS at 10 % (with V8's saw-tooth between major collections in it). */
    growthMb: number;
    /** The peak over the second half of the bytes − the peak over 10–50 %: what grows with the rows. */
    trendMb: number;
    /** RSS at 10, 25, 50, 75 and 100 % of the bytes. */
    profile: { at: number; rssMb: number }[];
    samples: RssSample[];
  };
  flat: boolean;
  load: { start: number; end: number; uptime: string };
  /** Read back from the file: rows in the sheet's XML (header included), its last row number, exceljs's count. */
  check?: { xmlRows: number; lastRow: number; excelJsRows: number | null; excelJsMs: number | null; error?: string };
}

/**
 * GET the export over a raw HTTP connection, reading at most `rateMBps` (pausing the response between chunks, so
 * TCP backpressure reaches the server) or as fast as it can; the server's RSS sampled every `sampleMs`. With `file`,
 * the body is written there for the read-back.
 */
export function downloadExport(
  server: ServerChild,
  pathAndQuery: string,
  cookie: string,
  o: { rateMBps: number | null; sampleMs: number; file?: string },
): Promise<Omit<ExportRun, 'reader' | 'flat' | 'rss' | 'check'> & { samples: RssSample[]; startRss: number }> {
  const pid = server.proc.pid!;
  return new Promise((resolve, reject) => {
    const startRss = rssOf(pid);
    const loadStart = load1();
    const samples: RssSample[] = [];
    let bytes = 0;
    const t0 = performance.now();
    const sample = () => samples.push({ tS: round((performance.now() - t0) / 1000, 2), rssMb: round(rssOf(pid) / MB, 1), receivedMb: round(bytes / MB, 2) });
    const timer = setInterval(sample, o.sampleMs);
    const fail = (e: Error) => {
      clearInterval(timer);
      reject(e);
    };
    const req = http.get(`${server.url}${pathAndQuery}`, { headers: { cookie } }, (res) => {
      const headersMs = performance.now() - t0;
      if (res.statusCode !== 200) {
        res.resume();
        return fail(new Error(`export: HTTP ${res.statusCode}`));
      }
      const out = o.file ? createWriteStream(o.file) : null;
      let firstByteMs = NaN;
      let firstAt = 0;
      let paused = false;
      let heldMs = 0;
      res.on('data', (chunk: Buffer) => {
        if (!bytes) {
          firstByteMs = performance.now() - t0;
          firstAt = performance.now();
        }
        bytes += chunk.length;
        if (out && !out.write(chunk) && !paused) {
          // the disk is slower than the response: wait for it (the server sees backpressure, as from a slow reader)
          paused = true;
          res.pause();
          out.once('drain', () => {
            paused = false;
            res.resume();
          });
        }
        if (o.rateMBps && !paused) {
          const due = firstAt + (bytes / (o.rateMBps * MB)) * 1000;
          const wait = due - performance.now();
          if (wait > 1) {
            paused = true;
            heldMs += wait;
            res.pause();
            setTimeout(() => {
              paused = false;
              res.resume();
            }, wait);
          }
        }
      });
      res.on('error', fail);
      res.on('end', async () => {
        const ms = performance.now() - t0;
        sample();
        clearInterval(timer);
        if (out) {
          out.end();
          await once(out, 'finish');
        }
        resolve({
          rateMBps: o.rateMBps,
          status: res.statusCode!,
          headersMs: round(headersMs),
          firstByteMs: round(firstByteMs),
          ms: round(ms, 0),
          bytes,
          heldMs: round(heldMs, 0),
          samples,
          startRss,
          load: { start: loadStart, end: load1(), uptime: uptime() },
        });
      });
    });
    req.on('error', fail);
  });
}

/** RSS figures of a run: start, at 10 % of the bytes, the peak after it, the end, and a short profile. */
export function rssFigures(samples: RssSample[], startRss: number, bytes: number): ExportRun['rss'] {
  const total = bytes / MB;
  const at = (share: number) => samples.find((s) => s.receivedMb >= share * total) ?? samples[samples.length - 1];
  const at10 = at(0.1);
  const after = samples.slice(samples.indexOf(at10));
  const peak = Math.max(...after.map((s) => s.rssMb));
  const half = samples.indexOf(at(0.5));
  const peakOf = (xs: RssSample[]) => (xs.length ? Math.max(...xs.map((s) => s.rssMb)) : NaN);
  return {
    trendMb: round(peakOf(samples.slice(half)) - peakOf(samples.slice(samples.indexOf(at10), half)), 1),
    startMb: round(startRss / MB, 1),
    at10Mb: at10.rssMb,
    peakMb: round(Math.max(...samples.map((s) => s.rssMb)), 1),
    endMb: samples[samples.length - 1].rssMb,
    growthMb: round(peak - at10.rssMb, 1),
    profile: [0.1, 0.25, 0.5, 0.75, 1].map((share) => ({ at: share, rssMb: at(share).rssMb })),
    samples,
  };
}

/** Where a zip entry's compressed data lies, from the central directory at the end of the file. */
async function zipEntry(file: string, name: string): Promise<{ start: number; size: number; method: number }> {
  const fh = await open(file, 'r');
  try {
    const { size } = await fh.stat();
    const tailLen = Math.min(size, 65_557);
    const tail = Buffer.alloc(tailLen);
    await fh.read(tail, 0, tailLen, size - tailLen);
    const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd < 0) throw new Error('not a zip file: no end of central directory');
    const entries = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    const cd = Buffer.alloc(cdSize);
    await fh.read(cd, 0, cdSize, cdOffset);
    for (let i = 0, p = 0; i < entries; i++) {
      if (cd.readUInt32LE(p) !== 0x02014b50) throw new Error('a broken central directory');
      const method = cd.readUInt16LE(p + 10);
      const compressed = cd.readUInt32LE(p + 20);
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      const local = cd.readUInt32LE(p + 42);
      if (cd.toString('utf8', p + 46, p + 46 + nameLen) === name) {
        const header = Buffer.alloc(30);
        await fh.read(header, 0, 30, local);
        if (header.readUInt32LE(0) !== 0x04034b50) throw new Error(`${name}: a broken local header`);
        return { start: local + 30 + header.readUInt16LE(26) + header.readUInt16LE(28), size: compressed, method };
      }
      p += 46 + nameLen + extraLen + commentLen;
    }
    throw new Error(`${name}: not in the file`);
  } finally {
    await fh.close();
  }
}

/** Rows in the file's sheet: `<row ` elements counted in the inflated sheet XML, and the last row's number. */
export async function sheetRows(file: string): Promise<{ xmlRows: number; lastRow: number }> {
  const e = await zipEntry(file, 'xl/worksheets/sheet1.xml');
  if (e.method !== 8) throw new Error(`the sheet is stored with method ${e.method}, not deflated`);
  let xmlRows = 0;
  let lastRow = 0;
  let tail = '';
  const xml = createReadStream(file, { start: e.start, end: e.start + e.size - 1 }).pipe(createInflateRaw());
  for await (const chunk of xml as AsyncIterable<Buffer>) {
    const text = tail + chunk.toString('latin1');
    const re = /<row r="(\d+)"/g;
    let end = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      xmlRows++;
      lastRow = Number(m[1]);
      end = re.lastIndex;
    }
    // an unfinished `<row r="…"` at the end of the chunk is matched with the next one; nothing counted twice
    tail = text.slice(Math.max(end, text.length - 24));
  }
  return { xmlRows, lastRow };
}

/** Rows exceljs's streaming reader finds in the file's first sheet (a parse of the whole file). */
export async function excelJsRows(file: string): Promise<number> {
  let rows = 0;
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, { worksheets: 'emit', sharedStrings: 'ignore', styles: 'ignore', hyperlinks: 'ignore' });
  for await (const sheet of reader) for await (const _row of sheet) rows++;
  return rows;
}

export interface ColdFigure {
  shape: string;
  query: Record<string, string>;
  runs: { startMs: number; firstMs: number; secondMs: number; warmP50: number; load: number }[];
  firstMs: number;
  secondMs: number;
  warmP50: number;
  warmP95: number;
  uptime: string;
}

export interface ExportScaleResults {
  rows: number;
  slow?: ExportRun;
  fast?: ExportRun;
  exportError?: string;
  cold?: ColdFigure[];
  coldError?: string;
}

export const COLD_SHAPES: { name: string; query: Record<string, string> }[] = [
  { name: 'default first page (sort lastName)', query: {} },
  { name: 'type=employee&status=active', query: { type: 'employee', status: 'active' } },
];

/**
 * The export to a slow reader (and once to a fast one), then the list cold: `restarts` server processes per shape,
 * each answering that shape's first page as its first request, then `warmSamples` more for the warm p50/p95.
 */
export async function runExportScale(
  databaseUrl: string,
  target: { orgId: string; cookie: string; rows: number },
  o: { export: boolean; cold: boolean; rateMBps: number; restarts: number; warmSamples: number; verify: boolean; rssBarMb: number },
  log: (s: string) => void,
): Promise<ExportScaleResults> {
  const out: ExportScaleResults = { rows: target.rows };
  // In production an operator acts only with a second factor (issue 11): the bench operator's session is marked as
  // having passed it, as a TOTP sign-in would.
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query('UPDATE sessions SET mfa_at = now() WHERE mfa_at IS NULL');
  await client.end();
  const exportPath = `/api/v1/orgs/${target.orgId}/users.xlsx`;
  if (o.export) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nyckel-export-'));
    const server = await startServerChild(databaseUrl);
    try {
      // One list request first: the process has loaded its modules and opened a connection before RSS counts.
      const s = new Session(server.url);
      s.cookie = target.cookie;
      await s.timedGet(`/api/v1/orgs/${target.orgId}/users?limit=1`);
      // As fast as the reader can first; then the slow reader at --slow-mbps, or at half the rate the server managed
      // for the fast one when that is lower (a loaded machine): the reader, not the server, must set the pace.
      let rate = o.rateMBps;
      for (const reader of ['fast', 'slow'] as const) {
        const file = reader === 'slow' ? path.join(dir, 'users.xlsx') : undefined;
        if (reader === 'slow' && out.fast) rate = round(Math.min(o.rateMBps, out.fast.bytes / MB / (out.fast.ms / 1000) / 2), 2);
        log(
          `  export of ${target.rows.toLocaleString('en')} rows to a ${reader} reader${reader === 'slow' ? ` (${rate} MB/s)` : ''}, server RSS sampled every 250 ms (${uptime()})`,
        );
        const r = await downloadExport(server, exportPath, target.cookie, { rateMBps: reader === 'slow' ? rate : null, sampleMs: 250, file });
        const rss = rssFigures(r.samples, r.startRss, r.bytes);
        const run: ExportRun = { ...r, reader, rss, flat: rss.trendMb <= o.rssBarMb };
        delete (run as { samples?: unknown }).samples;
        delete (run as { startRss?: unknown }).startRss;
        log(
          `    ${(r.bytes / 1e6).toFixed(1)} MB in ${(r.ms / 1000).toFixed(1)} s (the reader held the response ${(r.heldMs / 1000).toFixed(1)} s), first byte ${r.firstByteMs} ms; server RSS start ${rss.startMb} MB, at 10 % ${rss.at10Mb}, peak ${rss.peakMb}, end ${rss.endMb} MB: peak after 10 % − at 10 % ${rss.growthMb} MB, second half's peak − 10–50 %'s ${rss.trendMb} MB (${run.flat ? 'flat' : 'NOT FLAT'}); ${r.load.uptime}`,
        );
        if (file && o.verify) {
          const check: NonNullable<ExportRun['check']> = { xmlRows: 0, lastRow: 0, excelJsRows: null, excelJsMs: null };
          try {
            Object.assign(check, await sheetRows(file));
            log(
              `    read back: ${check.xmlRows.toLocaleString('en')} rows in the sheet XML (header included), the last is row ${check.lastRow.toLocaleString('en')}`,
            );
            const t0 = performance.now();
            check.excelJsRows = await excelJsRows(file);
            check.excelJsMs = round(performance.now() - t0, 0);
            log(`    exceljs's streaming reader: ${check.excelJsRows.toLocaleString('en')} rows in ${(check.excelJsMs / 1000).toFixed(0)} s`);
          } catch (e) {
            check.error = (e as Error).message.slice(0, 300);
            log(`    read back FAILED: ${check.error}`);
          }
          run.check = check;
        }
        out[reader] = run;
      }
    } catch (e) {
      out.exportError = (e as Error).message.slice(0, 300);
      log(`  export FAILED: ${out.exportError}`);
    } finally {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (o.cold) {
    try {
      out.cold = [];
      for (const shape of COLD_SHAPES) {
        const p = `/api/v1/orgs/${target.orgId}/users?${new URLSearchParams(shape.query)}`;
        const runs: ColdFigure['runs'] = [];
        let warm: number[] = [];
        for (let i = 0; i < o.restarts; i++) {
          const server = await startServerChild(databaseUrl);
          try {
            const s = new Session(server.url);
            s.cookie = target.cookie;
            const first = await s.timedGet(p);
            const second = await s.timedGet(p);
            const ms: number[] = [];
            for (let j = 0; j < 3; j++) await s.timedGet(p); // warm-up
            for (let j = 0; j < o.warmSamples; j++) ms.push((await s.timedGet(p)).ms);
            warm = warm.concat(ms);
            runs.push({ startMs: round(server.startMs, 0), firstMs: round(first.ms), secondMs: round(second.ms), warmP50: round(median(ms)), load: load1() });
          } finally {
            await server.stop();
          }
        }
        const fig: ColdFigure = {
          shape: shape.name,
          query: shape.query,
          runs,
          firstMs: round(median(runs.map((r) => r.firstMs))),
          secondMs: round(median(runs.map((r) => r.secondMs))),
          warmP50: round(median(warm)),
          warmP95: round(percentile(warm, 95)),
          uptime: uptime(),
        };
        out.cold.push(fig);
        log(
          `  cold ${shape.name}: first request after a restart median ${fig.firstMs} ms (${runs.map((r) => r.firstMs).join(' / ')}), second ${fig.secondMs} ms, warm p50 ${fig.warmP50} / p95 ${fig.warmP95} ms; loads ${runs.map((r) => r.load).join(' / ')}`,
        );
      }
    } catch (e) {
      out.coldError = (e as Error).message.slice(0, 300);
      log(`  cold FAILED: ${out.coldError}`);
    }
  }
  return out;
}

const f1 = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : x >= 100 ? x.toFixed(0) : x.toFixed(1));

/** The RESULTS.md section (between SECTIONS.listScaleExport's markers): right after the list at 1,000,000. */
export function exportScaleMarkdown(
  r: ExportScaleResults,
  markers: { begin: string; end: string },
  meta: { date: string; postgres: string; rssBarMb: number; firstByteBarMs: number; command: string },
): string {
  const lines: string[] = [markers.begin, `### The export of ${r.rows.toLocaleString('en')} rows to a slow reader, and the list cold (issue 12 §2, §3)`, ''];
  lines.push(
    `Written by \`${meta.command}\` (bench/export-scale.ts) on ${meta.date}. PostgreSQL: ${meta.postgres}. The server runs as \`node dist/server.js\` in a child process; its RSS is VmRSS from /proc/<pid>/status, sampled every 250 ms. Every figure has the load average beside it: the machine is shared (2 cores, other sessions running benchmarks and tests) — a load above 2 means the figures are inflated.`,
    '',
  );
  if (r.exportError) lines.push(`Export FAILED: ${r.exportError}`, '');
  const runs = [r.fast, r.slow].filter((x): x is ExportRun => !!x);
  if (runs.length) {
    lines.push(
      markdownTable(
        [
          'reader',
          'first byte ms',
          'total s',
          'reader held s',
          'MB',
          'RSS start MB',
          'at 10 %',
          'peak',
          'end',
          'peak − at 10 %',
          'growth: 2nd half − 10–50 %',
          `flat (growth ≤ ${meta.rssBarMb} MB)`,
          `first byte ≤ ${meta.firstByteBarMs} ms`,
          'load average (start → end)',
        ],
        runs.map((x) => [
          x.reader === 'slow' ? `slow, ${x.rateMBps} MiB/s` : 'as fast as it reads',
          f1(x.firstByteMs),
          (x.ms / 1000).toFixed(1),
          (x.heldMs / 1000).toFixed(1),
          (x.bytes / 1e6).toFixed(1),
          f1(x.rss.startMb),
          f1(x.rss.at10Mb),
          f1(x.rss.peakMb),
          f1(x.rss.endMb),
          f1(x.rss.growthMb),
          f1(x.rss.trendMb),
          x.flat ? 'met' : 'NOT MET',
          x.firstByteMs <= meta.firstByteBarMs ? 'met' : 'NOT MET',
          `${x.load.start} → ${x.load.end}`,
        ]),
      ),
      '',
    );
    for (const x of runs)
      lines.push(
        `- ${x.reader} reader, server RSS at 10 / 25 / 50 / 75 / 100 % of the bytes: ${x.rss.profile.map((p) => p.rssMb).join(' / ')} MB; ${x.load.uptime} at the end.`,
      );
    const c = r.slow?.check;
    if (c)
      lines.push(
        c.error
          ? `- Read back FAILED: ${c.error}`
          : `- Read back (the slow reader's file): ${c.xmlRows.toLocaleString('en')} rows in the sheet XML, the last row numbered ${c.lastRow.toLocaleString('en')} (${r.rows.toLocaleString('en')} members + the header: ${c.xmlRows === r.rows + 1 && c.lastRow === r.rows + 1 ? 'complete' : 'NOT COMPLETE'}); exceljs's streaming reader (stream.xlsx.WorkbookReader) reads ${c.excelJsRows === null ? '–' : c.excelJsRows.toLocaleString('en')} rows${c.excelJsMs === null ? '' : ` in ${(c.excelJsMs / 1000).toFixed(0)} s`}.`,
      );
    lines.push(
      '- Growth = the highest RSS over the second half of the bytes minus the highest over 10–50 % (the warm-up of the writer, the pool and the cursor is behind it by 10 %): what grows with the rows. "peak − at 10 %" also holds the saw-tooth of V8\'s heap between major collections (rows waiting for a slow reader outlive the young generation and are freed by the next major collection), which does not grow with the rows. The slow reader (after the fast one, on the same server process) reads at `--slow-mbps` or at half the rate the server managed for the fast reader, whichever is lower, and pauses the response between chunks to keep to it ("reader held" = the sum of those pauses), so the kernel buffers fill and the server must wait: what it holds is its read-ahead (3 batches of 1,000 rows), the writer\'s chunk and the deflate window.',
      '',
    );
  }
  if (r.coldError) lines.push(`Cold FAILED: ${r.coldError}`, '');
  if (r.cold?.length) {
    lines.push(
      markdownTable(
        [
          'GET /users',
          'cold: first request (median)',
          'each restart',
          'second request',
          'warm p50',
          'warm p95',
          'process up in (median)',
          'load average per restart',
        ],
        r.cold.map((c) => [
          c.shape,
          f1(c.firstMs),
          c.runs.map((x) => f1(x.firstMs)).join(' / '),
          f1(c.secondMs),
          f1(c.warmP50),
          f1(c.warmP95),
          `${median(c.runs.map((x) => x.startMs)).toFixed(0)} ms`,
          c.runs.map((x) => x.load).join(' / '),
        ]),
      ),
      '',
      `Cold: for each shape ${r.cold[0].runs.length} times, \`node dist/server.js\` started anew on the same database (PostgreSQL's caches stay warm: a restart of the server, not of the database); the operator's session cookie; the page timed to the last byte as the process's first request, then once more; then 3 warm-up requests and ${r.cold[0].runs.length > 0 ? 'the warm samples' : ''} (warm p50/p95 over all restarts). ${r.cold[r.cold.length - 1].uptime} at the end.`,
      '',
    );
  }
  lines.push(markers.end);
  return lines.join('\n');
}
