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
import type { CreateOrgBody, ListOrgsQuery, OrgView, UpdateOrgBody } from './schema.js';

export function toOrgView(o: NonNullable<Awaited<ReturnType<typeof q.findOrgById>>>): OrgView {
  return {
    id: o.id,
    name: o.name,
    kind: o.kind,
    country: o.country,
    businessId: o.business_id,
    defaultLanguage: o.default_language,
    agencyId: o.agency_id,
    agency: o.agency_id ? { id: o.agency_id, name: o.agency_name ?? '' } : null,
    permissionModel: o.permission_model,
    contractOwnerAccountId: o.contract_owner_account_id,
    contractOwner: o.contract_owner_account_id
      ? { id: o.contract_owner_account_id, name: o.contract_owner_name ?? '', email: o.contract_owner_email ?? '' }
      : null,
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
    const view = toOrgView(contractOwnerAccountId ? (await q.findOrgById(tx, org.id))! : org);
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

/**
 * Edits name and default language (administrators), a client's agency (operators) and the contract owner (operators
 * and the contract owner, who hands it over; a new address gets an account, invited) — issue 14 item 8; audited.
 * Refuses: forbidden, not_found, validation_failed (agencyId: unknown_agency, not_for_type, resellers_remain).
 */
export async function updateOrg(ctx: Ctx, orgId: string, patch: UpdateOrgBody) {
  const actor = requireActor(ctx);
  return inTx(ctx.db, async (tx) => {
    const standing = await policy.standingIn(tx, actor, orgId, ctx.clock.now());
    const before = await q.findOrgById(tx, orgId);
    if (!before) throw new AppError('not_found');
    const agencyChange = patch.agencyId !== undefined && patch.agencyId !== before.agency_id;
    const ownerChange =
      patch.contractOwner !== undefined && (patch.contractOwner?.email.toLowerCase() ?? null) !== (before.contract_owner_email?.toLowerCase() ?? null);
    const need: policy.OrgAction[] = [
      ...(patch.name !== undefined || patch.defaultLanguage !== undefined ? (['updateOrg'] as const) : []),
      ...(agencyChange ? (['changeAgency'] as const) : []),
      ...(ownerChange ? (['changeContractOwner'] as const) : []),
    ];
    // A patch that changes nothing still needs one of the rights: a plain member is refused, not answered.
    if (!need.length && !(['updateOrg', 'changeContractOwner'] as const).some((a) => policy.allows(standing, a))) need.push('updateOrg');
    for (const action of need) if (!policy.allows(standing, action)) throw new AppError('forbidden', { detail: CHANGE_DENIED[action] });

    if (agencyChange && patch.agencyId) {
      const agency = await q.findOrgById(tx, patch.agencyId);
      const errors: FieldError[] = [];
      if (before.kind === 'agency') errors.push({ path: 'agencyId', code: 'not_for_type', message: 'An agency is not served by another agency' });
      else if (!agency || agency.kind !== 'agency') errors.push({ path: 'agencyId', code: 'unknown_agency', message: 'No such agency' });
      if (errors.length) throw new AppError('validation_failed', { errors });
    }
    if (agencyChange && before.agency_id) {
      // R-C3: reseller users are the old agency's consultants; they would stay without being eligible under the new one.
      const resellers = await q.countResellers(tx, orgId);
      if (resellers)
        throw new AppError('validation_failed', {
          errors: [{ path: 'agencyId', code: 'resellers_remain', message: `${resellers} reseller user(s) of ${before.agency_name} are still users here` }],
        });
    }
    let ownerId: string | null | undefined;
    if (ownerChange) ownerId = patch.contractOwner ? await contractOwnerAccount(tx, ctx, actor.name, before, patch.contractOwner) : null;

    const changes = {
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.defaultLanguage !== undefined ? { default_language: patch.defaultLanguage } : {}),
      ...(agencyChange ? { agency_id: patch.agencyId } : {}),
      ...(ownerId !== undefined ? { contract_owner_account_id: ownerId } : {}),
    };
    // An empty patch changes nothing: the organisation as it is, no audit event.
    if (!Object.keys(changes).length) return toOrgView(before);
    const after = await q.updateOrg(tx, orgId, changes);
    if (after.name !== before.name) await q.renameHomeOrgCopies(tx, orgId, after.name);
    await recordAudit(tx, actor, 'org.updated', { orgId, targetType: 'org', targetId: orgId, before: toOrgView(before), after: toOrgView(after) });
    return toOrgView(after);
  });
}

const CHANGE_DENIED: Partial<Record<policy.OrgAction, string>> = {
  updateOrg: 'Only administrators of the organisation change its name and language.',
  changeAgency: 'Only platform operators change the agency that serves a client.',
  changeContractOwner: 'Only platform operators and the contract owner change the contract owner.',
};

/** The contract owner's account by e-mail: an existing one, or a new one at home in the organisation, invited (R-A1). */
async function contractOwnerAccount(
  tx: Parameters<Parameters<typeof inTx>[1]>[0],
  ctx: Ctx,
  inviterName: string,
  org: { id: string; name: string; default_language: Language },
  owner: { email: string; firstName: string; lastName: string },
) {
  const existing = await findAccountByEmail(tx, owner.email);
  const account =
    existing ??
    (await insertAccount(tx, {
      id: newId(),
      email: owner.email,
      firstName: owner.firstName,
      lastName: owner.lastName,
      language: org.default_language,
      homeOrgId: org.id,
    }));
  if (!existing || !existing.password_hash) await sendInvitation(tx, ctx, { account, orgId: org.id, orgName: org.name, inviterName });
  return account.id;
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
