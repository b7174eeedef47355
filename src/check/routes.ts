import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as s from './schema.js';
import { accountAccess, check, checkBatch } from './service.js';

/** R-L1, R-L2: the questions module applications ask. */
export async function checkRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['check'];
  app.post('/check', { schema: { tags, body: s.CheckBody, response: { 200: s.CheckView } } }, (req) => check(req.ctx, req.body));
  app.post('/check/batch', { schema: { tags, body: s.CheckBatchBody, response: { 200: s.CheckBatchView } } }, (req) => checkBatch(req.ctx, req.body.checks));
  app.get('/accounts/:accountId/access', { schema: { tags, params: s.AccessParams, querystring: s.AccessQuery, response: { 200: s.AccessPage } } }, (req) =>
    req.onReplica((ctx) => accountAccess(ctx, req.params.accountId, req.query)),
  );
}
