import { jwtVerify } from 'jose';
import { appCallerOf, heldAppCallerOf } from '../apps/service.js';
import type { AppCaller, Deps } from '../kernel/auth-context.js';
import { apiAudience, providerOf } from './provider.js';

/**
 * R-L3: the caller behind a client-credentials access token (a JWT for Nyckel's API, signed with a published key).
 * Verified tokens are remembered per node until they expire, so the check API's hot path makes no database call and
 * no signature check for a token it has seen; whether its application is still enabled and the token is not older
 * than the application's current secret is asked every time (apps service, cached per node, dropped on changes).
 */
const verified = new Map<string, { token: string; clientId: string; iat: number; exp: number }>();
const MAX_REMEMBERED = 10_000;
/**
 * Remembered tokens are found by the end of their signature and then compared whole: hashing a fresh ~700-character
 * header string for a Map key costs ~1 µs per request, the last 40 characters ~0.1 µs. A token that shares the end
 * but not the rest is not the remembered one (verified, then remembered in its place).
 */
const keyOf = (token: string) => token.slice(-40);
const rememberedClaims = (token: string) => {
  const claims = verified.get(keyOf(token));
  return claims && claims.token === token ? claims : undefined;
};

/** Three dot-separated parts (a JWS in compact form) — without splitting the token (the check API's hot path). */
export const looksLikeJwt = (token: string) => {
  const first = token.indexOf('.');
  if (first < 1) return false;
  const second = token.indexOf('.', first + 1);
  return second > first + 1 && second < token.length - 1 && token.indexOf('.', second + 1) === -1;
};

/**
 * The caller of a token this node has verified before, of an application whose state it holds — without awaiting
 * anything (the check API's hot path); undefined when appCallerFromToken must be asked.
 */
export function heldAppCallerFromToken(deps: Deps, token: string): AppCaller | null | undefined {
  const claims = rememberedClaims(token);
  if (!claims || claims.exp <= Math.floor(Date.now() / 1000)) return undefined;
  return heldAppCallerOf(deps, claims.clientId, claims.iat);
}

export async function appCallerFromToken(deps: Deps, token: string): Promise<AppCaller | null> {
  const now = Math.floor(Date.now() / 1000);
  let claims = rememberedClaims(token);
  if (claims && claims.exp <= now) {
    verified.delete(keyOf(token));
    claims = undefined;
  }
  if (!claims) {
    const holder = await providerOf(deps);
    try {
      const { payload } = await jwtVerify(token, holder.verifyKeys, { issuer: holder.issuer, audience: apiAudience(holder.issuer), typ: 'at+jwt' });
      // Client credentials only: a user's token (sub = the account) is not an application's.
      if (typeof payload.client_id !== 'string' || payload.sub !== payload.client_id || !payload.iat || !payload.exp) return null;
      claims = { token, clientId: payload.client_id, iat: payload.iat, exp: payload.exp };
    } catch {
      return null;
    }
    if (verified.size >= MAX_REMEMBERED) verified.clear();
    verified.set(keyOf(token), claims);
  }
  return appCallerOf(deps, claims.clientId, claims.iat);
}
