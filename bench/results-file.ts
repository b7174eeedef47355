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
  listScale: { begin: '<!-- list-scale: written by `npm run bench -- list --rows 1000000` (bench/list-scale.ts) -->', end: '<!-- /list-scale -->' },
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
  const previous = split(existsSync(file) ? readFileSync(file, 'utf8') : '');
  const list = update.list ?? previous.list;
  const sections = { ...previous.sections, ...update.sections };
  const parts = [list.trimEnd(), ...(Object.keys(SECTIONS) as SectionName[]).flatMap((n) => (sections[n] ? [sections[n]!.trim()] : []))];
  writeFileSync(file, `${parts.join('\n\n')}\n`);
}
