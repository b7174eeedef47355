import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { FromRegistryBody } from '../partners/schema.js';
import { createOrgFromRegistry } from '../partners/service.js';
import * as s from './schema.js';
import * as service from './service.js';

export async function orgRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['organisations'];
  app.get('/orgs', { schema: { tags, querystring: s.ListOrgsQuery, response: { 200: s.OrgPage } } }, (req) => service.listOrgs(req.ctx, req.query));
  // POST /orgs takes either the organisation's fields or {fromRegistry: {country, businessId}} (R-F2).
  app.post('/orgs', { schema: { tags, body: z.union([s.CreateOrgBody, FromRegistryBody]), response: { 201: s.OrgView } } }, async (req, reply) =>
    reply
      .code(201)
      .send(
        'fromRegistry' in req.body
          ? await createOrgFromRegistry(req.ctx, req.body.fromRegistry.country, req.body.fromRegistry.businessId)
          : await service.createOrg(req.ctx, req.body),
      ),
  );
  app.get('/orgs/:orgId', { schema: { tags, params: s.OrgParams, response: { 200: s.OrgView } } }, (req) => service.getOrg(req.ctx, req.params.orgId));
  app.patch('/orgs/:orgId', { schema: { tags, params: s.OrgParams, body: s.UpdateOrgBody, response: { 200: s.OrgView } } }, (req) =>
    service.updateOrg(req.ctx, req.params.orgId, req.body),
  );
}
