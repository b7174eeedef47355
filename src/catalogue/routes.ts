import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireActor } from '../kernel/auth-context.js';
import { pageOf } from '../kernel/pagination.js';
import * as q from './queries.js';

const ModuleView = z.object({ key: z.string(), name: z.string(), licensed: z.boolean() });
const PackageView = z.object({ key: z.string(), name: z.string(), modules: z.array(z.string()) });
const RoleView = z.object({ key: z.string(), scope: z.enum(['org', 'project', 'site']), name: z.string() });

const page = <T>(items: T[]) => ({ items, total: items.length, nextCursor: null });

/** The catalogue of SPEC §2: modules, access packages and roles (seeded by migration). */
export async function catalogueRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['catalogue'];
  app.get('/modules', { schema: { tags, response: { 200: pageOf(ModuleView) } } }, async (req) => {
    requireActor(req.ctx);
    return page(await q.listModules(req.ctx.db));
  });
  app.get('/packages', { schema: { tags, response: { 200: pageOf(PackageView) } } }, async (req) => {
    requireActor(req.ctx);
    return page(await q.listPackages(req.ctx.db));
  });
  app.get('/roles', { schema: { tags, response: { 200: pageOf(RoleView) } } }, async (req) => {
    requireActor(req.ctx);
    return page(await q.listRoles(req.ctx.db));
  });
}
