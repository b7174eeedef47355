import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { OrgParams } from '../orgs/schema.js';
import { applyConversion } from './apply.js';
import * as s from './schema.js';
import * as service from './service.js';

/** A legacy export of 5,000 logins and 6,000 persons is a few megabytes of JSON. */
const IMPORT_BODY_LIMIT = 32 * 1024 * 1024;

/** R-I1…R-I7: legacy import and the conversion wizard's resource. */
export async function conversionRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['conversion'];
  app.post(
    '/legacy-imports',
    { bodyLimit: IMPORT_BODY_LIMIT, schema: { tags, body: s.LegacyImportBody, response: { 201: s.LegacyImportView } } },
    async (req, reply) => reply.code(201).send(await service.importLegacyCustomer(req.ctx, req.body)),
  );
  const c = '/orgs/:orgId/conversion';
  app.get(c, { schema: { tags, params: OrgParams, querystring: s.ConversionQuery, response: { 200: s.ConversionView } } }, (req) =>
    service.getConversion(req.ctx, req.params.orgId, req.query.limit),
  );
  app.post(
    c,
    { schema: { tags, params: OrgParams, querystring: s.ConversionQuery, response: { 200: s.ConversionView, 201: s.ConversionView } } },
    async (req, reply) => {
      const { created, view } = await service.openConversion(req.ctx, req.params.orgId, req.query.limit);
      return reply.code(created ? 201 : 200).send(view);
    },
  );
  app.patch(c, { schema: { tags, params: OrgParams, body: s.StepBody, response: { 200: s.ConversionView } } }, (req) =>
    service.setWizardStep(req.ctx, req.params.orgId, req.body.step),
  );
  app.delete(c, { schema: { tags, params: OrgParams, response: { 204: z.null() } } }, async (req, reply) => {
    await service.abandonConversion(req.ctx, req.params.orgId);
    return reply.code(204).send(null);
  });
  app.get(`${c}/conflicts`, { schema: { tags, params: OrgParams, querystring: s.ConflictsQuery, response: { 200: s.ConflictPage } } }, (req) =>
    service.listConflicts(req.ctx, req.params.orgId, req.query),
  );
  app.put(`${c}/conflicts/:conflictId`, { schema: { tags, params: s.ConflictParams, body: s.ResolveBody, response: { 200: s.ConversionView } } }, (req) =>
    service.resolveConflict(req.ctx, req.params.orgId, req.params.conflictId, req.body),
  );
  app.get(`${c}/users`, { schema: { tags, params: OrgParams, querystring: s.UsersQuery, response: { 200: s.PlanUserPage } } }, (req) =>
    service.listPlanUsers(req.ctx, req.params.orgId, req.query),
  );
  app.patch(`${c}/users/:key`, { schema: { tags, params: s.UserKeyParams, body: s.EditUserBody, response: { 200: s.ConversionView } } }, (req) =>
    service.editPlanUser(req.ctx, req.params.orgId, req.params.key, req.body),
  );
  app.get(`${c}/deactivations`, { schema: { tags, params: OrgParams, querystring: s.PageQuery, response: { 200: s.DeactivationPage } } }, (req) =>
    service.listDeactivations(req.ctx, req.params.orgId, req.query),
  );
  app.post(`${c}/apply`, { schema: { tags, params: OrgParams, body: s.ApplyBody, response: { 200: s.ApplyView } } }, (req) =>
    applyConversion(req.ctx, req.params.orgId, req.body),
  );
}
