import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Security headers on every answer (issue 11, defect 6), decided by helmet from one configuration.
 *
 * helmet's headers depend only on its options (no nonces here), so they are computed ONCE at start and set on each
 * reply with one call. @fastify/helmet (13.2, the newest) instead calls `helmet(configuration)` inside every request
 * (index.js buildHelmetOnRoutes): it re-parses the CSP directives and rebuilds eleven middlewares per answer, which
 * cost the check API a fifth of its throughput (issue 10). Same engine, same options, same headers — tested by SEC-6.
 */
export function securityHeaders(options: Readonly<HelmetOptions>): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
    getHeader: (name: string) => headers[name.toLowerCase()],
  };
  let failed: unknown;
  // helmet's middleware is synchronous: it has set every header when it calls next.
  helmet(options)({} as never, res as never, (err?: unknown) => {
    failed = err;
  });
  if (failed) throw failed;
  return headers;
}

/**
 * Nyckel's headers (issue 11, defect 6): no framing (clickjacking), no MIME sniffing, a CSP the console works under —
 * its scripts are files from this origin; Mantine writes <style> elements, hence the style-src exception; images may
 * be data: URLs (QR codes, icons). docs/operations.md lists them.
 */
export function securityHeaderOptions(publicUrl: string): HelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    // The console and API are same-origin; nothing is meant to be embedded elsewhere.
    crossOriginResourcePolicy: { policy: 'same-origin' },
    // HSTS only means something over HTTPS (NYCKEL_PUBLIC_URL https://…); browsers ignore it on http.
    strictTransportSecurity: publicUrl.startsWith('https://') ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  };
}

/** Registers the headers of `options` on every answer of `app`, including 404s and errors. */
export function registerSecurityHeaders(app: FastifyInstance, options: Readonly<HelmetOptions>) {
  const headers = securityHeaders(options);
  app.addHook('onRequest', (_req, reply, done) => {
    reply.headers(headers);
    done();
  });
}
