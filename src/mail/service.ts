import { requireActor, type Ctx } from '../kernel/auth-context.js';
import * as policy from '../access/policy.js';
import { recordAudit } from '../kernel/audit.js';
import { inTx } from '../kernel/db.js';
import { AppError } from '../kernel/errors.js';
import { MAIL_QUEUE } from '../kernel/mail.js';
import { decodePosition, keysetPage } from '../kernel/pagination.js';
import * as q from './queries.js';
import type { OutboxQuery } from './schema.js';

/**
 * The outbox, newest first, for platform operators only (signed in), in every mode: delivery state and failures, and
 * while no SMTP server is configured (not in production) the dev mailbox. Mail holds reset and invitation links, so
 * reading it is taking over accounts. Refuses: unauthenticated, forbidden.
 */
export async function listOutbox(ctx: Ctx, query: OutboxQuery) {
  await policy.requirePlatform(ctx.db, requireActor(ctx), 'readMailbox', ctx.clock.now());
  const after = decodePosition(query.cursor, q.OUTBOX_KEYSET)?.after ?? null;
  const rows = await q.listOutbox(ctx.db, query.limit, after);
  const total = await q.countOutbox(ctx.db);
  return keysetPage(rows, {
    limit: query.limit,
    key: q.OUTBOX_KEYSET,
    total,
    items: (page) =>
      page.map((m) => ({
        id: m.id,
        orgId: m.org_id,
        to: m.to_address,
        subject: m.subject,
        text: m.text_body,
        html: m.html_body,
        status: m.status,
        attempts: m.attempts,
        lastError: m.last_error,
        nextAttemptAt: m.next_attempt_at.toISOString(),
        createdAt: m.created_at.toISOString(),
        sentAt: m.sent_at?.toISOString() ?? null,
      })),
  });
}

/** An operator sends a permanently failed mail again. Refuses: forbidden, not_found (no such failed mail). */
export async function retryMail(ctx: Ctx, id: string) {
  await policy.requirePlatform(ctx.db, requireActor(ctx), 'readMailbox', ctx.clock.now());
  await inTx(ctx.db, async (tx) => {
    const mail = await q.requeueFailedMail(tx, id);
    if (!mail) throw new AppError('not_found', { detail: 'No failed mail with this id.' });
    await ctx.jobs.send(MAIL_QUEUE, { mailId: id }, { tx });
    await recordAudit(tx, ctx.actor, 'mail.retried', { orgId: mail.org_id, targetType: 'mail', targetId: id, after: { to: mail.to_address } });
  });
}
