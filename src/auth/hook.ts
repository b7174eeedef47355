import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor, Ctx, Deps } from '../kernel/auth-context.js';
import { AppError } from '../kernel/errors.js';
import { operatorNeedsMfa } from '../mfa/service.js';
import { appCallerFromToken, looksLikeJwt } from '../oidc/tokens.js';
import { actorFromApiToken, actorFromSession, csrfMatches } from './service.js';

export const SESSION_COOKIE = 'nyckel_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    ctx: Ctx;
    csrfToken: string | null;
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
  app.addHook('onRequest', async (req: FastifyRequest) => {
    req.ctx = { ...deps, actor: null, app: null, ip: req.ip };
    if (req.routeOptions.config?.auth === 'public') return;
    const header = req.headers.authorization;
    if (header && /^Bearer\s+/i.test(header)) {
      const token = header.replace(/^Bearer\s+/i, '').trim();
      // R-L3: a module application's client-credentials token (a JWT); personal API tokens are opaque.
      if (looksLikeJwt(token)) {
        const app = await appCallerFromToken(deps, token);
        if (!app) throw new AppError('unauthenticated', { detail: 'The access token is invalid, expired or of a disabled application.' });
        req.ctx = { ...req.ctx, app };
        return;
      }
      const actor = await actorFromApiToken(deps, token);
      if (!actor) throw new AppError('unauthenticated', { detail: 'The API token is unknown or revoked.' });
      req.ctx = { ...req.ctx, actor };
      return;
    }
    const cookie = req.cookies?.[SESSION_COOKIE];
    if (!cookie) return;
    const session = await actorFromSession(deps, cookie);
    if (!session) return;
    if (!SAFE_METHODS.has(req.method) && !csrfMatches(session.csrfToken, req.headers['x-csrf-token'] as string | undefined)) {
      throw new AppError('csrf_failed');
    }
    req.csrfToken = session.csrfToken;
    req.ctx = { ...req.ctx, actor: session.actor as Actor };
  });
  // Authenticate before validating (issue 13): an anonymous caller of an API route that needs one is told 401 before
  // anything about its input. Bodies are parsed first, so unreadable, oversized and non-JSON bodies stay 400/413/415.
  app.addHook('preValidation', async (req: FastifyRequest) => {
    if (req.ctx.actor || req.ctx.app || req.is404 || req.routeOptions.config?.auth !== undefined) return;
    if (req.routeOptions.url?.startsWith('/api/v1/')) throw new AppError('unauthenticated');
  });
  // Issue 11: in production an operator acts only with a second factor; until then only enrolment is open.
  app.addHook('preHandler', async (req: FastifyRequest) => {
    if (req.routeOptions.config?.mfa !== 'enrolment' && operatorNeedsMfa(deps.config, req.ctx?.actor ?? null)) {
      throw new AppError('mfa_required', { detail: 'Platform operators sign in with two-step verification in production.', extra: { operator: true } });
    }
  });
}
