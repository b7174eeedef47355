import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requestLanguage } from '../kernel/console-texts.js';
import { AuditPage, AuditQuery, ExportAuditQuery } from './schema.js';
import { exportAudit, listAudit } from './service.js';

export async function auditRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const params = z.object({ orgId: z.uuid() });
  app.get('/orgs/:orgId/audit', { schema: { tags: ['audit'], params, querystring: AuditQuery, response: { 200: AuditPage } } }, (req) =>
    req.onReplica((ctx) => listAudit(ctx, req.params.orgId, req.query)),
  );
  app.get(
    '/orgs/:orgId/audit.xlsx',
    {
      schema: {
        tags: ['audit'],
        params,
        querystring: ExportAuditQuery,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      },
    },
    async (req, reply) => {
      const { lang, ...filter } = req.query;
      const language = requestLanguage(lang, req.headers['accept-language'], req.ctx.actor?.language);
      const { filename, stream } = await req.onReplica((ctx) => exportAudit(ctx, req.params.orgId, filter, language));
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-language', language)
        .header('content-disposition', `attachment; filename="${encodeURIComponent(filename)}"; filename*=UTF-8''${encodeURIComponent(filename)}`)
        .send(stream);
    },
  );
}
