import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as s from './schema.js';
import * as service from './service.js';

export async function orgRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['organisations'];
  app.get('/orgs', { schema: { tags, querystring: s.ListOrgsQuery, response: { 200: s.OrgPage } } }, (req) => service.listOrgs(req.ctx, req.query));
  app.post('/orgs', { schema: { tags, body: s.CreateOrgBody, response: { 201: s.OrgView } } }, async (req, reply) =>
    reply.code(201).send(await service.createOrg(req.ctx, req.body)));
  app.get('/orgs/:orgId', { schema: { tags, params: s.OrgParams, response: { 200: s.OrgView } } }, (req) => service.getOrg(req.ctx, req.params.orgId));
  app.patch('/orgs/:orgId', { schema: { tags, params: s.OrgParams, body: s.UpdateOrgBody, response: { 200: s.OrgView } } }, (req) =>
    service.updateOrg(req.ctx, req.params.orgId, req.body));
}
