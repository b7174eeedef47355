import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor, Ctx, Deps } from '../kernel/auth-context.js';
import { AppError } from '../kernel/errors.js';
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
    /** 'public': no caller needed and cookies are not read (sign-in, links from mails). */
    auth?: 'public';
  }
}

/**
 * Resolves the caller of every request into req.ctx: a session cookie (then writes need the
 * X-CSRF-Token header) or an `Authorization: Bearer` API token (no CSRF: not sent by browsers on their own).
 */
export function registerAuthentication(app: FastifyInstance, deps: Deps) {
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
}
