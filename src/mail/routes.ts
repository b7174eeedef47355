import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { MailPage, MailParams, OutboxQuery } from './schema.js';
import { listOutbox, retryMail } from './service.js';

export async function mailRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['mail'];
  app.get('/mail/outbox', { config: { auth: 'optional' }, schema: { tags, querystring: OutboxQuery, response: { 200: MailPage } } }, (req) =>
    listOutbox(req.ctx, req.query),
  );
  app.post('/mail/outbox/:id/retry', { schema: { tags, params: MailParams, response: { 204: z.null() } } }, async (req, reply) => {
    await retryMail(req.ctx, req.params.id);
    return reply.code(204).send(null);
  });
}
