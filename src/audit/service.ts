import type { Readable } from 'node:stream';
import type { Ctx } from '../kernel/auth-context.js';
import { requireActor } from '../kernel/auth-context.js';
import type { Language } from '../kernel/enums.js';
import { consoleText } from '../kernel/console-texts.js';
import { decodePosition, keysetPage, positionOf, type Position } from '../kernel/pagination.js';
import { xlsxStream, type XlsxCell } from '../kernel/xlsx.js';
import * as policy from '../access/policy.js';
import { resolveNames } from './names.js';
import * as q from './queries.js';
import type { AuditFilterQuery, AuditQuery } from './schema.js';
import * as texts from './texts.js';

async function mayView(ctx: Ctx, orgId: string) {
  await policy.require(ctx.db, requireActor(ctx), 'viewAudit', orgId, ctx.clock.now());
}

/** The query's filter for the database: a `to` day includes that whole day. */
function filterOf(query: AuditFilterQuery): q.AuditFilter {
  const day = /^\d{4}-\d{2}-\d{2}$/;
  const to = query.to ? new Date(day.test(query.to) ? `${query.to}T00:00:00Z` : query.to) : undefined;
  if (to && query.to && day.test(query.to)) to.setUTCDate(to.getUTCDate() + 1);
  return {
    action: query.action,
    actorId: query.actorId,
    actor: query.actor,
    targetType: query.targetType,
    targetId: query.targetId,
    target: query.target,
    from: query.from ? new Date(day.test(query.from) ? `${query.from}T00:00:00Z` : query.from) : undefined,
    to,
  };
}

/** R-K1: the per-organisation audit view, for its administrators and operators, with names instead of ids. */
export async function listAudit(ctx: Ctx, orgId: string, query: AuditQuery) {
  await mayView(ctx, orgId);
  const filter = filterOf(query);
  const after = decodePosition(query.cursor, q.AUDIT_KEYSET)?.after ?? null;
  const rows = await q.listAuditEvents(ctx.db, orgId, query.limit, after, filter);
  const total = await q.countAuditEvents(ctx.db, orgId, filter);
  return keysetPage(rows, {
    limit: query.limit,
    key: q.AUDIT_KEYSET,
    total,
    items: async (page) => {
      const names = await resolveNames(ctx.db, orgId, page);
      return page.map((e) => ({
        id: e.id,
        orgId: e.org_id,
        at: e.at.toISOString(),
        actor: names.actor(e),
        action: e.action,
        targetType: e.target_type,
        targetId: e.target_id,
        targetName: names.target(e),
        before: e.before ?? null,
        after: e.after ?? null,
      }));
    },
  });
}

const BATCH = 500;

/**
 * Issue 14 item 11: the audit view as .xlsx, with the view's filters, in `language`: time (a date-time cell), the
 * event's sentence, who, what, about what, and the changed fields. Read in keyset batches (names resolved per
 * batch, one statement each) and streamed with the project's writer.
 */
export async function exportAudit(ctx: Ctx, orgId: string, query: AuditFilterQuery, language: Language): Promise<{ filename: string; stream: Readable }> {
  await mayView(ctx, orgId);
  const filter = filterOf(query);
  const db = ctx.db;
  const org = await db.selectFrom('orgs').select('name').where('id', '=', orgId).executeTakeFirst();
  const first = await q.exportAuditQuery(db, orgId, filter, null).limit(BATCH).execute();
  async function* rows(): AsyncGenerator<XlsxCell[]> {
    let batch = first;
    for (;;) {
      const names = await resolveNames(db, orgId, batch);
      for (const e of batch) {
        const actor = names.actor(e)?.name ?? null;
        const target = names.target(e);
        yield [
          e.at,
          texts.sentence(language, e.action, actor, target),
          actor ?? consoleText(language, 'audit:system') ?? '',
          texts.actionLabel(language, e.action),
          texts.targetLabel(language, e.target_type),
          target,
          texts.changeLines(language, e.before, e.after).join('\n'),
          e.action,
        ];
      }
      if (batch.length < BATCH) return;
      const after: Position = positionOf(batch[batch.length - 1]!, q.AUDIT_KEYSET);
      batch = await q.exportAuditQuery(db, orgId, filter, after).limit(BATCH).execute();
    }
  }
  const header = (key: string) => consoleText(language, `audit:export.${key}`) ?? key;
  const stream = xlsxStream(
    header('sheet'),
    [
      { header: header('time'), width: 18, format: 'dateTime' },
      { header: header('event'), width: 60 },
      { header: header('actor'), width: 24 },
      { header: header('action'), width: 28 },
      { header: header('targetType'), width: 16 },
      { header: header('target'), width: 28 },
      { header: header('changes'), width: 60 },
      { header: header('actionKey'), width: 26 },
    ],
    rows(),
  );
  const safeName =
    (org?.name ?? '')
      .replace(/[^\p{L}\p{N} _-]/gu, '')
      .trim()
      .replace(/\s+/g, '-') || 'audit';
  return { filename: `${safeName}-${header('file')}.xlsx`, stream };
}
