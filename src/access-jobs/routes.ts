import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as s from './schema.js';
import { exportJobResults, getAccessJob, listAccessJobs, listJobResults, previewAccessJob, startAccessJob } from './service.js';

/** R-H1…R-H6: agency bulk access — start (202), preview, progress, results, export and history. */
export async function accessJobRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['access-jobs'];
  app.post(
    '/orgs/:agencyId/access-jobs',
    { schema: { tags, params: s.AgencyParams, body: s.AccessJobBody, response: { 202: z.object({ id: z.uuid() }) } } },
    async (req, reply) => reply.code(202).send(await startAccessJob(req.ctx, req.params.agencyId, req.body)),
  );
  app.post(
    '/orgs/:agencyId/access-jobs/preview',
    { schema: { tags, params: s.AgencyParams, body: s.AccessJobBody, response: { 200: s.AccessPreviewView } } },
    (req) => previewAccessJob(req.ctx, req.params.agencyId, req.body),
  );
  app.get(
    '/orgs/:agencyId/access-jobs',
    { schema: { tags, params: s.AgencyParams, querystring: s.AccessJobListQuery, response: { 200: s.AccessJobPage } } },
    (req) => listAccessJobs(req.ctx, req.params.agencyId, req.query),
  );
  app.get('/access-jobs/:id', { schema: { tags, params: s.JobParams, response: { 200: s.AccessJobView } } }, (req) => getAccessJob(req.ctx, req.params.id));
  app.get('/access-jobs/:id/results', { schema: { tags, params: s.JobParams, querystring: s.JobResultQuery, response: { 200: s.JobResultPage } } }, (req) =>
    listJobResults(req.ctx, req.params.id, req.query),
  );
  app.get(
    '/access-jobs/:id/results.xlsx',
    {
      schema: {
        tags,
        params: s.JobParams,
        querystring: s.JobResultExportQuery,
        produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      },
    },
    async (req, reply) => {
      const { filename, stream } = await exportJobResults(req.ctx, req.params.id, req.query);
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${encodeURIComponent(filename)}"; filename*=UTF-8''${encodeURIComponent(filename)}`)
        .send(stream);
    },
  );
}
