import type { Actor, Ctx } from '../kernel/auth-context.js';
import { requireActor } from '../kernel/auth-context.js';
import { recordAudit } from '../kernel/audit.js';
import { inTx, type Queryable, type Tx } from '../kernel/db.js';
import { AppError, type FieldError } from '../kernel/errors.js';
import { decodeCursor, encodeCursor } from '../kernel/pagination.js';
import { getCatalogue, type Catalogue } from '../catalogue/service.js';
import * as policy from '../access/policy.js';
import { normaliseGrants, validateGrants } from '../users/members.js';
import {
  buildPlan,
  checkDecisions,
  findConflicts,
  seatsNeeded,
  type Conflict,
  type LegacyRecord,
  type MapCatalogue,
  type Plan,
  type PlanUser,
} from './mapping.js';
import * as q from './queries.js';
import type { WizardStep } from './enums.js';
import type { ConversionView, EditUserBody, ResolveBody } from './schema.js';

export { importLegacyCustomer, storeLegacyRecord } from './legacy-import.js';

/** The package the conversion never proposes: the agency package is for the agency's consultants (reseller users). */
const NOT_PROPOSED = new Set(['agency']);

export async function mapCatalogueOf(db: Queryable, catalogue: Catalogue): Promise<MapCatalogue> {
  return {
    rights: await q.loadRightsMap(db),
    packages: [...catalogue.packages].filter(([k]) => !NOT_PROPOSED.has(k)).map(([key, modules]) => ({ key, modules })),
    licensed: catalogue.licensed,
  };
}

/** Everything a plan is computed from: the legacy record, the catalogue and the conversion's decisions and edits. */
export interface PlanInputs {
  conversion: q.ConversionRow;
  legacy: LegacyRecord;
  mc: MapCatalogue;
  catalogue: Catalogue;
  plan: Plan;
}

async function planInputs(db: Queryable, root: Ctx['db'], conversion: q.ConversionRow): Promise<PlanInputs> {
  const catalogue = await getCatalogue(root);
  const [legacy, mc] = await Promise.all([q.loadLegacyRecord(db, conversion.org_id), mapCatalogueOf(db, catalogue)]);
  return { conversion, legacy, mc, catalogue, plan: buildPlan(mc, legacy, conversion.decisions, conversion.edits) };
}

/** R-I7: the conversion as the caller may see it (convert right); not_found when none was opened. */
async function readConversion(db: Queryable, actor: Actor, orgId: string, now: Date, lock = false) {
  const standing = await policy.require(db, actor, 'convert', orgId, now);
  const conversion = await q.findConversion(db, orgId, lock);
  if (!conversion) throw new AppError('not_found', { detail: 'No conversion is open for this organisation.' });
  return { standing, conversion };
}

/** R-I7: only the administrator who opened a conversion changes it; an applied one is final. */
function requireOpenBy(conversion: q.ConversionRow, actor: Actor, orgName: string) {
  if (conversion.status === 'applied') throw new AppError('already_converted');
  if (conversion.opened_by !== actor.accountId) {
    throw new AppError('conversion_in_progress', {
      detail: `${conversion.opened_by_name} has the conversion of ${orgName} open.`,
      extra: { conversion: { orgId: conversion.org_id, orgName, openedBy: conversion.opened_by_name } },
    });
  }
}

/** A page's offset from its cursor: checked before anything else, so a forged cursor is a 400 whoever asks. */
const offsetOf = (cursor: string | undefined) => (cursor ? Number(decodeCursor(cursor, ['count'])![0]) : 0);

const page = <T>(items: T[], limit: number, cursor: string | undefined) => {
  const offset = offsetOf(cursor);
  const slice = items.slice(offset, offset + limit);
  return { items: slice, total: items.length, nextCursor: offset + limit < items.length ? encodeCursor([offset + limit]) : null };
};

function conflictView(c: Conflict, legacy: LegacyRecord) {
  const persons = new Map(legacy.persons.map((p) => [p.key, p]));
  const logins = new Map(legacy.logins.map((l) => [l.key, l]));
  return {
    ...c,
    persons: c.personKeys.map((k) => ({ key: k, firstName: persons.get(k)!.firstName, lastName: persons.get(k)!.lastName, email: persons.get(k)!.email })),
    logins: c.loginKeys.map((k) => ({ key: k, username: logins.get(k)!.username, email: logins.get(k)!.email })),
  };
}

function seatsView(mc: MapCatalogue, users: PlanUser[], pools: { module_key: string; seats: number; in_use: number }[]) {
  const needed = seatsNeeded(mc, users);
  return pools
    .filter((p) => mc.licensed.has(p.module_key))
    .map((p) => {
      const n = needed.get(p.module_key) ?? 0;
      return { module: p.module_key, seats: p.seats, inUse: p.in_use, needed: n, short: Math.max(0, p.in_use + n - p.seats) };
    });
}

async function conversionView(db: Queryable, inputs: PlanInputs, standing: policy.Standing, limit: number): Promise<ConversionView> {
  const { conversion, legacy, plan, mc } = inputs;
  const pools = await q.listPools(db, conversion.org_id);
  const count = (t: PlanUser['type']) => plan.users.filter((u) => u.type === t).length;
  return {
    orgId: conversion.org_id,
    orgName: standing.orgName,
    status: conversion.status,
    version: conversion.version,
    step: conversion.step,
    openedBy: { accountId: conversion.opened_by, name: conversion.opened_by_name },
    openedAt: conversion.opened_at.toISOString(),
    appliedAt: conversion.applied_at?.toISOString() ?? null,
    conflicts: plan.conflicts.slice(0, limit).map((c) => conflictView(c, legacy)),
    deactivations: plan.deactivations.slice(0, limit),
    warnings: plan.warnings.slice(0, limit),
    users: plan.users.slice(0, limit),
    seats: seatsView(mc, plan.users, pools),
    counts: {
      persons: legacy.persons.length,
      logins: legacy.logins.length,
      conflicts: plan.conflicts.length,
      openConflicts: plan.conflicts.filter((c) => !c.resolution).length,
      deactivations: plan.deactivations.length,
      warnings: plan.warnings.length,
      users: plan.users.length,
      byType: { employee: count('employee'), no_access: count('no_access'), person: count('person') },
    },
    mayOrderLicenses: policy.allows(standing, 'orderLicenses'),
  };
}

/**
 * R-I2, R-I7: opens the conversion of a legacy organisation for the caller (201), or answers the caller's open one
 * (200). Refuses: already_converted, conversion_in_progress (the caller's other open conversion, or another
 * administrator's of this organisation), forbidden, not_found.
 */
export async function openConversion(ctx: Ctx, orgId: string, limit = 50): Promise<{ created: boolean; view: ConversionView }> {
  const actor = requireActor(ctx);
  return inTx(ctx.db, async (tx) => {
    const standing = await policy.require(tx, actor, 'convert', orgId, ctx.clock.now());
    // The organisation row serialises two administrators opening the same conversion.
    const org = (await q.lockOrg(tx, orgId))!;
    const existing = await q.findConversion(tx, orgId);
    if (org.permission_model === 'current' || existing?.status === 'applied') throw new AppError('already_converted');
    if (existing) {
      requireOpenBy(existing, actor, org.name);
      return { created: false, view: await conversionView(tx, await planInputs(tx, ctx.db, existing), standing, limit) };
    }
    const mine = await q.findOpenConversionOf(tx, actor.accountId);
    if (mine) {
      throw new AppError('conversion_in_progress', {
        detail: `You already have the conversion of ${mine.name} open; apply or abandon it first.`,
        extra: { conversion: { orgId: mine.org_id, orgName: mine.name, openedBy: actor.name } },
      });
    }
    const conversion = await q.insertConversion(tx, { orgId, openedBy: actor.accountId, openedByName: actor.name });
    await recordAudit(tx, actor, 'conversion.opened', { orgId, targetType: 'conversion', targetId: orgId, after: { version: conversion.version } });
    return { created: true, view: await conversionView(tx, await planInputs(tx, ctx.db, conversion), standing, limit) };
  });
}

/** GET /orgs/{orgId}/conversion: the plan with the first page of each list. Refuses: not_found, forbidden. */
export async function getConversion(ctx: Ctx, orgId: string, limit = 50): Promise<ConversionView> {
  const actor = requireActor(ctx);
  const { standing, conversion } = await readConversion(ctx.db, actor, orgId, ctx.clock.now());
  return conversionView(ctx.db, await planInputs(ctx.db, ctx.db, conversion), standing, limit);
}

/** The paged lists of the wizard (conflicts, users, deactivations with their warnings). */
export async function listConflicts(ctx: Ctx, orgId: string, query: { open?: 'true' | 'false'; limit: number; cursor?: string }) {
  offsetOf(query.cursor);
  const actor = requireActor(ctx);
  const { conversion } = await readConversion(ctx.db, actor, orgId, ctx.clock.now());
  const { plan, legacy } = await planInputs(ctx.db, ctx.db, conversion);
  const items = plan.conflicts.filter((c) => query.open === undefined || (query.open === 'true') === !c.resolution);
  const p = page(items, query.limit, query.cursor);
  return { ...p, items: p.items.map((c) => conflictView(c, legacy)) };
}

export async function listPlanUsers(ctx: Ctx, orgId: string, query: { q?: string; type?: PlanUser['type']; limit: number; cursor?: string }) {
  offsetOf(query.cursor);
  const actor = requireActor(ctx);
  const { conversion } = await readConversion(ctx.db, actor, orgId, ctx.clock.now());
  const { plan } = await planInputs(ctx.db, ctx.db, conversion);
  const text = query.q?.toLowerCase();
  const items = plan.users.filter(
    (u) => (!query.type || u.type === query.type) && (!text || `${u.firstName} ${u.lastName} ${u.email ?? ''} ${u.key}`.toLowerCase().includes(text)),
  );
  return page(items, query.limit, query.cursor);
}

export async function listDeactivations(ctx: Ctx, orgId: string, query: { limit: number; cursor?: string }) {
  offsetOf(query.cursor);
  const actor = requireActor(ctx);
  const { conversion } = await readConversion(ctx.db, actor, orgId, ctx.clock.now());
  const { plan } = await planInputs(ctx.db, ctx.db, conversion);
  const warningOf = new Map(plan.warnings.map((w) => [w.loginKey, w.message]));
  return page(
    plan.deactivations.map((d) => ({ ...d, warning: warningOf.get(d.loginKey) ?? null })),
    query.limit,
    query.cursor,
  );
}

/** Locks the open conversion of the caller for a change and computes its plan. */
async function forChange(ctx: Ctx, tx: Tx, actor: Actor, orgId: string) {
  const { standing, conversion } = await readConversion(tx, actor, orgId, ctx.clock.now(), true);
  requireOpenBy(conversion, actor, standing.orgName);
  return { standing, inputs: await planInputs(tx, ctx.db, conversion) };
}

/**
 * R-I3: resolves one conflict with one decision per person (a user with an e-mail unique among the plan's users, or a
 * person without user); bumps the version. Refuses: validation_failed, not_found, conversion_in_progress, already_converted.
 */
export async function resolveConflict(ctx: Ctx, orgId: string, conflictId: string, body: ResolveBody): Promise<ConversionView> {
  const actor = requireActor(ctx);
  return inTx(ctx.db, async (tx) => {
    const { standing, inputs } = await forChange(ctx, tx, actor, orgId);
    const { conversion, legacy, mc } = inputs;
    const conflict = findConflicts(mc, legacy).find((c) => c.id === conflictId);
    if (!conflict) throw new AppError('not_found', { detail: 'No such conflict in this conversion.' });
    const decisions = body.decisions.map((d) => ({
      personKey: d.personKey,
      becomes: d.becomes,
      ...(d.becomes === 'user' && d.email ? { email: d.email } : {}),
    }));
    const problems = checkDecisions(mc, legacy, conversion.decisions, conversion.edits, conflict, decisions);
    if (problems.length) throw new AppError('validation_failed', { errors: problems });
    const before = conversion.decisions[conflictId] ?? null;
    const updated = await q.updatePlan(tx, orgId, { decisions: { ...conversion.decisions, [conflictId]: decisions } });
    await recordAudit(tx, actor, 'conversion.conflict_resolved', {
      orgId,
      targetType: 'conversion',
      targetId: orgId,
      before,
      after: { conflictId, decisions },
    });
    return conversionView(tx, await planInputs(tx, ctx.db, updated), standing, 50);
  });
}

/**
 * R-I5: edits one resulting user's type, packages and modules in the summary; bumps the version.
 * Refuses: validation_failed (unknown keys, grants for a person/no_access, a user without e-mail), not_found.
 */
export async function editPlanUser(ctx: Ctx, orgId: string, key: string, body: EditUserBody): Promise<ConversionView> {
  const actor = requireActor(ctx);
  return inTx(ctx.db, async (tx) => {
    const { standing, inputs } = await forChange(ctx, tx, actor, orgId);
    const { conversion, plan, catalogue } = inputs;
    const user = plan.users.find((u) => u.key === key);
    if (!user) throw new AppError('not_found', { detail: 'No such user in this conversion.' });
    const type = body.type ?? user.type;
    const grants = normaliseGrants(body.packages ?? (type === 'employee' ? user.packages : []), body.modules ?? (type === 'employee' ? user.modules : []));
    const errors: FieldError[] = [];
    validateGrants(catalogue, type, grants, errors);
    if (type !== 'person' && !user.email)
      errors.push({ path: 'type', code: 'required', message: 'A user needs an e-mail address; resolve its conflict first' });
    if (type !== 'person' && user.type === 'person' && user.email) {
      const clash = plan.users.find((o) => o.key !== key && o.type !== 'person' && o.email?.toLowerCase() === user.email!.toLowerCase());
      if (clash) errors.push({ path: 'type', code: 'taken', message: `${user.email} is already the e-mail of ${clash.firstName} ${clash.lastName}` });
    }
    if (errors.length) throw new AppError('validation_failed', { errors });
    const edit = { type, packages: grants.packages, modules: grants.modules };
    const updated = await q.updatePlan(tx, orgId, { edits: { ...conversion.edits, [key]: edit } });
    await recordAudit(tx, actor, 'conversion.user_edited', {
      orgId,
      targetType: 'conversion',
      targetId: orgId,
      before: { key, type: user.type, packages: user.packages, modules: user.modules },
      after: { key, ...edit },
    });
    return conversionView(tx, await planInputs(tx, ctx.db, updated), standing, 50);
  });
}

/** R-I2: moves the caller's open conversion to a wizard step (no version bump). Refuses: conversion_in_progress, already_converted. */
export async function setWizardStep(ctx: Ctx, orgId: string, step: WizardStep): Promise<ConversionView> {
  const actor = requireActor(ctx);
  return inTx(ctx.db, async (tx) => {
    const { standing, inputs } = await forChange(ctx, tx, actor, orgId);
    if (inputs.conversion.step === step) return conversionView(tx, inputs, standing, 50);
    const updated = await q.setStep(tx, orgId, step);
    return conversionView(tx, { ...inputs, conversion: updated }, standing, 50);
  });
}

/** R-I7: abandons an open conversion (any administrator who may convert). Refuses: not_found, already_converted. */
export async function abandonConversion(ctx: Ctx, orgId: string): Promise<void> {
  const actor = requireActor(ctx);
  await inTx(ctx.db, async (tx) => {
    const { conversion } = await readConversion(tx, actor, orgId, ctx.clock.now(), true);
    if (conversion.status === 'applied') throw new AppError('already_converted');
    await q.deleteConversion(tx, orgId);
    await recordAudit(tx, actor, 'conversion.abandoned', {
      orgId,
      targetType: 'conversion',
      targetId: orgId,
      before: { openedBy: conversion.opened_by_name, version: conversion.version, decisions: conversion.decisions, edits: conversion.edits },
    });
  });
}

export { planInputs, readConversion, requireOpenBy };
