import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { NotificationPage, NotificationParams, NotificationQuery, NotificationView } from './schema.js';
import { listNotifications, readAllNotifications, readNotification } from './service.js';

/** R-K2: the signed-in account's in-app notifications. */
export async function notificationRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['notifications'];
  app.get('/notifications', { schema: { tags, querystring: NotificationQuery, response: { 200: NotificationPage } } }, (req) =>
    listNotifications(req.ctx, req.query),
  );
  app.post('/notifications/read-all', { schema: { tags, response: { 200: z.object({ marked: z.number().int() }) } } }, (req) => readAllNotifications(req.ctx));
  app.post('/notifications/:id/read', { schema: { tags, params: NotificationParams, response: { 200: NotificationView } } }, (req) =>
    readNotification(req.ctx, req.params.id),
  );
}
