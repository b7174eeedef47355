// bench/RESULTS.md is shared by the parts of `npm run bench`: the list part's figures first (no markers), then one
// section per other part between its own markers. A run rewrites the sections it measured in full and keeps every
// other section as the file had it — a run of one part never drops another part's figures.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Section {
  begin: string;
  end: string;
}

/** The marked sections in their order in the file. */
export const SECTIONS = {
  coverage: { begin: '<!-- coverage: bench/results-file.ts COVERAGE -->', end: '<!-- /coverage -->' },
  me: { begin: '<!-- me: written by `npm run bench -- me` (bench/me-bench.ts) -->', end: '<!-- /me -->' },
  access: { begin: '<!-- access -->', end: '<!-- /access -->' },
  conversion: { begin: '<!-- conversion-bench:start -->', end: '<!-- conversion-bench:end -->' },
  check: { begin: '<!-- check-bench:start -->', end: '<!-- check-bench:end -->' },
  signin: { begin: '<!-- signin: written by `npm run bench -- signin` (bench/signin-bench.ts) -->', end: '<!-- /signin -->' },
  start: { begin: '<!-- start: written by `npm run bench -- start` (bench/start-bench.ts) -->', end: '<!-- /start -->' },
  listScale: { begin: '<!-- list-scale: written by `npm run bench -- list --rows 1000000` (bench/list-scale.ts) -->', end: '<!-- /list-scale -->' },
  // Right after the list at scale (its sub-section): `--only export,cold` rewrites this alone.
  listScaleExport: {
    begin: '<!-- list-scale-export: written by `npm run bench -- list --rows 1000000 --only export,cold` (bench/export-scale.ts) -->',
    end: '<!-- /list-scale-export -->',
  },
} satisfies Record<string, Section>;
export type SectionName = keyof typeof SECTIONS;

/**
 * Which SPEC §5 bar each part measures, on what, and where its figures are (issue 12 §3: RESULTS.md lists what it
 * covers). Written into every RESULTS.md by writeResults; keep it true when a part changes.
 */
export const COVERAGE = `${SECTIONS.coverage.begin}
## What each bar covers

| SPEC §5 bar | part | section below | covers | does not cover (yet) |
| --- | --- | --- | --- | --- |
| user list: keyset pages ≤ 20 ms, free text and totals ≤ 50 ms, PGlite within 2.5× | \`npm run bench\` (list) | the first part ("User list over HTTP") | one organisation of 100,000 members (default \`--rows\`); the six shapes of the issue and the (+) shapes: sorts lastName, firstName, email desc, organization, createdAt desc, type, status; filters type, status, view partner/inactive, lastName prefix; free text (one name, two words); first pages with their total, page 2 and page 201 by cursor; PostgreSQL and PGlite | issue 12 §2's 1,000,000 members, broad and one-letter terms, combined filters, totals after 20 % updates without vacuum (another part of issue 12) |
| .xlsx export ≤ 1.3× exceljs, first byte ≤ 1 s, RSS growth ≤ 32 MB | \`npm run bench\` (list) | "Export of 100,000 rows", "Peak RSS" | 100,000 rows over HTTP vs exceljs alone; RSS of fresh children at 100,000 and 400,000 rows | – (1,000,000 rows: the next row) |
| the export streams 1,000,000 rows to a slow reader with flat RSS, first byte ≤ 1 s (issue 12 §2); the user list cold beside warm (§3) | \`npm run bench -- list --rows 1000000\` (alone: \`--only export,cold\`) | "The export of 1,000,000 rows to a slow reader, and the list cold" | PostgreSQL; the server in a child process, its RSS from /proc every 250 ms; a fast reader, then a slow one (1.5 MiB/s, or half the rate the server managed for the fast one when lower: the reader sets the pace); the file read back (sheet XML rows, exceljs streaming reader); cold = the first request of a restarted server process, default first page and type=employee&status=active, 3 restarts each, beside warm p50/p95 | PGlite; cold after a restart of the database itself |
| a consultant in 2,000 client organisations: /me, the organisation switcher and their access list p95 ≤ 50 ms | \`npm run bench -- me\` | "A consultant in many client organisations" | 20,000 organisations; consultants in 2,000 and 5,000 clients, an agency administrator, a one-membership user; GET /me, GET /orgs first page, GET /accounts/{own id}/access first page, warm (200 requests each) and cold (the first request of a restarted server process) | – |
| bulk grant 400,000 items ≤ 3× COPY and ≤ 10 s; exactly once after a kill | \`npm run bench -- access\` | "Agency bulk access" | 100 consultants × 1,000 clients × 4 modules, 3 rounds, kill -9 at ~50 % | – |
| check API: ≥ 85 % of a bare route, ≥ 10,000/s, p99 ≤ 10 ms at half; in-process ≥ 2,000,000/s, p99 ≤ 2 µs; revoke on every node ≤ 1 s | \`npm run bench -- check\` | "The check API" | 100,000 accounts, 400,000 grants; autocannon 20 connections; 3 nodes in one process for propagation | – |
| sign-in: argon2id 19 MiB/t=2/p=1, hashing capped at the core count, throttling before hashing; the server stays responsive (issue 12 §3) | \`npm run bench -- signin\` | "Sign-in throughput …" | sign-ins/s over HTTP (8 concurrent loops, 10 s) against a production server process; /health and /me p95 quiet vs during the storm; 401 (hashed) vs 429 (not hashed); GET /me cold after 3 restarts | – (SPEC gives no sign-in rate) |
| conversion apply of a legacy customer ≤ 5 s (issue 9) | \`npm run bench -- conversion\` | "Conversion apply" | 5,000 logins, 6,000 persons, PostgreSQL and PGlite | – |
| fast start: \`npm start\` answers its first request ≤ 2 s on an existing data directory, ≤ 8 s on a new one with demo data (issue 12 §4) | \`npm run bench -- start\` | "Fast start" | \`npm start\` on the embedded database, from the spawn to the first 200 of /api/v1/health, median of 3, new and existing data directory; then cold: the console page and its script, sign-in and GET /api/v1/me | PostgreSQL (DATABASE_URL): no template or demo data step, not timed here |

Every figure in every section has the 1-minute load average beside it (writeResults refuses a section without one): the machine these were measured on is shared, and a loaded run says so.
${SECTIONS.coverage.end}`;

const file = path.join(path.dirname(fileURLToPath(import.meta.url)), 'RESULTS.md');

function split(text: string): { list: string; sections: Partial<Record<SectionName, string>> } {
  const sections: Partial<Record<SectionName, string>> = {};
  let rest = text;
  for (const [name, { begin, end }] of Object.entries(SECTIONS) as [SectionName, Section][]) {
    const at = rest.indexOf(begin);
    const to = rest.indexOf(end, at);
    if (at < 0 || to < 0) continue;
    sections[name] = rest.slice(at, to + end.length);
    rest = rest.slice(0, at) + rest.slice(to + end.length);
  }
  return { list: rest.trim() || '# Benchmark results', sections };
}

/**
 * Writes RESULTS.md with `list` (the list part's figures, when this run measured them in full) and `sections`
 * (each a full section including its markers), keeping everything else the file held.
 */
export function writeResults(update: { list?: string; sections?: Partial<Record<SectionName, string>> }): void {
  // Issue 12 §3: every figure is written with the 1-minute load average beside it (the machine may be shared).
  for (const [name, text] of [['list', update.list] as const, ...Object.entries(update.sections ?? {})])
    if (text && name !== 'coverage' && !/load average/i.test(text))
      throw new Error(`bench/RESULTS.md: the ${name} section gives no load average beside its figures`);
  const previous = split(existsSync(file) ? readFileSync(file, 'utf8') : '');
  const list = update.list ?? previous.list;
  const sections = { ...previous.sections, ...update.sections, coverage: COVERAGE };
  const parts = [list.trimEnd(), ...(Object.keys(SECTIONS) as SectionName[]).flatMap((n) => (sections[n] ? [sections[n]!.trim()] : []))];
  writeFileSync(file, `${parts.join('\n\n')}\n`);
}
