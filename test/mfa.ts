import { generate } from 'otplib';
import type { ApiClient } from './http-client.js';
import type { TestApp } from './test-app.js';

/** The TOTP code of a secret at the test server's clock (as an authenticator app would show it). */
export const totpCode = (t: TestApp, secret: string, offsetSeconds = 0) =>
  generate({ secret, epoch: Math.floor(t.clock.now().getTime() / 1000) + offsetSeconds });

/** Sets up TOTP for a signed-in client (its session becomes verified); the secret and the recovery codes. */
export async function enrolTotp(t: TestApp, api: ApiClient) {
  const started = await api.post('/api/v1/me/mfa/totp');
  if (started.status !== 200) throw new Error(`enrol: ${started.status} ${JSON.stringify(started.body)}`);
  const secret = started.body.secret as string;
  const confirmed = await api.post('/api/v1/me/mfa/totp/confirm', { code: await totpCode(t, secret) });
  if (confirmed.status !== 200) throw new Error(`confirm: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
  return { secret, recoveryCodes: confirmed.body.recoveryCodes as string[] };
}
