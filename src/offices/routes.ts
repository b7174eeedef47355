import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { OrgParams } from '../orgs/schema.js';
import * as s from './schema.js';
import * as service from './service.js';

export async function officeRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['organisations'];
  app.get('/orgs/:orgId/offices', { schema: { tags, params: OrgParams, querystring: s.ListOfficesQuery, response: { 200: s.OfficePage } } }, (req) =>
    service.listOffices(req.ctx, req.params.orgId, req.query),
  );
  app.post('/orgs/:orgId/offices', { schema: { tags, params: OrgParams, body: s.CreateOfficeBody, response: { 201: s.OfficeView } } }, async (req, reply) =>
    reply.code(201).send(await service.addOffice(req.ctx, req.params.orgId, req.body)),
  );
  app.patch('/orgs/:orgId/offices/:officeId', { schema: { tags, params: s.OfficeParams, body: s.UpdateOfficeBody, response: { 200: s.OfficeView } } }, (req) =>
    service.updateOffice(req.ctx, req.params.orgId, req.params.officeId, req.body),
  );
  app.delete(
    '/orgs/:orgId/offices/:officeId',
    { schema: { tags, params: s.OfficeParams, querystring: s.RemoveOfficeQuery, response: { 204: z.null() } } },
    async (req, reply) => {
      await service.removeOffice(req.ctx, req.params.orgId, req.params.officeId, req.query.clearPlacements === 'true');
      return reply.code(204).send(null);
    },
  );
}
