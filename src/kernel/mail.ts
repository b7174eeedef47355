import nodemailer, { type Transporter } from 'nodemailer';
import { sql, type Kysely } from 'kysely';
import { bulkInsert } from './bulk.js';
import { newId } from './crypto.js';
import { inTx, type DB, type Tx } from './db.js';
import type { Jobs } from './jobs.js';

export const MAIL_QUEUE = 'mail.send';
export const MAIL_SWEEP_QUEUE = 'mail.sweep';

export interface OutgoingMail {
  orgId?: string | null;
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** R-K3: writes the mail to the outbox in the caller's transaction and enqueues its delivery in the same one. */
export async function enqueueMail(tx: Tx, jobs: Jobs, mail: OutgoingMail): Promise<string> {
  const id = newId();
  await tx
    .insertInto('mail_outbox')
    .values({
      id,
      org_id: mail.orgId ?? null,
      to_address: mail.to,
      subject: mail.subject,
      text_body: mail.text,
      html_body: mail.html,
    })
    .execute();
  await jobs.send(MAIL_QUEUE, { mailId: id }, { tx });
  return id;
}

/** R-K3: many mails at once (a conversion's invitations): outbox rows and their delivery jobs in set-based statements, in the caller's transaction. */
export async function enqueueMails(tx: Tx, jobs: Jobs, mails: OutgoingMail[]): Promise<void> {
  const rows = mails.map((mail) => ({
    id: newId(),
    org_id: mail.orgId ?? null,
    to_address: mail.to,
    subject: mail.subject,
    text_body: mail.text,
    html_body: mail.html,
  }));
  await bulkInsert(
    tx,
    'mail_outbox',
    [
      { column: 'id', type: 'uuid', value: (r) => r.id },
      { column: 'org_id', type: 'uuid', value: (r) => r.org_id },
      { column: 'to_address', type: 'text', value: (r) => r.to_address },
      { column: 'subject', type: 'text', value: (r) => r.subject },
      { column: 'text_body', type: 'text', value: (r) => r.text_body },
      { column: 'html_body', type: 'text', value: (r) => r.html_body },
    ],
    rows,
  );
  await jobs.sendMany(
    MAIL_QUEUE,
    rows.map((r) => ({ mailId: r.id })),
    { tx },
  );
}

/** Capped exponential backoff: base (5 s), 2×, 4× … at most 30 minutes between attempts. */
export function retryDelayMs(attempts: number, baseMs = 5_000): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempts - 1), 30 * 60_000);
}

/** An SMTP 5xx answer means the server will never take this mail; anything else may pass later. */
export function isPermanentFailure(err: unknown): boolean {
  const code = (err as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/**
 * Delivers the outbox. A mail row is claimed with one conditional UPDATE, so duplicate delivery jobs
 * are harmless; a temporary failure reschedules it, a permanent one marks it `failed` (visible, retryable).
 * Without an SMTP URL nothing is sent: mail stays in the outbox, readable in the dev mailbox.
 */
export class MailDelivery {
  private readonly transport: Transporter | null;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly jobs: Jobs,
    smtpUrl: string | undefined,
    private readonly retryBaseMs = 5_000,
  ) {
    this.transport = smtpUrl ? nodemailer.createTransport(smtpUrl) : null;
  }

  /** False without an SMTP URL: nothing is delivered, so this node works no mail queue. */
  get sends(): boolean {
    return this.transport !== null;
  }

  /** After the workers started (src/mail/jobs.ts): re-enqueues what a previous process left due. */
  async start(): Promise<void> {
    if (!this.transport) return;
    await this.sweep();
  }

  async deliver(mailId: string): Promise<void> {
    if (!this.transport) return;
    const claimed = await this.db
      .updateTable('mail_outbox')
      .set({ status: 'sending', locked_until: sql`now() + interval '2 minutes'`, attempts: sql`attempts + 1` })
      .where('id', '=', mailId)
      .where('next_attempt_at', '<=', sql<Date>`now()`)
      .where((eb) => eb.or([eb('status', '=', 'pending'), eb.and([eb('status', '=', 'sending'), eb('locked_until', '<', sql<Date>`now()`)])]))
      .returningAll()
      .executeTakeFirst();
    if (!claimed) return;
    try {
      await this.transport.sendMail({
        from: 'Nyckel <no-reply@nyckel.local>',
        to: claimed.to_address,
        subject: claimed.subject,
        text: claimed.text_body,
        html: claimed.html_body,
      });
      await this.db
        .updateTable('mail_outbox')
        .set({ status: 'sent', sent_at: sql`now()`, locked_until: null, last_error: null })
        .where('id', '=', mailId)
        .execute();
    } catch (err) {
      const message = (err as Error).message?.slice(0, 1000) ?? String(err);
      if (isPermanentFailure(err)) {
        await this.db.updateTable('mail_outbox').set({ status: 'failed', locked_until: null, last_error: message }).where('id', '=', mailId).execute();
        return;
      }
      const next = new Date(Date.now() + retryDelayMs(claimed.attempts, this.retryBaseMs));
      await inTx(this.db, async (tx) => {
        await tx
          .updateTable('mail_outbox')
          .set({ status: 'pending', locked_until: null, last_error: message, next_attempt_at: next })
          .where('id', '=', mailId)
          .execute();
        await this.jobs.send(MAIL_QUEUE, { mailId }, { tx, startAfter: next });
      });
    }
  }

  /** Safety net: re-enqueues due mail whose delivery job was lost (e.g. a crash mid-send). */
  async sweep(): Promise<number> {
    const due = await this.db
      .selectFrom('mail_outbox')
      .select('id')
      .where('next_attempt_at', '<=', sql<Date>`now()`)
      .where((eb) => eb.or([eb('status', '=', 'pending'), eb.and([eb('status', '=', 'sending'), eb('locked_until', '<', sql<Date>`now()`)])]))
      .limit(500)
      .execute();
    for (const m of due) await this.jobs.send(MAIL_QUEUE, { mailId: m.id });
    if (due.length) this.jobs.nudge(MAIL_QUEUE);
    return due.length;
  }
}
