import type { ApiClient } from './http-client.js';
import type { TestApp } from './test-app.js';

const operators = new WeakMap<TestApp, ApiClient>();

/** Mails to one address, newest first, from the dev mailbox (GET /mail/outbox), read as the platform operator. */
export async function mailsTo(t: TestApp, email: string) {
  let operator = operators.get(t);
  let r = operator ? await operator.get('/api/v1/mail/outbox?limit=500') : null;
  if (!r || r.status === 401) {
    operator = await t.operator();
    operators.set(t, operator);
    r = await operator.get('/api/v1/mail/outbox?limit=500');
  }
  if (r.status !== 200) throw new Error(`outbox: ${r.status}`);
  return (r.body.items as { to: string; subject: string; text: string; html: string }[]).filter((m) => m.to.toLowerCase() === email.toLowerCase());
}

/** The token of a link to `path` (accept-invitation, reset-password) in a mail text. */
export function tokenIn(text: string, path: string): string {
  const m = new RegExp(`${path}\\?token=([A-Za-z0-9_%-]+)`).exec(text);
  if (!m) throw new Error(`no ${path} link in ${text}`);
  return decodeURIComponent(m[1]);
}

/**
 * Waits until at least `count` mails to the address are in the outbox (forgot-password mails are written by a job,
 * after the answer), newest first.
 */
export async function waitForMails(t: TestApp, email: string, count = 1, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mails = await mailsTo(t, email);
    if (mails.length >= count) return mails;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${count} mail(s) to ${email} (have ${mails.length})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
