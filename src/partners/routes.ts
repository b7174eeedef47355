import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { OrgParams } from '../orgs/schema.js';
import * as s from './schema.js';
import * as service from './service.js';

export async function partnerRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['partners'];
  app.get('/registry/:country/:businessId', { schema: { tags, params: s.RegistryParams, response: { 200: s.RegistryHit } } }, (req) =>
    service.findCompany(req.ctx, req.params.country, req.params.businessId),
  );
  app.get('/orgs/:orgId/partner-orgs', { schema: { tags, params: OrgParams, response: { 200: s.PartnerOrgPage } } }, (req) =>
    service.listPartnerOrgs(req.ctx, req.params.orgId),
  );
}
