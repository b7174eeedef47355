import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { looksLikeJwt } from './tokens.js';

describe('looksLikeJwt (R-L3: an application token is a JWT, a personal API token is not)', () => {
  it('says three non-empty dot-separated parts, as splitting would', () => {
    const part = fc.stringMatching(/^[A-Za-z0-9_-]{0,12}$/);
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 5 }), (parts) => {
        const token = parts.join('.');
        const split = token.split('.');
        expect(looksLikeJwt(token)).toBe(split.length === 3 && split.every((p) => p.length > 0));
      }),
    );
  });

  it('refuses an opaque token and accepts a compact JWS', () => {
    expect(looksLikeJwt('nyk_8f3a2c1b9d')).toBe(false);
    expect(looksLikeJwt('eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln')).toBe(true);
    expect(looksLikeJwt('a..c')).toBe(false);
  });
});
