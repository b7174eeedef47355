import type { Readable } from 'node:stream';
import type { Ctx } from '../kernel/auth-context.js';
import { requireActor } from '../kernel/auth-context.js';
import { decodePosition, keysetPage, positionOf, type Position } from '../kernel/pagination.js';
import { readAhead } from '../kernel/read-ahead.js';
import { xlsxStream } from '../kernel/xlsx.js';
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

/**
 * R-D1, R-D2: views, type/status, per-column searches, free text, sort by any column, keyset pages.
 * `total` is an exact count taken with the first page; the cursor carries it to the later pages, so paging
 * costs one index range scan and never a recount (the list can change meanwhile — reload for a fresh total).
 */
export async function listUsers(ctx: Ctx, orgId: string, query: ListUsersQuery) {
  await mayList(ctx, orgId);
  const key = q.usersKeyset(query);
  const cursor = decodePosition(query.cursor, key, ['count']);
  const [rows, total, catalogue] = await Promise.all([
    q.listUsersPage(ctx.db, orgId, query, query.limit + 1, cursor?.after ?? null),
    cursor ? Number(cursor.carried[0]) : q.countUsers(ctx.db, orgId, query),
    getCatalogue(ctx.db),
  ]);
  return keysetPage(rows, {
    limit: query.limit,
    key,
    total,
    carry: [total],
    items: (page) => loadUserViews(ctx.db, catalogue, orgId, page, todayOf(ctx.clock.now())),
  });
}

const HEADERS = {
  en: [
    'First name',
    'Last name',
    'E-mail',
    'Organisation',
    'Office',
    'Own/partner',
    'Type',
    'Status',
    'Valid from',
    'Valid until',
    'Packages',
    'Modules',
    'Added',
  ],
  sv: [
    'Förnamn',
    'Efternamn',
    'E-post',
    'Organisation',
    'Kontor',
    'Egen/partner',
    'Typ',
    'Status',
    'Giltig från',
    'Giltig till',
    'Paket',
    'Moduler',
    'Tillagd',
  ],
  fi: [
    'Etunimi',
    'Sukunimi',
    'Sähköposti',
    'Organisaatio',
    'Toimipaikka',
    'Oma/kumppani',
    'Tyyppi',
    'Tila',
    'Voimassa alkaen',
    'Voimassa asti',
    'Paketit',
    'Moduulit',
    'Lisätty',
  ],
  nb: [
    'Fornavn',
    'Etternavn',
    'E-post',
    'Organisasjon',
    'Kontor',
    'Egen/partner',
    'Type',
    'Status',
    'Gyldig fra',
    'Gyldig til',
    'Pakker',
    'Moduler',
    'Lagt til',
  ],
} as const;

const BATCH = 1000;

type ExportRow = Awaited<ReturnType<ReturnType<typeof q.exportRowsQuery>['execute']>>[number];

/** One export row as the 13 cells of the sheet, in the columns' order (the bench writes the same cells). */
export function exportCells(m: ExportRow) {
  return [
    m.first_name,
    m.last_name,
    m.email,
    m.home_org_name,
    m.office_name,
    m.home,
    m.type,
    m.status,
    m.valid_from,
    m.valid_until,
    m.packages ?? '',
    m.modules ?? '',
    m.added,
  ];
}

/**
 * R-D3: the list as .xlsx with exactly the list's filters and order, streamed: on PostgreSQL one statement read
 * through a cursor, on PGlite keyset batches (its one connection stays free for other requests between batches).
 * The first rows are read before answering, so bad input fails as a problem, not as a broken download.
 */
export async function exportUsers(ctx: Ctx, orgId: string, query: ExportUsersQuery): Promise<{ filename: string; stream: Readable }> {
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
        yield exportCells(r.value);
      }
    } finally {
      await source.return?.(); // an aborted download releases the cursor and its connection
    }
  }
  const language = ctx.actor?.language ?? 'en';
  const safeName =
    org.name
      .replace(/[^\p{L}\p{N} _-]/gu, '')
      .trim()
      .replace(/\s+/g, '-') || 'users';
  const stream = xlsxStream('Users', [...HEADERS[language]], rows());
  // Aborted before the sheet asked for its first row: rows() never ran, so its finally cannot release the cursor.
  stream.on('close', () => {
    if (!started) void source.return?.();
  });
  return { filename: `${safeName}-users.xlsx`, stream };
}
