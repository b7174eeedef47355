import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { OrgParams } from '../orgs/schema.js';
import { LicensesView, OrderBody, OrderView, SeatsView } from './schema.js';
import { getLicenses, getSeats, placeOrder } from './service.js';

export async function licenseRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['licenses'];
  app.get('/orgs/:orgId/licenses', { schema: { tags, params: OrgParams, response: { 200: LicensesView } } }, (req) => getLicenses(req.ctx, req.params.orgId));
  app.get('/orgs/:orgId/licenses/seats', { schema: { tags, params: OrgParams, response: { 200: SeatsView } } }, (req) => getSeats(req.ctx, req.params.orgId));
  app.post('/orgs/:orgId/license-orders', { schema: { tags, params: OrgParams, body: OrderBody, response: { 201: OrderView } } }, async (req, reply) =>
    reply.code(201).send(await placeOrder(req.ctx, req.params.orgId, req.body)),
  );
}
