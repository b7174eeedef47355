import type { Readable } from 'node:stream';
import type { Ctx } from '../kernel/auth-context.js';
import { requireActor } from '../kernel/auth-context.js';
import { decodePosition, keysetPage, positionOf, type Keyset, type Position } from '../kernel/pagination.js';
import { readAhead } from '../kernel/read-ahead.js';
import { xlsxStream } from '../kernel/xlsx.js';
import { consoleText } from '../kernel/console-texts.js';
import type { Language } from '../kernel/enums.js';
import { getCatalogue } from '../catalogue/service.js';
import { todayOf } from '../access/effective.js';
import * as policy from '../access/policy.js';
import * as q from './queries.js';
import type { ExportUsersQuery, ListUsersQuery } from './schema.js';
import { loadUserViews } from './view.js';

/** The user list is for system and program administrators (and operators). */
async function mayList(ctx: Ctx, orgId: string) {
  await policy.require(ctx.db, requireActor(ctx), 'listUsers', orgId, ctx.clock.now());
}

/** A cursor of [sort value, id, total, atLeast 0|1]; one of [sort value, id, total] (before totalKind) stays valid. */
function decodeListCursor(cursor: string | undefined, key: Keyset) {
  try {
    return decodePosition(cursor, key, ['count', 'flag']);
  } catch (e) {
    const old = (() => {
      try {
        return decodePosition(cursor, key, ['count']);
      } catch {
        return null;
      }
    })();
    if (!old) throw e;
    return { after: old.after, carried: [old.carried[0], 0] };
  }
}

/**
 * R-D1, R-D2: views, type/status, per-column searches, free text, sort by any column, keyset pages.
 * `total` is counted with the first page — exactly up to the cap (config.userListTotalCap, 10,000), beyond it
 * `totalKind: 'atLeast'` — and the cursor carries it to the later pages, so paging never recounts (the list can
 * change meanwhile — reload for a fresh total). See queries.ts for the plan of each shape.
 */
export async function listUsers(ctx: Ctx, orgId: string, query: ListUsersQuery) {
  await mayList(ctx, orgId);
  const key = q.usersKeyset(query);
  const cursor = decodeListCursor(query.cursor, key);
  const cap = ctx.config.userListTotalCap;
  const [rows, counted, catalogue] = await Promise.all([
    q.listUsersPage(ctx.db, orgId, query, query.limit + 1, cursor?.after ?? null, ctx.config.userListWindow),
    cursor ? { total: Number(cursor.carried[0]), atLeast: cursor.carried[1] === 1 } : q.countUsersCapped(ctx.db, orgId, query, cap),
    getCatalogue(ctx.db),
  ]);
  const page = await keysetPage(rows, {
    limit: query.limit,
    key,
    total: counted.total,
    carry: [counted.total, counted.atLeast ? 1 : 0],
    items: (page) => loadUserViews(ctx.db, catalogue, orgId, page, todayOf(ctx.clock.now())),
  });
  return { ...page, totalKind: counted.atLeast ? ('atLeast' as const) : ('exact' as const) };
}

/** The sheet's columns: header key (users:export.columns.*) and width in characters. */
const COLUMNS = [
  ['firstName', 16],
  ['lastName', 18],
  ['email', 32],
  ['organization', 28],
  ['office', 20],
  ['home', 14],
  ['type', 22],
  ['status', 14],
  ['validFrom', 14, 'date'],
  ['validUntil', 14, 'date'],
  ['packages', 40],
  ['modules', 48],
  ['added', 14, 'date'],
] as const;

/** The words of one export's language: enum values, package and module names (joined lists cached: they repeat). */
export function exportWords(language: Language) {
  const word = (key: string, fallback: string) => consoleText(language, key) ?? fallback;
  const admin = word('users:export.admin', 'administrator');
  const cache = new Map<string, string>();
  const list = (kind: 'packages' | 'modules', keys: string | null) => {
    if (!keys) return '';
    const id = `${kind}|${keys}`;
    let text = cache.get(id);
    if (text === undefined) {
      text = keys
        .split(', ')
        .map((k) => {
          const isAdmin = kind === 'modules' && k.endsWith(' (admin)');
          const key = isAdmin ? k.slice(0, -' (admin)'.length) : k;
          const name = word(`common:${kind}.${key}`, key);
          return isAdmin ? `${name} (${admin})` : name;
        })
        .join(', ');
      if (cache.size < 10_000) cache.set(id, text);
    }
    return text;
  };
  return {
    language,
    header: (key: string) => word(`users:export.columns.${key}`, key),
    sheet: word('users:export.sheet', 'Users'),
    file: word('users:export.file', 'users'),
    type: (v: string) => word(`users:type.${v}`, v),
    status: (v: string) => word(`users:status.${v}`, v),
    home: (v: string) => word(`users:export.home.${v}`, v),
    packages: (keys: string | null) => list('packages', keys),
    modules: (keys: string | null) => list('modules', keys),
  };
}
export type ExportWords = ReturnType<typeof exportWords>;

/** A day (YYYY-MM-DD) as a date cell's value, midnight UTC: the sheet shows it as the reader's short date. */
const day = (d: string | null) => (d ? new Date(`${d}T00:00:00Z`) : null);

const BATCH = 1000;

type ExportRow = Awaited<ReturnType<ReturnType<typeof q.exportRowsQuery>['execute']>>[number];

let english: ExportWords | undefined;

/**
 * One export row as the 13 cells of the sheet, in the columns' order and the words' language (the bench writes the
 * same cells): type, status, own/partner, packages and modules in words; validity and "Added" as date cells.
 */
export function exportCells(m: ExportRow, words: ExportWords = (english ??= exportWords('en'))) {
  return [
    m.first_name,
    m.last_name,
    m.email,
    m.home_org_name,
    m.office_name ?? '',
    words.home(m.home),
    words.type(m.type),
    words.status(m.status),
    day(m.valid_from),
    day(m.valid_until),
    words.packages(m.packages),
    words.modules(m.modules),
    day(m.added),
  ];
}

/**
 * R-D3: the list as .xlsx with exactly the list's filters and order, streamed: on PostgreSQL one statement read
 * through a cursor, on PGlite keyset batches (its one connection stays free for other requests between batches).
 * The first rows are read before answering, so bad input fails as a problem, not as a broken download.
 */
export async function exportUsers(ctx: Ctx, orgId: string, query: ExportUsersQuery, language: Language): Promise<{ filename: string; stream: Readable }> {
  await mayList(ctx, orgId);
  const org = (await q.findOrgName(ctx.db, orgId))!;
  const key = q.usersKeyset(query);
  const db = ctx.db;
  let source: AsyncIterator<ExportRow>;
  if (ctx.dbKind === 'postgres') {
    // Up to 3 batches read ahead: the database works on the next rows while these are written.
    source = readAhead(q.exportRowsQuery(db, orgId, query, null).stream(BATCH)[Symbol.asyncIterator](), 3 * BATCH);
  } else {
    source = (async function* batches() {
      let after: Position | null = null;
      for (;;) {
        const batch = await q.exportRowsQuery(db, orgId, query, after).limit(BATCH).execute();
        yield* batch;
        if (batch.length < BATCH) return;
        after = positionOf(batch[batch.length - 1], key);
      }
    })();
  }
  const first = await source.next();
  let started = false;
  async function* rows() {
    started = true;
    try {
      for (let r = first; !r.done; r = await source.next()) {
        yield exportCells(r.value, words);
      }
    } finally {
      await source.return?.(); // an aborted download releases the cursor and its connection
    }
  }
  const words = exportWords(language);
  const safeName =
    org.name
      .replace(/[^\p{L}\p{N} _-]/gu, '')
      .trim()
      .replace(/\s+/g, '-') || 'users';
  const stream = xlsxStream(
    words.sheet,
    COLUMNS.map(([key, width, format]) => ({ header: words.header(key), width, ...(format ? { format } : {}) })),
    rows(),
  );
  // Aborted before the sheet asked for its first row: rows() never ran, so its finally cannot release the cursor.
  stream.on('close', () => {
    if (!started) void source.return?.();
  });
  return { filename: `${safeName}-${words.file}.xlsx`, stream };
}
