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
  me: { begin: '<!-- me: written by `npm run bench -- me` (bench/me-bench.ts) -->', end: '<!-- /me -->' },
  access: { begin: '<!-- access -->', end: '<!-- /access -->' },
  conversion: { begin: '<!-- conversion-bench:start -->', end: '<!-- conversion-bench:end -->' },
  check: { begin: '<!-- check-bench:start -->', end: '<!-- check-bench:end -->' },
  signin: { begin: '<!-- signin: written by `npm run bench -- signin` (bench/signin-bench.ts) -->', end: '<!-- /signin -->' },
} satisfies Record<string, Section>;
export type SectionName = keyof typeof SECTIONS;

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
    if (text && !/load average/i.test(text)) throw new Error(`bench/RESULTS.md: the ${name} section gives no load average beside its figures`);
  const previous = split(existsSync(file) ? readFileSync(file, 'utf8') : '');
  const list = update.list ?? previous.list;
  const sections = { ...previous.sections, ...update.sections };
  const parts = [list.trimEnd(), ...(Object.keys(SECTIONS) as SectionName[]).flatMap((n) => (sections[n] ? [sections[n]!.trim()] : []))];
  writeFileSync(file, `${parts.join('\n\n')}\n`);
}
