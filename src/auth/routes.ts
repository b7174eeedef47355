import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../kernel/auth-context.js';
import { SESSION_COOKIE } from './hook.js';
import * as s from './schema.js';
import * as service from './service.js';

const Empty = z.object({});

export function authRoutes(deps: Deps) {
  return async (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    const secure = deps.config.publicUrl.startsWith('https://');
    const tags = ['auth'];

    app.post('/auth/login', { config: { auth: 'public' }, schema: { tags, body: s.LoginBody, response: { 200: s.LoginView } } }, async (req, reply) => {
      const r = await service.login(deps, req.ip, req.body.email, req.body.password);
      reply.setCookie(SESSION_COOKIE, r.sessionToken, { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: deps.config.sessionHours * 3600 });
      return { account: r.account, csrfToken: r.csrfToken };
    });

    app.post('/auth/logout', { config: { auth: 'optional' }, schema: { tags, response: { 204: z.null() } } }, async (req, reply) => {
      await service.logout(deps, req.cookies[SESSION_COOKIE]);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    });

    app.post(
      '/auth/forgot-password',
      { config: { auth: 'public' }, schema: { tags, body: s.ForgotPasswordBody, response: { 202: Empty } } },
      async (req, reply) => {
        await service.forgotPassword(deps, req.body.email);
        return reply.code(202).send({});
      },
    );

    app.post(
      '/auth/reset-password',
      { config: { auth: 'public' }, schema: { tags, body: s.SetPasswordBody, response: { 204: z.null() } } },
      async (req, reply) => {
        await service.setPasswordWithToken(deps, 'reset', req.body.token, req.body.password);
        return reply.code(204).send(null);
      },
    );

    // R-C11: the page a link opens asks first, so a used, expired or withdrawn link is said at once.
    app.post('/auth/link-status', { config: { auth: 'public' }, schema: { tags, body: s.LinkStatusBody, response: { 200: s.LinkStatusView } } }, (req) =>
      service.linkStatus(deps, req.body.purpose, req.body.token),
    );

    app.post(
      '/auth/accept-invitation',
      { config: { auth: 'public' }, schema: { tags, body: s.SetPasswordBody, response: { 204: z.null() } } },
      async (req, reply) => {
        await service.setPasswordWithToken(deps, 'invitation', req.body.token, req.body.password);
        return reply.code(204).send(null);
      },
    );

    app.get('/me', { schema: { tags, response: { 200: s.MeView } } }, (req) => service.getMe(req.ctx, req.csrfToken));
    app.get('/me/organisations', { schema: { tags, querystring: s.MyOrganisationsQuery, response: { 200: s.MyOrganisationsPage } } }, (req) =>
      service.listMyOrganisations(req.ctx, req.query),
    );
    app.get('/me/organisations/:orgId', { schema: { tags, params: s.MyOrganisationParams, response: { 200: s.MyStanding } } }, (req) =>
      service.getMyStanding(req.ctx, req.params.orgId),
    );
    app.patch(
      '/me',
      { schema: { tags, body: s.MePatchBody, response: { 200: z.object({ account: s.AccountView, emailSettings: s.EmailSettings }) } } },
      (req) => service.updateMe(req.ctx, req.body),
    );

    app.post('/me/api-tokens', { schema: { tags, body: s.ApiTokenBody, response: { 201: s.ApiTokenCreatedView } } }, async (req, reply) =>
      reply.code(201).send(await service.createApiToken(req.ctx, req.body.name)),
    );
    app.get('/me/api-tokens', { schema: { tags, response: { 200: s.ApiTokenPage } } }, (req) => service.listApiTokens(req.ctx));
    app.delete('/me/api-tokens/:id', { schema: { tags, params: s.ApiTokenParams, response: { 204: z.null() } } }, async (req, reply) => {
      await service.revokeApiToken(req.ctx, req.params.id);
      return reply.code(204).send(null);
    });
  };
}
