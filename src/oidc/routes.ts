import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { abortInteraction, chooseOrganisation, getInteraction } from './interactions.js';
import { rotateSigningKey } from './keys.js';
import { dropProvider } from './provider.js';
import * as s from './schema.js';

/** R-L3: the sign-in page's questions (under /api/v1, with the console's session) and key rotation. */
export async function oidcRoutes(root: FastifyInstance) {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['oidc'];
  // Before sign-in too: the "Sign in to <app>" page names the application first (the account is then null).
  app.get(
    '/oidc/interactions/:uid',
    { config: { auth: 'optional' }, schema: { tags, params: s.InteractionParams, response: { 200: s.InteractionView } } },
    (req) => getInteraction(req.ctx, req.params.uid),
  );
  app.post('/oidc/interactions/:uid/choose', { schema: { tags, params: s.InteractionParams, body: s.ChooseBody, response: { 200: s.RedirectView } } }, (req) =>
    chooseOrganisation(req.ctx, req.params.uid, req.body.orgId),
  );
  app.post('/oidc/interactions/:uid/abort', { schema: { tags, params: s.InteractionParams, response: { 200: s.RedirectView } } }, (req) =>
    abortInteraction(req.ctx, req.params.uid),
  );
  app.post('/oidc/keys/rotate', { schema: { tags, response: { 200: s.KeyView } } }, async (req) => {
    const key = await rotateSigningKey(req.ctx);
    dropProvider(req.ctx);
    return key;
  });
}
