import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAccount, makeMembership, makeOrg } from '../../test/factories.js';
import type { ApiClient } from '../../test/http-client.js';
import { ROOT, waitFor } from '../../test/worker-process.js';
import { startE2E, type E2E } from '../support.js';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

/**
 * R-L3 R-L1 the example module application (examples/module-app) end to end in Chromium: "Sign in with Nyckel", the
 * console's "sign in to <app>" page, the organisation chooser, the chosen organisation and its modules from the ID
 * token (openid-client verifies it against the JWKS), the check API with the application's client-credentials token —
 * and, after the user is deactivated there, the next check answers `inactive`. Also the operator's Applications page.
 */
describe('R-L3 example module application in the browser', () => {
  let e2e: E2E;
  let op: ApiClient;
  let example: ChildProcess | null = null;
  let exampleUrl = '';
  let output = '';
  const orgs: { id: string; name: string }[] = [];
  let user: { id: string; email: string; password: string };
  let membershipInB = '';

  beforeAll(async () => {
    e2e = await startE2E();
    e2e.t.config.publicUrl = e2e.t.url;
    op = await e2e.t.operator();
    const port = await freePort();
    exampleUrl = `http://localhost:${port}`;
    const app = await op.post('/api/v1/apps', {
      name: 'Lönesystemet',
      redirectUris: [`${exampleUrl}/callback`],
      postLogoutRedirectUris: [`${exampleUrl}/`],
      modules: ['accounting', 'payroll'],
    });
    expect(app.status).toBe(201);
    const home = await makeOrg(op, { name: 'Hemma AB', country: 'SE' });
    orgs.push(await makeOrg(op, { name: 'Alfa Bygg AB', country: 'SE' }), await makeOrg(op, { name: 'Beta Revision AB', country: 'SE' }));
    user = await makeAccount(e2e.t, { homeOrgId: home.id });
    await makeMembership(e2e.t, home.id, user.id, { modules: [{ key: 'crm' }] });
    await makeMembership(e2e.t, orgs[0].id, user.id, { modules: [{ key: 'accounting' }] });
    membershipInB = (await makeMembership(e2e.t, orgs[1].id, user.id, { modules: [{ key: 'payroll' }, { key: 'accounting' }] })).id;

    example = spawn(process.execPath, ['examples/module-app/app.mjs'], {
      cwd: ROOT,
      env: { ...process.env, NYCKEL_URL: e2e.t.url, PORT: String(port), CLIENT_ID: app.body.clientId, CLIENT_SECRET: app.body.clientSecret },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    example.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    example.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    await waitFor('the example application', async () => output.includes('Module app on'), 30_000);
  });

  afterAll(async () => {
    example?.kill();
    await e2e?.close();
  });

  it('R-L3 R-L1 signs in through Nyckel, picks an organisation, shows its modules, and sees `inactive` after deactivation', async () => {
    const { page, context } = await e2e.newPage();
    await page.goto(exampleUrl);
    await page.getByRole('link', { name: 'Sign in with Nyckel' }).click();
    await page.getByRole('heading', { name: 'Sign in to Lönesystemet' }).waitFor();
    await e2e.shot(page, 'apps-sign-in-to-app');
    await page.getByLabel(/e-?mail/i).fill(user.email);
    await page
      .getByLabel(/password/i)
      .first()
      .fill(user.password);
    await page.getByRole('button', { name: /sign in/i }).click();
    // The chooser lists only the organisations where the user may use a module of the application.
    await page.getByRole('heading', { name: 'Choose organisation for Lönesystemet' }).waitFor();
    const items = page.getByRole('listitem');
    await expect.poll(() => items.count()).toBe(2);
    await expect.poll(() => page.getByText('Hemma AB').count()).toBe(0);
    await e2e.shot(page, 'apps-organisation-chooser');
    await page.getByRole('listitem').filter({ hasText: 'Beta Revision AB' }).click();

    await page.waitForURL(`${exampleUrl}/`);
    expect(await page.locator('#org').textContent()).toBe('Beta Revision AB');
    expect(await page.locator('#modules').textContent()).toBe('accounting, payroll');
    expect(await page.locator('[data-module="payroll"] .reason').textContent()).toBe('granted');
    await e2e.shot(page, 'apps-example-signed-in');

    const r = await op.post(`/api/v1/orgs/${orgs[1].id}/users/${membershipInB}/deactivate`);
    expect(r.status).toBe(200);
    await page.reload();
    expect(await page.locator('[data-module="payroll"] .reason').textContent()).toBe('inactive');
    expect(await page.locator('[data-module="accounting"] .reason').textContent()).toBe('inactive');
    await context.close();
  });

  it('R-L3 the operator registers an application in the console and sees its secret once', async () => {
    const { page, context } = await e2e.newPage();
    const { OPERATOR } = await import('../../test/test-app.js');
    await e2e.signIn(page, OPERATOR.email, OPERATOR.password);
    await page.getByRole('link', { name: 'Applications' }).click();
    await page.getByRole('heading', { name: 'Applications' }).waitFor();
    await page.getByRole('button', { name: 'Register application' }).click();
    await page.getByLabel(/^Name/).fill('Fakturering');
    await page.getByLabel(/^Redirect URIs/).fill('https://faktura.example/cb');
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    const secret = await page.getByTestId('client-secret').textContent();
    expect(secret).toMatch(/^nys_/);
    await e2e.shot(page, 'apps-secret-once');
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('cell', { name: 'Fakturering' }).waitFor();
    expect(await page.getByText(secret!).count()).toBe(0);
    await context.close();
  });
});
