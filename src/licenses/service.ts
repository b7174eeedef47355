import type { Actor, Ctx, Deps, Language } from '../kernel/auth-context.js';
import { enqueueMail } from '../kernel/mail.js';
import { renderMail } from '../mail/templates.js';
import { requireActor } from '../kernel/auth-context.js';
import { recordAudit } from '../kernel/audit.js';
import { newId } from '../kernel/crypto.js';
import { inTx, type Tx } from '../kernel/db.js';
import { AppError, type FieldError } from '../kernel/errors.js';
import { getCatalogue } from '../catalogue/service.js';
import * as policy from '../access/policy.js';
import { licenseAdministrators } from '../access/administrators.js';
import * as q from './queries.js';
import type { OrderBody, SeatsView } from './schema.js';

export { seatDelta, seatModules, addDeltas, type SeatState } from './seats.js';
export { countSeatsFromScratch, ensurePools, readPoolsBulk } from './queries.js';

/**
 * R-B2 for bulk changes (the agency bulk job): the pools of many organisations locked in (org, module) order. The
 * caller checks each item's seats against them in memory (seats − inUse, counting what it takes) and writes the
 * sum per pool with addInUseBulk in the same transaction: never oversold, as the pools stay locked until commit.
 */
export const lockPoolsBulk = q.lockPoolsBulk;
export const addInUseBulk = q.addInUseBulk;

/**
 * R-B2: the one seat check. Locks the pools of every module the change touches, refuses the whole change with
 * license_limit_reached (each module with seats, inUse and needed) when a positive delta does not fit, else
 * applies the deltas to the running counts. Call it in the transaction of the change.
 */
export async function applySeatDeltas(tx: Tx, orgId: string, deltas: Map<string, number>): Promise<void> {
  const touched = [...deltas]
    .filter(([, d]) => d !== 0)
    .map(([m]) => m)
    .sort();
  if (!touched.length) return;
  await q.ensurePools(tx, orgId, touched);
  const pools = new Map((await q.lockPools(tx, orgId, touched)).map((p) => [p.module_key, p]));
  const short = touched
    .filter((m) => deltas.get(m)! > 0)
    .map((m) => ({ module: m, seats: pools.get(m)?.seats ?? 0, inUse: pools.get(m)?.in_use ?? 0, needed: deltas.get(m)! }))
    .filter((p) => p.inUse + p.needed > p.seats);
  if (short.length) {
    throw new AppError('license_limit_reached', {
      detail: short.map((s) => `${s.module}: ${s.seats} seats, ${s.inUse} in use, ${s.needed} more needed`).join('; '),
      extra: { modules: short },
    });
  }
  for (const m of touched) await q.addInUse(tx, orgId, m, deltas.get(m)!);
}

/** R-B5: administrators, the contract owner (even without membership) and operators see and order licenses. */
async function mayManageLicenses(ctx: Ctx, orgId: string, action: 'viewLicenses' | 'orderLicenses', db = ctx.db) {
  const actor = requireActor(ctx);
  await policy.require(db, actor, action, orgId, ctx.clock.now());
  return actor;
}

function ordersView(rows: Awaited<ReturnType<typeof q.listOrders>>) {
  return rows.map((o) => ({ id: o.id, at: o.at.toISOString(), by: { accountId: o.by_account_id, name: o.by_name ?? '' }, changes: o.changes }));
}

export async function getLicenses(ctx: Ctx, orgId: string) {
  await mayManageLicenses(ctx, orgId, 'viewLicenses');
  const pools = await q.listPools(ctx.db, orgId);
  return {
    modules: pools.map((p) => ({ module: p.module_key, seats: p.seats, inUse: p.in_use, available: Math.max(0, p.seats - p.in_use) })),
    orders: ordersView(await q.listOrders(ctx.db, orgId)),
  };
}

/**
 * Issue 14, R-B2 seen before the last step: free seats per module for whoever may order them or add users; with
 * mayOrder, and for those who may not, who may (the contract owner and administrators). Refuses: not_found, forbidden.
 */
export async function getSeats(ctx: Ctx, orgId: string): Promise<SeatsView> {
  const actor = requireActor(ctx);
  const standing = await policy.require(ctx.db, actor, 'viewSeats', orgId, ctx.clock.now());
  const mayOrder = policy.allows(standing, 'orderLicenses');
  const [pools, administrators] = await Promise.all([
    q.listPools(ctx.db, orgId),
    mayOrder ? Promise.resolve([]) : licenseAdministrators(ctx.db, orgId, ctx.clock.now()),
  ]);
  return {
    modules: pools.map((p) => ({ module: p.module_key, seats: p.seats, inUse: p.in_use, available: Math.max(0, p.seats - p.in_use) })),
    mayOrder,
    licenseAdministrators: administrators,
  };
}

/**
 * R-B3: one checkout raises and lowers seats per module; kept as the agreement's history. Removing users never
 * changes the pool (R-B4): only orders do. Refuses: license_in_use (lowering below use, whole), validation_failed.
 */
export async function placeOrder(ctx: Ctx, orgId: string, input: OrderBody) {
  return inTx(ctx.db, async (tx) => {
    const actor = await mayManageLicenses(ctx, orgId, 'orderLicenses', tx);
    const catalogue = await getCatalogue(ctx.db);
    const errors: FieldError[] = Object.keys(input.seats)
      .filter((m) => !catalogue.licensed.has(m))
      .map((m) => ({ path: `seats.${m}`, code: 'not_licensed' as const, message: 'Not a licensed module' }));
    if (errors.length) throw new AppError('validation_failed', { errors });
    const modules = Object.keys(input.seats).sort();
    await q.ensurePools(tx, orgId, modules);
    const pools = new Map((await q.lockPools(tx, orgId, modules)).map((p) => [p.module_key, p]));
    const inUse = modules
      .map((m) => ({ module: m, seats: input.seats[m], inUse: pools.get(m)!.in_use, needed: pools.get(m)!.in_use - input.seats[m] }))
      .filter((p) => p.seats < p.inUse);
    if (inUse.length) {
      throw new AppError('license_in_use', {
        detail: inUse.map((p) => `${p.module}: ${p.inUse} in use, cannot go down to ${p.seats}; remove ${p.needed} users or their access first`).join('; '),
        extra: { modules: inUse },
      });
    }
    const changes: Record<string, { from: number; to: number }> = {};
    for (const m of modules) {
      const from = pools.get(m)!.seats;
      if (from === input.seats[m]) continue;
      changes[m] = { from, to: input.seats[m] };
      await q.setSeats(tx, orgId, m, input.seats[m]);
    }
    const order = await q.insertOrder(tx, { orgId, id: newId(), byAccountId: actor.accountId, byName: actor.name, changes });
    await recordAudit(tx, actor, 'license.order_placed', {
      orgId,
      targetType: 'license_order',
      targetId: order.id,
      before: Object.fromEntries(Object.entries(changes).map(([m, c]) => [m, c.from])),
      after: Object.fromEntries(Object.entries(changes).map(([m, c]) => [m, c.to])),
    });
    return ordersView([order])[0];
  });
}

/**
 * Issue 11, defect 8: the seats an organisation is created with are its first license order (who, when, what),
 * audited as `license.initial_order` in the creation's transaction; the contract owner, when named, is told by mail
 * (its own mail, or `note` in its invitation when `mailOwner` is false). Who may set them is who may create the
 * organisation (policy.requireCreateOrg: operators; an agency's administrators for its clients).
 */
export async function recordInitialOrder(
  tx: Tx,
  deps: Deps,
  actor: Actor,
  org: { id: string; name: string },
  seats: Record<string, number>,
  contractOwner: { id: string; email: string; first_name: string; language: Language } | null,
  mailOwner: boolean,
): Promise<{ seats: string } | null> {
  const changes: Record<string, { from: number; to: number }> = {};
  for (const [m, n] of Object.entries(seats).sort(([a], [b]) => a.localeCompare(b))) if (n > 0) changes[m] = { from: 0, to: n };
  if (!Object.keys(changes).length) return null;
  const order = await q.insertOrder(tx, { orgId: org.id, id: newId(), byAccountId: actor.accountId, byName: actor.name, changes });
  await recordAudit(tx, actor, 'license.initial_order', {
    orgId: org.id,
    targetType: 'license_order',
    targetId: order.id,
    after: Object.fromEntries(Object.entries(changes).map(([m, c]) => [m, c.to])),
  });
  const summary = Object.entries(changes)
    .map(([m, c]) => `${m} ${c.to}`)
    .join(', ');
  if (contractOwner && mailOwner) {
    const mail = renderMail(
      'initial_seats',
      contractOwner.language,
      {
        name: contractOwner.first_name,
        org: org.name,
        inviter: actor.name,
        seats: summary,
      },
      `${deps.config.publicUrl}/orgs/${org.id}/licenses`,
    );
    await enqueueMail(tx, deps.jobs, { orgId: org.id, to: contractOwner.email, ...mail });
  }
  return { seats: summary };
}
