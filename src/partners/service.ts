import type { Ctx } from '../kernel/auth-context.js';
import { requireActor } from '../kernel/auth-context.js';
import { AppError } from '../kernel/errors.js';
import { validateBusinessId, type Country } from '../orgs/business-id.js';
import { createOrg, findOrgByBusinessId } from '../orgs/service.js';
import * as policy from '../access/policy.js';
import * as q from './queries.js';
import { lookupRegistry } from './registry.js';

/** Administrators of some organisation (who add partner users) and operators use the registry. */
async function mayUseRegistry(ctx: Ctx) {
  const actor = requireActor(ctx);
  await policy.requirePlatform(ctx.db, actor, 'useRegistry', ctx.clock.now());
  return actor;
}

function normalised(country: Country, businessId: string) {
  const id = validateBusinessId(country, businessId);
  if (!id.ok) throw new AppError('invalid_business_id', { errors: [{ path: 'businessId', code: id.code, message: id.message }] });
  return id.normalized;
}

/** R-F2: a business id found in Nyckel answers that organisation; else the public registry's company. */
export async function findCompany(ctx: Ctx, country: Country, businessId: string) {
  const actor = await mayUseRegistry(ctx);
  const id = normalised(country, businessId);
  const known = await findOrgByBusinessId(ctx.db, country, id);
  if (known) return { country, businessId: id, name: known.name, companyForm: null, orgId: known.id };
  const hit = await lookupRegistry(ctx.config, country, id, actor.language);
  return { country, businessId: id, name: hit.name, companyForm: hit.companyForm, orgId: null };
}

/**
 * R-F2: creates an organisation from the registry's data (a client, no agency, no seats) so a partner user's home can
 * be set to it. The registry is asked before the transaction; nothing is created when it fails.
 * Refuses: duplicate_business_id (with orgId), not_in_registry, registry_unavailable, forbidden.
 */
export async function createOrgFromRegistry(ctx: Ctx, country: Country, businessId: string) {
  await mayUseRegistry(ctx);
  const id = normalised(country, businessId);
  const known = await findOrgByBusinessId(ctx.db, country, id);
  if (known) throw new AppError('duplicate_business_id', { detail: `${known.name} is already in Nyckel.`, extra: { orgId: known.id } });
  const hit = await lookupRegistry(ctx.config, country, id);
  return createOrg(ctx, { name: hit.name, kind: 'client', country, businessId: id }, { fromRegistry: true });
}

export async function listPartnerOrgs(ctx: Ctx, orgId: string) {
  const actor = requireActor(ctx);
  await policy.require(ctx.db, actor, 'listPartnerOrgs', orgId, ctx.clock.now());
  const rows = await q.listPartnerOrgs(ctx.db, orgId);
  return {
    items: rows.map((r) => ({ id: r.id, name: r.name, country: r.country, businessId: r.business_id, partnerUsers: Number(r.n) })),
    total: rows.length,
    nextCursor: null,
  };
}
