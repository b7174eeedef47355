import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Actor, type Ctx, type Deps, requestContext } from '../kernel/auth-context.js';
import { AppError } from '../kernel/errors.js';
import { operatorNeedsMfa } from '../mfa/service.js';
import { appCallerFromToken, heldAppCallerFromToken, looksLikeJwt } from '../oidc/tokens.js';
import { actorFromApiToken, actorFromSession, csrfMatches } from './service.js';

export const SESSION_COOKIE = 'nyckel_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const BEARER = /^Bearer\s+/i;
/** The token of an `Authorization: Bearer …` header (the common single space without a second regular expression). */
const bearerToken = (header: string) => (header.charCodeAt(6) === 32 && header.charCodeAt(7) !== 32 ? header.slice(7) : header.replace(BEARER, '')).trim();
const invalidAppToken = () => new AppError('unauthenticated', { detail: 'The access token is invalid, expired or of a disabled application.' });

declare module 'fastify' {
  interface FastifyRequest {
    ctx: Ctx;
    csrfToken: string | null;
    /** This request's route's `config.auth` and `config.mfa`, read once by the first hook. */
    routeAuth: FastifyContextConfig['auth'];
    routeMfa: FastifyContextConfig['mfa'];
  }
  interface FastifyContextConfig {
    /**
     * 'public': no caller needed and cookies are not read (sign-in, links from mails). 'optional': anonymous callers
     * too, the service decides (sign-out, the dev mailbox). Unset: a caller is required, checked before validation.
     */
    auth?: 'public' | 'optional';
    /** 'enrolment': reachable by a caller who still has to set up or pass a second factor (GET /me, /me/mfa…). */
    mfa?: 'enrolment';
  }
}

/**
 * Resolves the caller of every request into req.ctx: a session cookie (then writes need the
 * X-CSRF-Token header) or an `Authorization: Bearer` API token (no CSRF: not sent by browsers on their own).
 */
export function registerAuthentication(app: FastifyInstance, deps: Deps) {
  // OpenAPI: public operations need no credentials (the document's default security is session or bearer).
  app.addHook('onRoute', (route) => {
    if (route.config?.auth === 'public' && route.schema) route.schema = { ...route.schema, security: [] } as typeof route.schema;
  });
  app.decorateRequest('ctx', null as unknown as Ctx);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('routeAuth', undefined);
  app.decorateRequest('routeMfa', undefined);
  // A callback hook, not an async one: the check API's hot path (a remembered application token) resolves its caller
  // without a promise; only a caller the node must look up in the database waits for it.
  app.addHook('onRequest', (req: FastifyRequest, _reply, done) => {
    req.ctx = requestContext(deps, req.ip);
    // Fastify builds routeOptions anew on every read: read it once per request.
    const config = req.routeOptions.config;
    req.routeAuth = config?.auth;
    req.routeMfa = config?.mfa;
    if (req.routeAuth === 'public') return done();
    const header = req.headers.authorization;
    if (header && BEARER.test(header)) {
      const token = bearerToken(header);
      // R-L3: a module application's client-credentials token (a JWT); personal API tokens are opaque.
      if (looksLikeJwt(token)) {
        const held = heldAppCallerFromToken(deps, token);
        if (held) {
          req.ctx.app = held;
          return done();
        }
        if (held === null) return done(invalidAppToken());
        appCallerFromToken(deps, token).then((caller) => {
          if (!caller) return done(invalidAppToken());
          req.ctx.app = caller;
          done();
        }, done);
        return;
      }
      actorFromApiToken(deps, token).then((actor) => {
        if (!actor) return done(new AppError('unauthenticated', { detail: 'The API token is unknown or revoked.' }));
        req.ctx.actor = actor;
        done();
      }, done);
      return;
    }
    const cookie = req.cookies?.[SESSION_COOKIE];
    if (!cookie) return done();
    actorFromSession(deps, cookie).then((session) => {
      if (!session) return done();
      if (!SAFE_METHODS.has(req.method) && !csrfMatches(session.csrfToken, req.headers['x-csrf-token'] as string | undefined)) {
        return done(new AppError('csrf_failed'));
      }
      req.csrfToken = session.csrfToken;
      req.ctx.actor = session.actor as Actor;
      done();
    }, done);
  });
  // Authenticate before validating (issue 13): an anonymous caller of an API route that needs one is told 401 before
  // anything about its input. Bodies are parsed first, so unreadable, oversized and non-JSON bodies stay 400/413/415.
  // Issue 11: in production an operator acts only with a second factor; until then only enrolment is open — also a
  // question about the caller, so asked in the same hook (one hook less on every request, e.g. the check API's).
  app.addHook('preValidation', (req: FastifyRequest, _reply, done) => {
    const actor = req.ctx.actor;
    if (!actor && !req.ctx.app && !req.is404 && req.routeAuth === undefined) {
      return done(req.routeOptions.url?.startsWith('/api/v1/') ? new AppError('unauthenticated') : undefined);
    }
    if (actor && req.routeMfa !== 'enrolment' && operatorNeedsMfa(deps.config, actor)) {
      return done(new AppError('mfa_required', { detail: 'Platform operators sign in with two-step verification in production.', extra: { operator: true } }));
    }
    done();
  });
}
