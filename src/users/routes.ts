import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requestLanguage } from '../kernel/console-texts.js';
import { OrgParams } from '../orgs/schema.js';
import * as life from './lifecycle.js';
import { exportUsers, listUsers } from './list.js';
import { bulkUserAction } from './bulk.js';
import { listDeletedUsers, restoreDeletedUser } from './restore.js';
import { listEligibleResellers } from './resellers.js';
import * as s from './schema.js';
import { addUser, getUser, lookupAccount, updateUser } from './service.js';

export async function userRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['users'];
  const one = { tags, params: s.UserParams };

  app.get('/accounts/lookup', { schema: { tags, querystring: s.LookupQuery, response: { 200: s.LookupView } } }, (req) =>
    lookupAccount(req.ctx, req.query.email, req.query.orgId),
  );
  app.get('/orgs/:orgId/users', { schema: { tags, params: OrgParams, querystring: s.ListUsersQuery, response: { 200: s.UserPage } } }, (req) =>
    req.onReplica((ctx) => listUsers(ctx, req.params.orgId, req.query)),
  );
  app.get(
    '/orgs/:orgId/users.xlsx',
    {
      schema: { tags, params: OrgParams, querystring: s.ExportUsersQuery, produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'] },
    },
    async (req, reply) => {
      const { lang, ...query } = req.query;
      const language = requestLanguage(lang, req.headers['accept-language'], req.ctx.actor?.language);
      const { filename, stream } = await req.onReplica((ctx) => exportUsers(ctx, req.params.orgId, query, language));
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-language', language)
        .header('content-disposition', `attachment; filename="${encodeURIComponent(filename)}"; filename*=UTF-8''${encodeURIComponent(filename)}`)
        .send(stream);
    },
  );
  app.get(
    '/orgs/:orgId/eligible-resellers',
    { schema: { tags, params: OrgParams, querystring: s.EligibleResellersQuery, response: { 200: s.EligibleResellerPage } } },
    (req) => listEligibleResellers(req.ctx, req.params.orgId, req.query),
  );
  app.post('/orgs/:orgId/users', { schema: { tags, params: OrgParams, body: s.CreateUserBody, response: { 201: s.UserView } } }, async (req, reply) =>
    reply.code(201).send(await addUser(req.ctx, req.params.orgId, req.body)),
  );
  app.post('/orgs/:orgId/users/bulk', { schema: { tags, params: OrgParams, body: s.BulkUsersBody, response: { 200: s.BulkUsersView } } }, (req) =>
    bulkUserAction(req.ctx, req.params.orgId, req.body),
  );
  app.get(
    '/orgs/:orgId/deleted-users',
    { schema: { tags, params: OrgParams, querystring: s.DeletedUsersQuery, response: { 200: s.DeletedUserPage } } },
    (req) => listDeletedUsers(req.ctx, req.params.orgId, req.query),
  );
  app.post('/orgs/:orgId/deleted-users/:membershipId/restore', { schema: { ...one, response: { 200: s.UserView } } }, (req) =>
    restoreDeletedUser(req.ctx, req.params.orgId, req.params.membershipId),
  );
  app.get('/orgs/:orgId/users/:membershipId', { schema: { ...one, response: { 200: s.UserView } } }, (req) =>
    getUser(req.ctx, req.params.orgId, req.params.membershipId),
  );
  app.patch('/orgs/:orgId/users/:membershipId', { schema: { ...one, body: s.UpdateUserBody, response: { 200: s.UserView } } }, (req) =>
    updateUser(req.ctx, req.params.orgId, req.params.membershipId, req.body),
  );
  app.delete('/orgs/:orgId/users/:membershipId', { schema: { ...one, response: { 204: z.null() } } }, async (req, reply) => {
    await life.deleteUser(req.ctx, req.params.orgId, req.params.membershipId);
    return reply.code(204).send(null);
  });

  const actions = {
    'remove-access': life.removeAccess,
    deactivate: life.deactivateUser,
    reactivate: life.reactivateUser,
    'remove-roles': life.removeRoles,
  } as const;
  for (const [path, action] of Object.entries(actions)) {
    app.post(`/orgs/:orgId/users/:membershipId/${path}`, { schema: { ...one, response: { 200: s.UserView } } }, (req) =>
      action(req.ctx, req.params.orgId, req.params.membershipId),
    );
  }
  app.post(
    '/orgs/:orgId/users/:membershipId/resend-invitation',
    { schema: { ...one, body: s.ResendInvitationBody, response: { 204: z.null() } } },
    async (req, reply) => {
      await life.resendInvitation(req.ctx, req.params.orgId, req.params.membershipId, req.body.message);
      return reply.code(204).send(null);
    },
  );
  app.post('/orgs/:orgId/users/:membershipId/send-password-reset', { schema: { ...one, response: { 204: z.null() } } }, async (req, reply) => {
    await life.sendUserPasswordReset(req.ctx, req.params.orgId, req.params.membershipId);
    return reply.code(204).send(null);
  });
}
