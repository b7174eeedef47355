import type { Ctx, Language } from '../kernel/auth-context.js';
import { recordInitialOrder } from '../licenses/service.js';
import { seatsNote } from '../mail/templates.js';
import { requireActor } from '../kernel/auth-context.js';
import { recordAudit } from '../kernel/audit.js';
import { newId } from '../kernel/crypto.js';
import { inTx } from '../kernel/db.js';
import { AppError, type FieldError } from '../kernel/errors.js';
import { decodePosition, keysetPage } from '../kernel/pagination.js';
import { findAccountByEmail, insertAccount, sendInvitation } from '../auth/service.js';
import * as policy from '../access/policy.js';
import { validateBusinessId } from './business-id.js';
import * as q from './queries.js';
import type { CreateOrgBody, ListOrgsQuery, OrgView } from './schema.js';

export function toOrgView(o: NonNullable<Awaited<ReturnType<typeof q.findOrgById>>>): OrgView {
  return {
    id: o.id,
    name: o.name,
    kind: o.kind,
    country: o.country,
    businessId: o.business_id,
    defaultLanguage: o.default_language,
    agencyId: o.agency_id,
    permissionModel: o.permission_model,
    contractOwnerAccountId: o.contract_owner_account_id,
    createdAt: o.created_at.toISOString(),
  };
}

/**
 * R-A1: creates an organisation with its initial seats and optional contract owner (invited by mail).
 * Operators create any; an agency administrator creates clients of its own agency.
 * Refuses: invalid_business_id, validation_failed, duplicate_business_id, forbidden.
 */
export async function createOrg(ctx: Ctx, input: CreateOrgBody, extra: { permissionModel?: 'legacy' | 'current'; fromRegistry?: boolean } = {}) {
  const actor = requireActor(ctx);
  const id = validateBusinessId(input.country, input.businessId);
  if (!id.ok) throw new AppError('invalid_business_id', { errors: [{ path: 'businessId', code: id.code, message: id.message }] });
  const agencyId = input.agencyId ?? null;
  return inTx(ctx.db, async (tx) => {
    const errors: FieldError[] = [];
    if (input.kind === 'agency' && agencyId) errors.push({ path: 'agencyId', code: 'not_for_type', message: 'An agency is not served by another agency' });
    if (agencyId) {
      const agency = await q.findOrgById(tx, agencyId);
      if (!agency || agency.kind !== 'agency') errors.push({ path: 'agencyId', code: 'unknown_agency', message: 'No such agency' });
      else await policy.requireCreateOrg(tx, actor, { agencyId, fromRegistry: extra.fromRegistry }, ctx.clock.now());
    } else {
      await policy.requireCreateOrg(tx, actor, { agencyId: null, fromRegistry: extra.fromRegistry }, ctx.clock.now());
    }
    const licensed = new Set(await q.findLicensedModuleKeys(tx));
    for (const key of Object.keys(input.seats ?? {})) {
      if (!licensed.has(key)) errors.push({ path: `seats.${key}`, code: 'not_licensed', message: 'Not a licensed module' });
    }
    if (errors.length) throw new AppError('validation_failed', { errors });
    if (await q.findOrgByBusinessId(tx, input.country, id.normalized)) {
      throw new AppError('duplicate_business_id', { errors: [{ path: 'businessId', code: 'taken', message: 'Already registered in Nyckel' }] });
    }
    const defaultLanguage = input.defaultLanguage ?? ({ FI: 'fi', SE: 'sv', NO: 'nb' } as const)[input.country];
    const org = await q.insertOrg(tx, {
      id: newId(),
      name: input.name,
      kind: input.kind,
      country: input.country,
      businessId: id.normalized,
      defaultLanguage,
      agencyId,
      contractOwnerAccountId: null,
      permissionModel: extra.permissionModel,
    });
    await q.insertLicensePools(tx, org.id, [...licensed], input.seats ?? {});
    let contractOwnerAccountId: string | null = null;
    let invite: Parameters<typeof sendInvitation>[2] | null = null;
    let owner: { id: string; email: string; first_name: string; language: Language } | null = null;
    if (input.contractOwner) {
      const existing = await findAccountByEmail(tx, input.contractOwner.email);
      owner =
        existing ??
        (await insertAccount(tx, {
          id: newId(),
          email: input.contractOwner.email,
          firstName: input.contractOwner.firstName,
          lastName: input.contractOwner.lastName,
          language: defaultLanguage,
          homeOrgId: org.id,
        }));
      contractOwnerAccountId = owner.id;
      await q.setContractOwner(tx, org.id, owner.id);
      if (!existing || !existing.password_hash) invite = { account: owner, orgId: org.id, orgName: org.name, inviterName: actor.name };
    }
    // The initial seats are the first order of the license history, audited; the contract owner is told (in the
    // invitation when there is one: one mail).
    const order = await recordInitialOrder(tx, ctx, actor, org, input.seats ?? {}, owner, invite === null);
    if (invite) await sendInvitation(tx, ctx, { ...invite, ...(order ? { note: seatsNote(invite.account.language, order.seats) } : {}) });
    const view = toOrgView({ ...org, contract_owner_account_id: contractOwnerAccountId });
    await recordAudit(tx, actor, extra.fromRegistry ? 'org.created_from_registry' : 'org.created', {
      orgId: org.id,
      targetType: 'org',
      targetId: org.id,
      after: { ...view, seats: input.seats ?? {} },
    });
    return view;
  });
}

export { findOrgByBusinessId } from './queries.js';

/** R-J1: an organisation the caller cannot open answers not_found. */
export async function getOrg(ctx: Ctx, orgId: string) {
  const actor = requireActor(ctx);
  await policy.require(ctx.db, actor, 'viewOrg', orgId, ctx.clock.now());
  const org = await q.findOrgById(ctx.db, orgId);
  if (!org) throw new AppError('not_found');
  return toOrgView(org);
}

/** Edits name and default language. Refuses: forbidden (not an administrator there), not_found. */
export async function updateOrg(ctx: Ctx, orgId: string, patch: { name?: string; defaultLanguage?: 'en' | 'sv' | 'fi' | 'nb' }) {
  const actor = requireActor(ctx);
  return inTx(ctx.db, async (tx) => {
    await policy.require(tx, actor, 'updateOrg', orgId, ctx.clock.now());
    const before = await q.findOrgById(tx, orgId);
    if (!before) throw new AppError('not_found');
    const changes = {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.defaultLanguage !== undefined ? { default_language: patch.defaultLanguage } : {}),
    };
    // An empty patch changes nothing: the organisation as it is, no audit event.
    if (!Object.keys(changes).length) return toOrgView(before);
    const after = await q.updateOrg(tx, orgId, changes);
    if (after.name !== before.name) await q.renameHomeOrgCopies(tx, orgId, after.name);
    await recordAudit(tx, actor, 'org.updated', { orgId, targetType: 'org', targetId: orgId, before: toOrgView(before), after: toOrgView(after) });
    return toOrgView(after);
  });
}

/** R-A3: list with search, kind/agency filters, "must convert", sort and keyset pages. */
export async function listOrgs(ctx: Ctx, query: ListOrgsQuery) {
  const actor = requireActor(ctx);
  const key = q.orgsKeyset(query);
  const after = decodePosition(query.cursor, key)?.after ?? null;
  const visible = policy.visibleOrgIds(ctx.db, actor, ctx.clock.now());
  const { rows, total } = await q.listOrgs(ctx.db, query, visible, after);
  return keysetPage(rows, { limit: query.limit, key, total, items: (page) => page.map(toOrgView) });
}
