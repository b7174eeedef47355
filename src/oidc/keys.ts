import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import * as policy from '../access/policy.js';
import { recordAudit } from '../kernel/audit.js';
import { requireActor, type Ctx } from '../kernel/auth-context.js';
import { inTx, type DB } from '../kernel/db.js';
import * as q from './queries.js';

/**
 * R-L3 JWKS with key rotation. Signing keys (RSA, RS256: every OpenID relying party verifies it) and the secret that
 * signs the provider's cookies live in the database, so every node signs and verifies alike. The newest key signs; a
 * rotated key stays published for KEY_GRACE_MS, longer than any token it signed lives.
 */
export const KEY_GRACE_MS = 24 * 3600_000;

export interface KeySet {
  /** Private JWKs, the signing one first. */
  signing: Record<string, unknown>[];
  /** Cookie-signing secrets, newest first. */
  cookies: string[];
  /** Changes whenever the set does: nodes rebuild their provider on a new version. */
  version: string;
}

const newSigningKey = () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = randomBytes(12).toString('base64url');
  return { kid, jwk: { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' } };
};
const newCookieSecret = () => {
  const kid = randomBytes(12).toString('base64url');
  return { kid, jwk: { k: randomBytes(32).toString('base64url') } };
};

/** The published keys, creating the first signing key and cookie secret when there are none (one node at a time). */
export async function loadKeys(db: Kysely<DB>, now: Date): Promise<KeySet> {
  let rows = await q.publishedKeys(db, new Date(now.getTime() - KEY_GRACE_MS));
  const active = (use: 'sig' | 'cookie') => rows.some((r) => r.use === use && r.retired_at === null);
  if (!active('sig') || !active('cookie')) {
    await inTx(db, async (tx) => {
      await q.lockKeys(tx);
      const current = await q.publishedKeys(tx, new Date(now.getTime() - KEY_GRACE_MS));
      if (!current.some((r) => r.use === 'sig' && r.retired_at === null)) await q.insertKey(tx, { use: 'sig', ...newSigningKey() });
      if (!current.some((r) => r.use === 'cookie' && r.retired_at === null)) await q.insertKey(tx, { use: 'cookie', ...newCookieSecret() });
    });
    rows = await q.publishedKeys(db, new Date(now.getTime() - KEY_GRACE_MS));
  }
  // The signing key: the newest not retired; retired ones follow, only to verify.
  const sig = rows.filter((r) => r.use === 'sig').sort((a, b) => Number(a.retired_at !== null) - Number(b.retired_at !== null));
  const cookies = rows.filter((r) => r.use === 'cookie').sort((a, b) => Number(a.retired_at !== null) - Number(b.retired_at !== null));
  return {
    signing: sig.map((r) => r.jwk),
    cookies: cookies.map((r) => String(r.jwk.k)),
    version: rows.map((r) => `${r.kid}:${r.retired_at ? 'r' : 'a'}`).join(','),
  };
}

/** The public half of a private JWK (what /oidc/jwks publishes and what verifies tokens). */
export function publicJwk(jwk: Record<string, unknown>): Record<string, unknown> {
  const { kty, n, e, kid, alg, use, crv, x, y } = jwk;
  return Object.fromEntries(Object.entries({ kty, n, e, kid, alg, use, crv, x, y }).filter(([, v]) => v !== undefined));
}

/** R-L3: a new signing key signs from now on; the previous one stays published until its tokens have expired. Operators. */
export async function rotateSigningKey(ctx: Ctx): Promise<{ kid: string }> {
  const actor = requireActor(ctx);
  await policy.requirePlatform(ctx.db, actor, 'registerApp', ctx.clock.now());
  const key = newSigningKey();
  await inTx(ctx.db, async (tx) => {
    await q.lockKeys(tx);
    await q.retireKeys(tx, 'sig', ctx.clock.now());
    await q.insertKey(tx, { use: 'sig', ...key });
    await recordAudit(tx, actor, 'oidc.key_rotated', { orgId: null, targetType: 'oidc_key', targetId: key.kid });
  });
  return { kid: key.kid };
}
