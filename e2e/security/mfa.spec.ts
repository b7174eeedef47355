import type { BrowserContext, Page } from 'playwright-core';
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeMembership, makeOrg } from '../../test/factories.js';
import { checkedPage, startE2E, type E2E } from '../support.js';

/**
 * Issue 11 in the browser: the console works under the CSP (no violation on any page visited), a new user sets up an
 * authenticator app from the profile and signs in with a TOTP computed here, in all four languages, and adds a
 * passkey with Chromium's virtual authenticator (CDP WebAuthn) and signs in with it.
 *
 * WebAuthn needs a domain: the browser talks to http://localhost:<port> and NYCKEL_PUBLIC_URL is set to match it.
 */
let e2e: E2E;
let base: string;
beforeAll(async () => {
  e2e = await startE2E();
  base = e2e.t.url.replace('127.0.0.1', 'localhost');
  e2e.t.config.publicUrl = base; // the relying party (rpID localhost, origin) is read from the configuration per request
});
afterAll(async () => {
  await e2e?.close();
});

const violations: string[] = [];
async function open(locale: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await e2e.browser.newContext({ baseURL: base, locale, viewport: { width: 1280, height: 900 } });
  const page = checkedPage(await context.newPage());
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`Refused to load: CSP ${e.violatedDirective} ${e.blockedURI}`));
  });
  return { context, page };
}

const code = (secret: string) => generate({ secret, epoch: Math.floor(e2e.t.clock.now().getTime() / 1000) });

async function password(page: Page, email: string, pw: string, submit: RegExp) {
  await page.goto('/login');
  await page
    .getByLabel(/e-?mail|e-post|sähköposti/i)
    .first()
    .fill(email);
  await page
    .getByLabel(/password|lösenord|salasana|passord/i)
    .first()
    .fill(pw);
  await page.getByRole('button', { name: submit }).click();
}

async function newUser() {
  const op = await e2e.t.operator();
  const org = await makeOrg(op);
  const acc = await makeAccount(e2e.t, { homeOrgId: org.id });
  await makeMembership(e2e.t, org.id, acc.id, { modules: [{ key: 'user-admin' }] });
  return { org, acc };
}

describe('issue 11 security in the console', () => {
  it('SEC-6 the console runs under the security headers: framing denied, CSP without violations', async () => {
    const r = await fetch(`${base}/login`);
    expect(r.headers.get('x-frame-options')).toBe('DENY');
    expect(r.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const { org, acc } = await newUser();
    const { context, page } = await open('en-GB');
    await password(page, acc.email, acc.password, /sign in/i);
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    for (const path of [`/orgs/${org.id}`, `/orgs/${org.id}/users`, `/orgs/${org.id}/licenses`, '/profile']) {
      await page.goto(path);
      await page.waitForLoadState('networkidle');
    }
    await page.getByTestId('mfa-settings').waitFor();
    expect(violations).toEqual([]);
    await context.close();
  });

  const languages = [
    { locale: 'en-GB', submit: /sign in/i, setUp: 'Set up an authenticator app', confirm: 'Turn on', step: 'Two-step verification', verify: 'Verify' },
    { locale: 'sv-SE', submit: /logga in/i, setUp: 'Aktivera en autentiseringsapp', confirm: 'Aktivera', step: 'Tvåstegsverifiering', verify: 'Verifiera' },
    {
      locale: 'fi-FI',
      submit: /kirjaudu/i,
      setUp: 'Ota todennussovellus käyttöön',
      confirm: 'Ota käyttöön',
      step: 'Kaksivaiheinen tunnistautuminen',
      verify: 'Vahvista',
    },
    { locale: 'nb-NO', submit: /logg inn/i, setUp: 'Sett opp en autentiseringsapp', confirm: 'Slå på', step: 'Totrinnsbekreftelse', verify: 'Bekreft' },
  ];
  for (const l of languages) {
    it(`MFA-7 a new user sets up an authenticator app and signs in with its code (${l.locale})`, async () => {
      const { acc } = await newUser();
      const lang = l.locale.slice(0, 2);
      await e2e.t.database.db
        .updateTable('accounts')
        .set({ language: lang as never })
        .where('id', '=', acc.id)
        .execute();
      const { context, page } = await open(l.locale);
      await password(page, acc.email, acc.password, l.submit);
      await page.waitForURL((u) => !u.pathname.startsWith('/login'));
      await page.goto('/profile');
      await page.getByRole('button', { name: l.setUp }).click();
      const secret = (await page.getByTestId('totp-secret').innerText()).trim();
      await page.getByRole('textbox', { name: /\d/ }).fill(await code(secret));
      await page.getByRole('button', { name: l.confirm, exact: true }).click();
      await page.getByTestId('recovery-codes').waitFor();
      expect(await page.getByTestId('recovery-code').count()).toBe(10);
      await e2e.shot(page, `mfa-${lang}-1-enrolled`);
      await context.clearCookies();

      e2e.t.clock.advance(30_000); // the next code (each is accepted once)
      await password(page, acc.email, acc.password, l.submit);
      await page.getByRole('heading', { name: l.step }).waitFor();
      await e2e.shot(page, `mfa-${lang}-2-second-step`);
      await page
        .getByRole('textbox')
        .first()
        .fill(await code(secret));
      await page.getByRole('button', { name: l.verify, exact: true }).click();
      await page.waitForURL((u) => !u.pathname.startsWith('/login'));
      await page.goto('/profile');
      await expect.poll(async () => (await page.getByTestId('totp-status').innerText()).length).toBeGreaterThan(0);
      expect(violations).toEqual([]);
      await context.close();
    });
  }

  it('MFA-8 a passkey from a virtual authenticator is added and signs in', async () => {
    const { acc } = await newUser();
    const { context, page } = await open('en-GB');
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    await password(page, acc.email, acc.password, /sign in/i);
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    await page.goto('/profile');
    await page.getByLabel('Name of the passkey').fill('Laptop');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.getByTestId('passkeys').getByText('Laptop').waitFor();
    await page.getByTestId('recovery-codes').waitFor();
    await e2e.shot(page, 'mfa-passkey-1-added');
    await context.clearCookies();

    await password(page, acc.email, acc.password, /sign in/i);
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    const me = await page.evaluate(async () => (await fetch('/api/v1/me/mfa')).json());
    expect(me).toMatchObject({ verified: true, passkeys: [expect.objectContaining({ name: 'Laptop' })] });
    expect(violations).toEqual([]);
    await context.close();
  });
});
