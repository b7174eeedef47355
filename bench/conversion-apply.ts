import { SECTIONS } from './results-file.js';
import os from 'node:os';
import { nextBusinessIdFor } from './conversion-ids.js';
import type { Database } from '../src/kernel/db.js';
import { sampleLegacyExport } from '../src/conversion/legacy-sample.js';
import { listenBenchApp, type Session } from './app.js';
import { median, round } from './stats.js';

/** Issue 9's bar: applying a legacy customer of 5,000 logins and 6,000 persons in one transaction within 5 s (PostgreSQL). */
export const CONVERSION_BAR_MS = 5_000;

export interface ConversionOptions {
  runs: number;
  logins: number;
  persons: number;
}

export interface ConversionRun {
  importMs: number;
  openMs: number;
  resolveMs: number;
  planGetMs: number;
  applyMs: number;
  rssBeforeMb: number;
  rssPeakMb: number;
  users: number;
  load1: number;
}

const load1 = () => round(os.loadavg()[0], 2);
const mbOf = (bytes: number) => round(bytes / 1024 ** 2, 1);

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: round(performance.now() - t0), value };
}

async function ok(session: Session, method: string, path: string, body?: unknown) {
  const r = await session.json(method, path, body);
  if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body).slice(0, 400)}`);
  return r.body;
}

/**
 * One legacy customer of `logins` logins and `persons` persons (the demo's conflicts of each kind, an integration
 * login, persons without login) imported over HTTP, its three conflicts resolved, then POST …/apply timed — one
 * transaction with set-based inserts of accounts, persons, memberships, grants, invitation tokens and outbox mail.
 * RSS of the process is sampled every 10 ms during apply (memory should stay flat: nothing per user is kept).
 */
export async function runConversionBench(database: Database, opts: ConversionOptions, log: (s: string) => void, onClose: (close: () => Promise<void>) => void) {
  const { nyckel, session } = await listenBenchApp(database, log);
  onClose(() => nyckel.close());
  const runs: ConversionRun[] = [];
  for (let run = 0; run < opts.runs; run++) {
    const d = `conv${run}${Date.now().toString(36)}.bench.nyckel`;
    const extra = opts.logins - 8;
    const body = sampleLegacyExport({
      org: { name: `Bench Legacy ${run} ${d}`, country: 'SE', businessId: nextBusinessIdFor(run) },
      domain: d,
      extra,
      extraPersonsWithoutLogin: opts.persons - 9 - extra,
      licenses: { accounting: opts.logins, invoicing: opts.logins, payroll: opts.logins, crm: opts.logins, projects: opts.logins, timesheets: opts.logins },
    });
    const imported = await timed(() => ok(session, 'POST', '/api/v1/legacy-imports', body));
    const orgId = imported.value.org.id as string;
    const c = `/api/v1/orgs/${orgId}/conversion`;
    const opened = await timed(() => ok(session, 'POST', c));
    const resolved = await timed(async () => {
      await ok(session, 'PUT', `${c}/conflicts/shared_login.L3`, {
        decisions: [
          { personKey: 'P3', becomes: 'user' },
          { personKey: 'P4', becomes: 'user', email: `david.holm@${d}` },
        ],
      });
      await ok(session, 'PUT', `${c}/conflicts/missing_email.P2`, { decisions: [{ personKey: 'P2', becomes: 'user', email: `bo.ek@${d}` }] });
      return ok(session, 'PUT', `${c}/conflicts/duplicate_email.P5`, {
        decisions: [
          { personKey: 'P5', becomes: 'user' },
          { personKey: 'P6', becomes: 'person' },
        ],
      });
    });
    const plan = await timed(() => ok(session, 'GET', c));
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 10);
    const applied = await timed(() => ok(session, 'POST', `${c}/apply`, { version: plan.value.version }));
    clearInterval(sampler);
    const r: ConversionRun = {
      importMs: imported.ms,
      openMs: opened.ms,
      resolveMs: resolved.ms,
      planGetMs: plan.ms,
      applyMs: applied.ms,
      rssBeforeMb: mbOf(rssBefore),
      rssPeakMb: mbOf(peak),
      users: applied.value.usersTotal,
      load1: load1(),
    };
    runs.push(r);
    log(
      `  ${database.kind} run ${run + 1}: import ${r.importMs} ms, open ${r.openMs} ms, GET plan ${r.planGetMs} ms, apply ${r.applyMs} ms (${r.users} members), RSS ${r.rssBeforeMb} → peak ${r.rssPeakMb} MB, load ${r.load1}`,
    );
  }
  const applyMedian = median(runs.map((r) => r.applyMs));
  return {
    kind: database.kind,
    logins: opts.logins,
    persons: opts.persons,
    runs,
    applyMedianMs: round(applyMedian),
    planGetMedianMs: round(median(runs.map((r) => r.planGetMs))),
    rssGrowthMedianMb: round(median(runs.map((r) => r.rssPeakMb - r.rssBeforeMb)), 1),
    met: applyMedian <= CONVERSION_BAR_MS,
  };
}

/** The conversion part's section of bench/RESULTS.md (between its markers, kept by runs of other parts). */
export function conversionMarkdown(
  results: Record<string, Awaited<ReturnType<typeof runConversionBench>>>,
  o: ConversionOptions,
  context: { date: string; postgres: string; load: string },
): string {
  const { begin, end } = SECTIONS.conversion;
  const rows = Object.values(results).map((r) => {
    const label = r.kind === 'postgres' ? `PostgreSQL (${context.postgres})` : 'PGlite (embedded, on disk)';
    const bar = r.kind === 'postgres' ? `≤ ${CONVERSION_BAR_MS.toLocaleString('en')} ms: ${r.met ? 'met' : '**NOT met**'}` : '—';
    return `| ${label} | ${r.applyMedianMs.toLocaleString('en')} ms | ${r.runs.map((x) => `${x.applyMs.toLocaleString('en')} (load ${x.load1})`).join(' / ')} | ${r.planGetMedianMs.toLocaleString('en')} ms | ${r.rssGrowthMedianMb} MB | ${bar} |`;
  });
  return [
    begin,
    '## Conversion apply (issue 9, `npm run bench -- conversion`)',
    '',
    `\`npm run bench -- conversion\` on ${context.date}: a legacy customer of ${o.logins.toLocaleString('en')} logins and ${o.persons.toLocaleString('en')} persons imported over HTTP, its three conflicts resolved, then \`POST …/conversion/apply\` timed to the answer — one transaction, set-based inserts of accounts, persons, memberships, grants, invitation tokens and outbox mail, ${o.runs} runs per database. ${context.load}`,
    '',
    '| database | apply (median) | runs, ms | GET plan (median) | RSS growth during apply (median) | bar |',
    '|---|---|---|---|---|---|',
    ...rows,
    end,
  ].join('\n');
}
