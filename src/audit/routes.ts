import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { AuditPage, AuditQuery } from './schema.js';
import { listAudit } from './service.js';

export async function auditRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  app.get(
    '/orgs/:orgId/audit',
    {
      schema: { tags: ['audit'], params: z.object({ orgId: z.uuid() }), querystring: AuditQuery, response: { 200: AuditPage } },
    },
    (req) => req.onReplica((ctx) => listAudit(ctx, req.params.orgId, req.query)),
  );
}
