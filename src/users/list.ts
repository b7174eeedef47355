import type { Readable } from 'node:stream';
import type { Ctx } from '../kernel/auth-context.js';
import { requireActor } from '../kernel/auth-context.js';
import { AppError } from '../kernel/errors.js';
import { decodeCursor, encodeCursor } from '../kernel/pagination.js';
import { xlsxStream } from '../kernel/xlsx.js';
import { getCatalogue } from '../catalogue/service.js';
import { requireVisible, todayOf } from '../rights/service.js';
import * as q from './queries.js';
import type { ExportUsersQuery, ListUsersQuery } from './schema.js';
import { loadUserViews } from './view.js';

/** The user list is for system and program administrators (and operators). */
async function mayList(ctx: Ctx, orgId: string) {
  const actor = requireActor(ctx);
  const rights = await requireVisible(ctx.db, actor, orgId, ctx.clock.now());
  if (!rights.admin && !rights.programAdminOf.length) throw new AppError('forbidden');
}

const cursorValue = (row: Record<string, unknown>, col: string): string => {
  const v = row[col];
  return v instanceof Date ? v.toISOString() : String(v ?? '');
};

/** R-D1, R-D2: views, type/status, per-column searches, free text, sort by any column, keyset pages, exact total. */
export async function listUsers(ctx: Ctx, orgId: string, query: ListUsersQuery) {
  await mayList(ctx, orgId);
  const after = decodeCursor(query.cursor, [query.sort === 'createdAt' ? 'time' : 'text', 'uuid']);
  const col = q.sortColumn(query.sort);
  const [rows, total, catalogue] = await Promise.all([
    q.listUsersPage(ctx.db, orgId, query, query.limit + 1, after),
    q.countUsers(ctx.db, orgId, query),
    getCatalogue(ctx.db),
  ]);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1] as Record<string, unknown> | undefined;
  return {
    items: await loadUserViews(ctx.db, catalogue, orgId, page, todayOf(ctx.clock.now())),
    total,
    nextCursor: rows.length > query.limit && last ? encodeCursor([cursorValue(last, col), last.id as string]) : null,
  };
}

const HEADERS = {
  en: ['First name', 'Last name', 'E-mail', 'Organisation', 'Own/partner', 'Type', 'Status', 'Valid from', 'Valid until', 'Packages', 'Modules', 'Added'],
  sv: ['Förnamn', 'Efternamn', 'E-post', 'Organisation', 'Egen/partner', 'Typ', 'Status', 'Giltig från', 'Giltig till', 'Paket', 'Moduler', 'Tillagd'],
  fi: ['Etunimi', 'Sukunimi', 'Sähköposti', 'Organisaatio', 'Oma/kumppani', 'Tyyppi', 'Tila', 'Voimassa alkaen', 'Voimassa asti', 'Paketit', 'Moduulit', 'Lisätty'],
  nb: ['Fornavn', 'Etternavn', 'E-post', 'Organisasjon', 'Egen/partner', 'Type', 'Status', 'Gyldig fra', 'Gyldig til', 'Pakker', 'Moduler', 'Lagt til'],
} as const;

const BATCH = 1000;

/**
 * R-D3: the list as .xlsx with exactly the list's filters and order, streamed: keyset batches are read while
 * earlier rows are already on the wire.
 */
export async function exportUsers(ctx: Ctx, orgId: string, query: ExportUsersQuery): Promise<{ filename: string; stream: Readable }> {
  await mayList(ctx, orgId);
  const org = (await q.findOrgName(ctx.db, orgId))!;
  const col = q.sortColumn(query.sort);
  const db = ctx.db;
  // The first batch is read before answering, so bad input fails as a problem, not as a broken download.
  const first = await q.listUsersPage(db, orgId, query, BATCH, null);
  async function* rows() {
    let after: string[] | null = null;
    for (let batch = first; ; batch = await q.listUsersPage(db, orgId, query, BATCH, after)) {
      if (!batch.length) return;
      const { packages, modules } = await q.loadGrants(db, orgId, batch.map((r) => r.id));
      const pk = new Map<string, string[]>();
      for (const p of packages) pk.set(p.membership_id, [...(pk.get(p.membership_id) ?? []), p.package_key]);
      const md = new Map<string, string[]>();
      for (const m of modules) md.set(m.membership_id, [...(md.get(m.membership_id) ?? []), m.admin ? `${m.module_key} (admin)` : m.module_key]);
      for (const r of batch) {
        yield [r.first_name, r.last_name, r.email, r.home_org_name, r.home, r.type, r.status, r.valid_from, r.valid_until,
          (pk.get(r.id) ?? []).sort().join(', '), (md.get(r.id) ?? []).sort().join(', '), r.created_at.toISOString().slice(0, 10)];
      }
      if (batch.length < BATCH) return;
      const last = batch[batch.length - 1] as Record<string, unknown>;
      after = [cursorValue(last, col), last.id as string];
    }
  }
  const language = ctx.actor?.language ?? 'en';
  const safeName = org.name.replace(/[^\p{L}\p{N} _-]/gu, '').trim().replace(/\s+/g, '-') || 'users';
  return { filename: `${safeName}-users.xlsx`, stream: xlsxStream('Users', [...HEADERS[language]], rows()) };
}
