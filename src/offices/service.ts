import type { Ctx } from '../kernel/auth-context.js';
import { requireActor } from '../kernel/auth-context.js';
import { recordAudit } from '../kernel/audit.js';
import { newId } from '../kernel/crypto.js';
import { inTx, type Queryable } from '../kernel/db.js';
import { AppError } from '../kernel/errors.js';
import * as policy from '../access/policy.js';
import * as q from './queries.js';
import type { CreateOfficeBody, OfficeView, UpdateOfficeBody } from './schema.js';

type OfficeRow = NonNullable<Awaited<ReturnType<typeof q.findOffice>>>;
const view = (o: OfficeRow, users: number): OfficeView => ({
  id: o.id,
  orgId: o.org_id,
  name: o.name,
  address: o.address,
  users,
  createdAt: o.created_at.toISOString(),
});

/**
 * R-C16: an organisation's offices (to anybody who can open it); with `accountId`, the offices of that account's home
 * organisation — where an administrator adding or changing users here may place it (a partner: at its own company's
 * offices); with `homeOrgId`, those of the home organisation a new partner user is being added with (issue 14 item 16).
 * Refuses: not_found, forbidden.
 */
export async function listOffices(ctx: Ctx, orgId: string, by: { accountId?: string; homeOrgId?: string } = {}) {
  const actor = requireActor(ctx);
  const { accountId } = by;
  let homeOrgId = orgId;
  if (by.homeOrgId) {
    // Adding a user here may name any organisation as their home (R-F2), so its offices are where they can be placed.
    await policy.require(ctx.db, actor, 'addUsers', orgId, ctx.clock.now());
    if (!(await q.findOrgId(ctx.db, by.homeOrgId))) throw new AppError('not_found');
    homeOrgId = by.homeOrgId;
  } else if (accountId) {
    await policy.require(ctx.db, actor, 'addUsers', orgId, ctx.clock.now());
    const account = await q.findAccountHome(ctx.db, accountId);
    if (!account) throw new AppError('not_found');
    if (!account.home_org_id) return { items: [], total: 0, nextCursor: null };
    homeOrgId = account.home_org_id;
  } else {
    await policy.require(ctx.db, actor, 'viewOrg', orgId, ctx.clock.now());
  }
  const rows = await q.findOffices(ctx.db, homeOrgId);
  return { items: rows.map((r) => view(r, Number(r.users ?? 0))), total: rows.length, nextCursor: null };
}

/** R-C16: adds an office (audited). Refuses: forbidden (administrators only), office_name_taken, not_found. */
export async function addOffice(ctx: Ctx, orgId: string, input: CreateOfficeBody): Promise<OfficeView> {
  const actor = requireActor(ctx);
  return inTx(ctx.db, async (tx) => {
    await policy.require(tx, actor, 'updateOrg', orgId, ctx.clock.now());
    await refuseTakenName(tx, orgId, input.name);
    const id = newId();
    await q.insertOffice(tx, { orgId, id, name: input.name, address: input.address || null });
    const after = view((await q.findOffice(tx, orgId, id))!, 0);
    await recordAudit(tx, actor, 'office.added', { orgId, targetType: 'office', targetId: id, after });
    return after;
  });
}

/** R-C16: renames an office or changes its address; the members placed there show the new name. Refuses: forbidden, office_name_taken, not_found. */
export async function updateOffice(ctx: Ctx, orgId: string, officeId: string, input: UpdateOfficeBody): Promise<OfficeView> {
  const actor = requireActor(ctx);
  return inTx(ctx.db, async (tx) => {
    await policy.require(tx, actor, 'updateOrg', orgId, ctx.clock.now());
    const before = await q.findOffice(tx, orgId, officeId, true);
    if (!before) throw new AppError('not_found');
    const placed = await q.lockPlacements(tx, orgId, officeId);
    const patch = {
      ...(input.name !== undefined && input.name !== before.name ? { name: input.name } : {}),
      ...(input.address !== undefined && (input.address || null) !== before.address ? { address: input.address || null } : {}),
    };
    if (!Object.keys(patch).length) return view(before, placed.length);
    if (patch.name && patch.name.toLowerCase() !== before.name.toLowerCase()) await refuseTakenName(tx, orgId, patch.name);
    await q.updateOffice(tx, orgId, officeId, patch);
    if (patch.name) await q.renamePlacements(tx, orgId, officeId, patch.name);
    const after = view((await q.findOffice(tx, orgId, officeId))!, placed.length);
    await recordAudit(tx, actor, 'office.updated', { orgId, targetType: 'office', targetId: officeId, before: view(before, placed.length), after });
    return after;
  });
}

/**
 * R-C16: removes an office. One that users are placed at is refused with office_in_use (`users`: how many) unless
 * `clearPlacements` is asked: then their placements are cleared in the same change (audited with their number).
 * Refuses: forbidden, not_found, office_in_use.
 */
export async function removeOffice(ctx: Ctx, orgId: string, officeId: string, clearPlacements: boolean): Promise<void> {
  const actor = requireActor(ctx);
  await inTx(ctx.db, async (tx) => {
    await policy.require(tx, actor, 'updateOrg', orgId, ctx.clock.now());
    const before = await q.findOffice(tx, orgId, officeId, true);
    if (!before) throw new AppError('not_found');
    const placed = await q.lockPlacements(tx, orgId, officeId);
    if (placed.length && !clearPlacements) {
      throw new AppError('office_in_use', {
        detail: `${placed.length} user(s) are placed at ${before.name}. Place them elsewhere, or remove the office and clear their placements.`,
        extra: { users: placed.length },
      });
    }
    if (placed.length) await q.clearPlacements(tx, orgId, officeId);
    await q.deleteOffice(tx, orgId, officeId);
    await recordAudit(tx, actor, 'office.removed', {
      orgId,
      targetType: 'office',
      targetId: officeId,
      before: view(before, placed.length),
      after: { clearedPlacements: placed.map((p) => ({ orgId: p.org_id, membershipId: p.id })) },
    });
  });
}

async function refuseTakenName(db: Queryable, orgId: string, name: string) {
  if (await q.findOfficeByName(db, orgId, name)) {
    throw new AppError('office_name_taken', { errors: [{ path: 'name', code: 'taken', message: 'Another office of the organisation has this name' }] });
  }
}

/**
 * R-C16: the office a member with this home organisation can be placed at, as its id and name; null clears the
 * placement. Refuses: validation_failed (officeId: not an office of the member's home organisation).
 */
export async function officeForPlacement(db: Queryable, homeOrgId: string | null, officeId: string | null): Promise<{ id: string; name: string } | null> {
  if (officeId === null) return null;
  const office = homeOrgId ? await q.findOffice(db, homeOrgId, officeId) : undefined;
  if (!office) {
    throw new AppError('validation_failed', {
      errors: [{ path: 'officeId', code: 'not_home_office', message: "Not an office of the user's home organisation" }],
    });
  }
  return { id: office.id, name: office.name };
}
