import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import * as s from './schema.js';
import { disableApp, listApps, registerApp, rotateAppSecret } from './service.js';

/** R-L3: module applications, registered by operators. */
export async function appRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['apps'];
  app.get('/apps', { schema: { tags, response: { 200: s.AppPage } } }, (req) => listApps(req.ctx));
  app.post('/apps', { schema: { tags, body: s.AppBody, response: { 201: s.AppWithSecret } } }, async (req, reply) =>
    reply.code(201).send(await registerApp(req.ctx, req.body)),
  );
  app.post('/apps/:appId/rotate-secret', { schema: { tags, params: s.AppParams, response: { 200: s.AppWithSecret } } }, (req) =>
    rotateAppSecret(req.ctx, req.params.appId),
  );
  app.delete('/apps/:appId', { schema: { tags, params: s.AppParams, response: { 204: z.null() } } }, async (req, reply) => {
    await disableApp(req.ctx, req.params.appId);
    return reply.code(204).send(null);
  });
}
