import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setImmediate as tick } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import { xlsxStream } from '../src/kernel/xlsx.js';
import { FIRST_NAMES, LAST_NAMES } from './seed.js';

export type Cell = string | number | Date | null;
export type Row = Cell[];

/** The export's 12 columns (English headers, as src/users/list.ts writes them). */
export const HEADER = [
  'First name',
  'Last name',
  'E-mail',
  'Organisation',
  'Own/partner',
  'Type',
  'Status',
  'Valid from',
  'Valid until',
  'Packages',
  'Modules',
  'Added',
];

/** Rows in the shape exportUsers yields, synthetic and deterministic (for the RSS children: no database). */
export function* syntheticRows(n: number): Generator<Row> {
  const partners = ['Revisorerna Syd AB', 'Tilitoimisto Aalto Oy', 'Regnskapshuset Vest AS', 'Konsulttipalvelu Kivi Oy', 'Lönebyrån Norr AB'];
  const types = ['employee', 'employee', 'employee', 'employee', 'employee', 'employee', 'external', 'no_access', 'person'];
  for (let i = 1; i <= n; i++) {
    const h = Math.imul(i, 2654435761) >>> 0;
    const first = FIRST_NAMES[h % FIRST_NAMES.length];
    const last = LAST_NAMES[(h >>> 8) % LAST_NAMES.length];
    const partner = (h >>> 16) % 100 < 15;
    const org = partner ? partners[(h >>> 4) % partners.length] : 'Nordvik Industri Oy';
    const type = types[(h >>> 12) % types.length];
    const external = type === 'external';
    const day = 1 + ((h >>> 3) % 28);
    yield [
      first,
      last,
      `${first.toLowerCase()}.${last.toLowerCase()}.${i}@${partner ? 'partner.example' : 'nordvik.fi'}`,
      org,
      partner ? 'partner' : 'own',
      type,
      (h >>> 20) % 10 === 0 ? 'invited' : 'active',
      external ? `2025-03-${String(day).padStart(2, '0')}` : null,
      external ? `2026-11-${String(day).padStart(2, '0')}` : null,
      type === 'employee' || external ? ((h >>> 24) % 3 === 0 ? 'base-accounting, base-payroll' : 'base-accounting') : '',
      (h >>> 7) % 12 === 0 ? 'documents' : '',
      `202${(h >>> 9) % 6}-0${1 + ((h >>> 5) % 9)}-${String(day).padStart(2, '0')}`,
    ];
  }
}

/**
 * Rows as an async iterable that gives the event loop a turn every 1,000 rows — where the real export awaits its
 * next keyset batch from the database — so both writers can flush between batches.
 */
export async function* batched(rows: Iterable<Row>, batch = 1000): AsyncGenerator<Row> {
  let i = 0;
  for (const row of rows) {
    yield row;
    if (++i % batch === 0) await tick();
  }
}

export interface WriteResult {
  ms: number;
  firstByteMs: number;
  bytes: number;
}

/** A sink that throws the bytes away, counting them and noting when the first one arrived. */
export function nullSink(t0: number) {
  const r = { bytes: 0, firstByteMs: NaN };
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      if (r.bytes === 0) r.firstByteMs = performance.now() - t0;
      r.bytes += chunk.length;
      cb();
    },
  });
  return { stream, r };
}

/** Our writer (src/kernel/xlsx.ts) into a null sink. */
export async function writeOurs(rows: AsyncIterable<Row>): Promise<WriteResult> {
  const t0 = performance.now();
  const { stream, r } = nullSink(t0);
  await pipeline(xlsxStream('Users', HEADER, rows), stream);
  return { ms: performance.now() - t0, firstByteMs: r.firstByteMs, bytes: r.bytes };
}

/** exceljs's streaming WorkbookWriter (default options: no shared strings, no styles) into a null sink. */
export async function writeExcelJs(rows: AsyncIterable<Row>): Promise<WriteResult> {
  const t0 = performance.now();
  const { stream, r } = nullSink(t0);
  const finished = new Promise<void>((resolve, reject) => {
    stream.on('finish', resolve);
    stream.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream });
  const ws = wb.addWorksheet('Users', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.addRow(HEADER).commit();
  for await (const row of rows) ws.addRow(row).commit();
  ws.commit();
  await wb.commit();
  await finished;
  return { ms: performance.now() - t0, firstByteMs: r.firstByteMs, bytes: r.bytes };
}
