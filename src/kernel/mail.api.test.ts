import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { finnishCheckDigit } from '../orgs/business-id.js';
import { FakeSmtp } from '../../test/fixtures/fake-smtp.js';
import { makeOrg, makeOrgAdmin } from '../../test/factories.js';
import type { ApiClient } from '../../test/http-client.js';
import { enrolTotp } from '../../test/mfa.js';
import { OPERATOR, startTestApp, type TestApp } from '../../test/test-app.js';
import { inTx } from './db.js';
import { enqueueMail, MAIL_QUEUE, retryDelayMs } from './mail.js';

const RETRY_BASE_MS = 200;
const WAIT_MS = 15_000;
// Explicit: the vitest projects do not inherit the root testTimeout/hookTimeout (defaults 5 s / 10 s).
const TEST_TIMEOUT_MS = 60_000;
const HOOK_TIMEOUT_MS = 90_000;

/** Polls until `probe` answers something truthy; fails after `timeoutMs` with `what` and the last value seen. */
async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = WAIT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    const value = await probe();
    if (value) return value;
    last = value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Lets a few worker polls (0.5 s each) pass, to show that nothing more happens. */
const settle = () => new Promise((r) => setTimeout(r, 1_600));

let businessSeq = Math.floor(Math.random() * 9_000_000) + 500_000;
/** A valid, unused Finnish business id (Y-tunnus). */
function nextBusinessId(): string {
  for (;;) {
    const digits = String(businessSeq++).padStart(7, '0');
    const check = finnishCheckDigit(digits);
    if (check !== null) return `${digits}-${check}`;
  }
}

const unique = () => Math.random().toString(36).slice(2, 8);

function orgBody(ownerEmail?: string, businessId = nextBusinessId()) {
  return {
    name: `Mail test ${unique()}`,
    kind: 'client',
    country: 'FI',
    businessId,
    defaultLanguage: 'en',
    ...(ownerEmail ? { contractOwner: { email: ownerEmail, firstName: 'Mail', lastName: 'Tester' } } : {}),
  };
}

async function outbox(api: ApiClient): Promise<any[]> {
  const r = await api.get('/api/v1/mail/outbox?limit=500');
  expect(r.status).toBe(200);
  return r.body.items;
}

async function mailsTo(api: ApiClient, to: string): Promise<any[]> {
  return (await outbox(api)).filter((m) => m.to === to);
}

function linkIn(text: string): string {
  const m = /(https?:\/\/\S+)/.exec(text);
  if (!m) throw new Error(`no link in mail: ${text}`);
  return m[1];
}

describe('R-K3 mail outbox', { timeout: TEST_TIMEOUT_MS }, () => {
  describe('delivery through an SMTP server', () => {
    const smtp = new FakeSmtp();
    let t: TestApp;
    let operator: ApiClient;

    beforeAll(async () => {
      const port = await smtp.start(0);
      t = await startTestApp({ smtpUrl: `smtp://127.0.0.1:${port}`, mailRetryBaseMs: RETRY_BASE_MS, devMailbox: false });
      operator = await t.operator();
    }, HOOK_TIMEOUT_MS);
    afterAll(async () => {
      await t?.close();
      await smtp.stop();
    }, HOOK_TIMEOUT_MS);

    it('R-K3 a temporary 451 is retried with capped backoff and the mail is delivered exactly once', async () => {
      const to = `temp-${unique()}@mail.test`;
      const failures = 3;
      smtp.plan(to, (n) => (n <= failures ? 451 : 'accept'));

      const created = await operator.post('/api/v1/orgs', orgBody(to));
      expect(created.status).toBe(201);

      const [sent] = await waitFor('the mail to be sent', async () => {
        const rows = await mailsTo(operator, to);
        return rows.length === 1 && rows[0].status === 'sent' && rows;
      });
      expect(sent.attempts).toBe(failures + 1);
      expect(sent.lastError).toBeNull();
      expect(sent.sentAt).not.toBeNull();

      const attempts = smtp.attemptsFor(to);
      expect(attempts.map((a) => a.answer)).toEqual([451, 451, 451, 'accept']);
      // Backoff: the k-th retry waits at least base × 2^(k-1) (plus up to one worker poll).
      for (let k = 1; k < attempts.length; k++) {
        const gap = attempts[k].at - attempts[k - 1].at;
        expect(gap, `gap before attempt ${k + 1}`).toBeGreaterThanOrEqual(retryDelayMs(k, RETRY_BASE_MS) - 50);
      }
      // Capped: however many failures, never more than 30 minutes between attempts.
      expect(retryDelayMs(40, RETRY_BASE_MS)).toBe(30 * 60_000);
      expect(retryDelayMs(40)).toBe(30 * 60_000);

      await settle();
      expect(smtp.receivedFor(to)).toHaveLength(1);
      expect(smtp.receivedFor(to)[0].raw).toContain(`To: ${to}`);
      expect((await mailsTo(operator, to))[0]).toMatchObject({ status: 'sent', attempts: failures + 1 });
    });

    it('R-K3 with the SMTP server down the change still succeeds; the mail waits and is delivered once it is back', async () => {
      const to = `down-${unique()}@mail.test`;
      await smtp.stop();
      try {
        const created = await operator.post('/api/v1/orgs', orgBody(to));
        expect(created.status).toBe(201);
        const forgot = await t.client().post('/api/v1/auth/forgot-password', { email: to });
        expect(forgot.status).toBe(202);

        // Both mails (invitation, reset) stay in the outbox, retried, with the connection error visible.
        const waiting = await waitFor('two retried mails with an error', async () => {
          const rows = await mailsTo(operator, to);
          return rows.length === 2 && rows.every((m) => m.status === 'pending' && m.attempts >= 2 && m.lastError) && rows;
        });
        for (const m of waiting) expect(m.lastError).toMatch(/ECONNREFUSED|connect/i);
        expect(smtp.receivedFor(to)).toHaveLength(0);
      } finally {
        await smtp.start();
      }

      const sent = await waitFor('both mails to be sent', async () => {
        const rows = await mailsTo(operator, to);
        return rows.length === 2 && rows.every((m) => m.status === 'sent') && rows;
      });
      expect(sent.map((m) => m.subject).sort()).toEqual(['Reset your Nyckel password', expect.stringMatching(/^You are invited to /)].sort());
      await settle();
      expect(smtp.receivedFor(to)).toHaveLength(2);
      expect(smtp.attemptsFor(to)).toHaveLength(2);
    });

    it('R-K3 a permanent 550 fails visibly; an operator retries it and it is delivered', async () => {
      // A signed-in account that is not an operator: a contract owner who accepted the invitation.
      const memberEmail = `member-${unique()}@mail.test`;
      expect((await operator.post('/api/v1/orgs', orgBody(memberEmail))).status).toBe(201);
      const [invitation] = await waitFor('the invitation', async () => {
        const rows = await mailsTo(operator, memberEmail);
        return rows.length === 1 && rows[0].status === 'sent' && rows;
      });
      const token = new URL(linkIn(invitation.text)).searchParams.get('token');
      expect((await t.client().post('/api/v1/auth/accept-invitation', { token, password: 'member-password-1' })).status).toBe(204);
      const member = t.client();
      await member.login(memberEmail, 'member-password-1');

      const to = `perm-${unique()}@mail.test`;
      let accept = false;
      smtp.plan(to, () => (accept ? 'accept' : 550));
      expect((await operator.post('/api/v1/orgs', orgBody(to))).status).toBe(201);

      const [failed] = await waitFor('the mail to fail', async () => {
        const rows = await mailsTo(operator, to);
        return rows.length === 1 && rows[0].status === 'failed' && rows;
      });
      expect(failed.attempts).toBe(1);
      expect(failed.lastError).toMatch(/550/);
      await settle();
      expect(smtp.attemptsFor(to)).toHaveLength(1); // a permanent failure is not retried on its own

      // Only operators see or retry the outbox once the dev mailbox is off.
      const memberList = await member.get('/api/v1/mail/outbox');
      expect(memberList.status).toBe(403);
      expect(memberList.body.code).toBe('forbidden');
      const memberRetry = await member.post(`/api/v1/mail/outbox/${failed.id}/retry`);
      expect(memberRetry.status).toBe(403);
      expect(memberRetry.body.code).toBe('forbidden');
      const anonymousList = await t.client().get('/api/v1/mail/outbox');
      expect(anonymousList.status).toBe(401);
      expect(anonymousList.body.code).toBe('unauthenticated');
      expect(anonymousList.body.items).toBeUndefined();
      const anonymousRetry = await t.client().post(`/api/v1/mail/outbox/${failed.id}/retry`);
      expect(anonymousRetry.status).toBe(401);
      expect((await mailsTo(operator, to))[0].status).toBe('failed');

      accept = true;
      const retried = await operator.post(`/api/v1/mail/outbox/${failed.id}/retry`);
      expect(retried.status).toBe(204);
      const [sent] = await waitFor('the retried mail to be sent', async () => {
        const rows = await mailsTo(operator, to);
        return rows[0]?.status === 'sent' && rows;
      });
      expect(sent.attempts).toBe(2);
      expect(sent.lastError).toBeNull();
      await settle();
      expect(smtp.receivedFor(to)).toHaveLength(1);

      // Only a failed mail can be retried.
      const again = await operator.post(`/api/v1/mail/outbox/${failed.id}/retry`);
      expect(again.status).toBe(404);
      expect(again.body.code).toBe('not_found');
    });

    it('R-K3 a rolled-back change leaves no mail', async () => {
      const businessId = nextBusinessId();
      expect((await operator.post('/api/v1/orgs', orgBody(undefined, businessId))).status).toBe(201);
      const before = (await operator.get('/api/v1/mail/outbox?limit=1')).body.total;

      const to = `rollback-${unique()}@mail.test`;
      const duplicate = await operator.post('/api/v1/orgs', orgBody(to, businessId));
      expect(duplicate.status).toBe(409);
      expect(duplicate.body.code).toBe('duplicate_business_id');

      // The same at the kernel: a mail enqueued inside a transaction that then fails is gone with it,
      // outbox row and delivery job alike.
      const { db, jobs } = t.nyckel.deps;
      let mailId = '';
      await expect(
        inTx(db, async (tx) => {
          mailId = await enqueueMail(tx, jobs, { to, subject: 'Never', text: 'never', html: '<p>never</p>' });
          throw new Error('change refused after the mail was queued');
        }),
      ).rejects.toThrow('change refused');
      expect(mailId).not.toBe('');
      const rows = await db.selectFrom('mail_outbox').select('id').where('id', '=', mailId).execute();
      expect(rows).toHaveLength(0);
      const queued = await sql<{ n: number }>`select count(*)::int as n from pgboss.job where name = ${MAIL_QUEUE} and data->>'mailId' = ${mailId}`.execute(db);
      expect(queued.rows[0].n).toBe(0);

      await settle();
      expect((await operator.get('/api/v1/mail/outbox?limit=1')).body.total).toBe(before);
      expect(await mailsTo(operator, to)).toHaveLength(0);
      expect(smtp.attemptsFor(to)).toHaveLength(0);
    });
  });

  describe('the dev mailbox (no SMTP server)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ devMailbox: true, smtpUrl: undefined });
    }, HOOK_TIMEOUT_MS);
    afterAll(async () => {
      await t?.close();
    }, HOOK_TIMEOUT_MS);

    it('SEC-1 R-K3 the dev mailbox is for operators only: signed out or as a member it lists nothing', async () => {
      const anonymous = t.client();
      await (await t.operator()).post('/api/v1/orgs', orgBody(`mailbox-${unique()}@mail.test`)); // an invitation is in there
      const signedOut = await anonymous.get('/api/v1/mail/outbox');
      expect(signedOut.status).toBe(401);
      expect(signedOut.body.code).toBe('unauthenticated');
      expect(signedOut.body.items).toBeUndefined();
      const org = await makeOrg(await t.operator());
      const { api: admin } = await makeOrgAdmin(t, org.id);
      const asAdmin = await admin.get('/api/v1/mail/outbox');
      expect(asAdmin.status).toBe(403);
      expect(asAdmin.body.items).toBeUndefined();
      const openapi = (await anonymous.get('/api/v1/openapi.json')).body;
      expect(openapi.paths['/api/v1/mail/outbox'].get.security).toBeUndefined(); // the document's default: session or bearer
      expect(openapi.paths['/api/v1/auth/forgot-password'].post.security).toEqual([]);
      expect(openapi.paths['/api/v1/auth/login'].post.security).toEqual([]);
    });

    it('R-K3 lists the mail to an operator, with a working single-use link', async () => {
      const anonymous = t.client();
      const operator = await t.operator();
      expect((await anonymous.post('/api/v1/auth/forgot-password', { email: OPERATOR.email })).status).toBe(202);

      const mail = await waitFor('the reset mail', async () =>
        (await outbox(operator)).find((m: any) => m.to === OPERATOR.email && m.subject === 'Reset your Nyckel password'),
      );
      expect(mail.status).toBe('pending'); // nothing sends it; it is read here
      const link = linkIn(mail.text);
      expect(link.startsWith('http://nyckel.test/reset-password?token=')).toBe(true);
      expect(mail.html).toContain('http://nyckel.test/reset-password?token=');
      const token = new URL(link).searchParams.get('token');

      const newPassword = 'a-brand-new-password-1';
      expect((await anonymous.post('/api/v1/auth/reset-password', { token, password: newPassword })).status).toBe(204);
      const reused = await anonymous.post('/api/v1/auth/reset-password', { token, password: 'yet-another-password-2' });
      expect(reused.status).toBeGreaterThanOrEqual(400);
      expect(reused.body.code).toBe('invalid_token');

      await t.client().login(OPERATOR.email, newPassword);
      expect((await t.client().post('/api/v1/auth/login', { email: OPERATOR.email, password: OPERATOR.password })).status).toBe(401);
    });
  });

  describe('production without SMTP', () => {
    let t: TestApp;
    beforeAll(async () => {
      const production = loadConfig({ NODE_ENV: 'production' });
      expect(production.devMailbox).toBe(false);
      t = await startTestApp({ production: production.production, devMailbox: production.devMailbox, smtpUrl: production.smtpUrl });
    }, HOOK_TIMEOUT_MS);
    afterAll(async () => {
      await t?.close();
    }, HOOK_TIMEOUT_MS);

    it('R-K3 the dev mailbox is closed; operators still see the outbox', async () => {
      expect((await t.client().post('/api/v1/auth/forgot-password', { email: OPERATOR.email })).status).toBe(202);
      const anonymous = await t.client().get('/api/v1/mail/outbox');
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.items).toBeUndefined();
      expect((await t.client().get('/api/v1/config')).body.devMailbox).toBe(false);

      const operator = await t.operator();
      await enrolTotp(t, operator); // operators act with a second factor in production (issue 11)
      const mails = await waitFor('the reset mail', async () => {
        const m = await mailsTo(operator, OPERATOR.email);
        return m.length === 1 && m;
      });
      expect(mails).toHaveLength(1);
      expect(mails[0].status).toBe('pending'); // kept, never lost, until an SMTP server is configured
    });
  });
});
