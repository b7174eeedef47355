import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { OrgParams } from '../orgs/schema.js';
import { UserParams, UserView } from '../users/schema.js';
import * as s from './schema.js';
import * as service from './service.js';

export async function roleRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  for (const kind of ['projects', 'sites'] as const) {
    const tags = [kind];
    app.get(`/orgs/:orgId/${kind}`, { schema: { tags, params: OrgParams, querystring: s.ListTargetsQuery, response: { 200: s.TargetPage } } }, (req) =>
      service.listTargets(req.ctx, kind, req.params.orgId, req.query),
    );
    app.post(`/orgs/:orgId/${kind}`, { schema: { tags, params: OrgParams, body: s.CreateTargetBody, response: { 201: s.TargetView } } }, async (req, reply) =>
      reply.code(201).send(await service.createTarget(req.ctx, kind, req.params.orgId, req.body.name)),
    );
    app.patch(
      `/orgs/:orgId/${kind}/:targetId`,
      { schema: { tags, params: s.TargetParams, body: s.UpdateTargetBody, response: { 200: s.TargetView } } },
      (req) => service.updateTarget(req.ctx, kind, req.params.orgId, req.params.targetId, req.body),
    );
  }
  const tags = ['roles'];
  app.post(
    '/orgs/:orgId/users/:membershipId/role-assignments',
    { schema: { tags, params: UserParams, body: s.AssignRolesBody, response: { 200: UserView } } },
    (req) => service.assignRoles(req.ctx, req.params.orgId, req.params.membershipId, req.body),
  );
  app.delete(
    '/orgs/:orgId/users/:membershipId/role-assignments',
    { schema: { tags, params: UserParams, body: s.RemoveRolesBody, response: { 200: UserView } } },
    (req) => service.removeRoleAssignments(req.ctx, req.params.orgId, req.params.membershipId, req.body),
  );
  app.patch(
    '/orgs/:orgId/users/:membershipId/role-assignments',
    { schema: { tags, params: UserParams, body: s.ProjectTitleBody, response: { 200: UserView } } },
    (req) => service.setProjectTitle(req.ctx, req.params.orgId, req.params.membershipId, req.body.targetId, req.body.title),
  );
}
