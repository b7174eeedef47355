import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/** A random token for links, sessions and API tokens (256 bits, URL-safe). */
export function randomToken(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** Tokens are stored hashed: a stolen table does not sign anybody in. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export const newId = (): string => randomUUID();
