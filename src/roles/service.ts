import type { AuditAction } from '../kernel/audit-actions.js';
import type { Ctx } from '../kernel/auth-context.js';
import { requireActor } from '../kernel/auth-context.js';
import { recordAudit } from '../kernel/audit.js';
import { newId } from '../kernel/crypto.js';
import { inTx, type Tx } from '../kernel/db.js';
import { AppError, type FieldError } from '../kernel/errors.js';
import { decodePosition, keysetPage } from '../kernel/pagination.js';
import { getCatalogue, type Catalogue } from '../catalogue/service.js';
import { todayOf } from '../access/effective.js';
import * as policy from '../access/policy.js';
import { readMember, memberView } from '../users/service.js';
import * as q from './queries.js';
import type { AssignRolesBody, ListTargetsQuery, RemoveRolesBody, TargetKind } from './schema.js';

const KIND_OF_SCOPE = { project: 'projects', site: 'sites' } as const;
const SINGULAR = { projects: 'project', sites: 'site' } as const;

const targetView = (t: { org_id: string; id: string; name: string; archived: boolean; created_at: Date }) => ({
  id: t.id,
  orgId: t.org_id,
  name: t.name,
  archived: t.archived,
  createdAt: t.created_at.toISOString(),
});

/** Projects or sites of an organisation, with search and keyset pages; any member may read them. */
export async function listTargets(ctx: Ctx, kind: TargetKind, orgId: string, query: ListTargetsQuery) {
  const actor = requireActor(ctx);
  await policy.require(ctx.db, actor, 'viewProjects', orgId, ctx.clock.now());
  const after = decodePosition(query.cursor, q.TARGETS_KEYSET)?.after ?? null;
  const { rows, total } = await q.listTargets(ctx.db, kind, orgId, query, after);
  return keysetPage(rows, { limit: query.limit, key: q.TARGETS_KEYSET, total, items: (page) => page.map(targetView) });
}

/** Creates a project or site. Refuses: forbidden (not an administrator). */
export async function createTarget(ctx: Ctx, kind: TargetKind, orgId: string, name: string) {
  const actor = requireActor(ctx);
  return inTx(ctx.db, async (tx) => {
    await policy.require(tx, actor, 'manageProjects', orgId, ctx.clock.now());
    const t = await q.insertTarget(tx, kind, { orgId, id: newId(), name });
    await recordAudit(tx, actor, `${SINGULAR[kind]}.created`, { orgId, targetType: SINGULAR[kind], targetId: t.id, after: targetView(t) });
    return targetView(t);
  });
}

/** Renames or archives/unarchives a project or site; role assignments on it are kept. */
export async function updateTarget(ctx: Ctx, kind: TargetKind, orgId: string, id: string, patch: { name?: string; archived?: boolean }) {
  const actor = requireActor(ctx);
  return inTx(ctx.db, async (tx) => {
    await policy.require(tx, actor, 'manageProjects', orgId, ctx.clock.now());
    const before = await q.findTarget(tx, kind, orgId, id);
    if (!before) throw new AppError('not_found');
    // An empty patch changes nothing (as PATCH /orgs/{orgId}): the project or site as it is, no audit event.
    if (patch.name === undefined && patch.archived === undefined) return targetView(before);
    const after = await q.updateTarget(tx, kind, orgId, id, patch);
    await recordAudit(tx, actor, `${SINGULAR[kind]}.updated`, {
      orgId,
      targetType: SINGULAR[kind],
      targetId: id,
      before: targetView(before),
      after: targetView(after),
    });
    return targetView(after);
  });
}

/** Checks roles against the scope and the targets against the organisation, naming every bad entry. */
async function resolveTargets(tx: Tx, orgId: string, scope: 'org' | 'project' | 'site', targetIds: string[] | undefined, forAdding: boolean) {
  const errors: FieldError[] = [];
  if (scope === 'org') {
    if (targetIds?.some((t) => t !== orgId))
      errors.push({ path: 'targetIds', code: 'not_for_scope', message: 'Organisation roles apply to this organisation only' });
    return { targets: [orgId], errors };
  }
  if (!targetIds?.length) {
    errors.push({ path: 'targetIds', code: 'required', message: `Select at least one ${scope}` });
    return { targets: [], errors };
  }
  const unique = [...new Set(targetIds)];
  const found = new Map((await q.findTargets(tx, KIND_OF_SCOPE[scope], orgId, unique)).map((t) => [t.id, t]));
  unique.forEach((id) => {
    const i = targetIds.indexOf(id);
    if (!found.has(id)) errors.push({ path: `targetIds.${i}`, code: 'unknown_target', message: `No such ${scope}` });
    else if (forAdding && found.get(id)!.archived) errors.push({ path: `targetIds.${i}`, code: 'archived', message: `The ${scope} is archived` });
  });
  return { targets: unique, errors };
}

interface RoleChange {
  tx: Tx;
  member: { status: string; jobTitle: string | null };
  catalogue: Catalogue;
}

/** One change of a member's roles: administrators only (R-J2), the member locked, roles before/after audited. */
async function changeRoles(ctx: Ctx, orgId: string, membershipId: string, action: AuditAction, fn: (c: RoleChange) => Promise<Record<string, unknown>>) {
  const actor = requireActor(ctx);
  const catalogue = await getCatalogue(ctx.db);
  return inTx(ctx.db, async (tx) => {
    await policy.require(tx, actor, 'assignRoles', orgId, ctx.clock.now());
    const today = todayOf(ctx.clock.now());
    const { m, view: before } = await readMember(tx, catalogue, orgId, membershipId, today);
    const details = await fn({ tx, member: { status: m.status, jobTitle: before.jobTitle }, catalogue });
    const after = await memberView(tx, catalogue, orgId, membershipId, today);
    await recordAudit(tx, actor, action, {
      orgId,
      targetType: 'membership',
      targetId: membershipId,
      before: { roles: before.roles },
      after: { roles: after.roles, ...details },
    });
    return after;
  });
}

/**
 * R-E1, R-E2, R-E3: attaches one member (own or partner) to the organisation, or to one or more projects or sites,
 * with one or more roles of that scope, in one action. On projects the member's title starts as its job title (R-C14).
 * Refuses: forbidden (R-J2: administrators only), validation_failed, member_inactive, not_found.
 */
export function assignRoles(ctx: Ctx, orgId: string, membershipId: string, input: AssignRolesBody) {
  return changeRoles(ctx, orgId, membershipId, 'user.roles_assigned', async ({ tx, member, catalogue }) => {
    const { targets, errors } = await resolveTargets(tx, orgId, input.scope, input.targetIds, true);
    input.roles.forEach((r, i) => {
      const scope = catalogue.roles.get(r);
      if (!scope) errors.push({ path: `roles.${i}`, code: 'unknown_role', message: `Unknown role ${r}` });
      else if (scope !== input.scope) errors.push({ path: `roles.${i}`, code: 'not_for_scope', message: `${r} is a role of ${scope} level` });
    });
    if (input.title !== undefined && input.scope !== 'project') errors.push({ path: 'title', code: 'not_for_scope', message: 'Titles belong to projects' });
    if (errors.length) throw new AppError('validation_failed', { errors });
    if (member.status === 'inactive')
      throw new AppError('member_inactive', { detail: 'An inactive user keeps its roles dormant; reactivate it before giving new ones.' });
    const titles = input.scope === 'project' ? await q.existingTitles(tx, orgId, membershipId, targets) : new Map<string, string | null>();
    await q.insertRoles(
      tx,
      targets.flatMap((target) =>
        [...new Set(input.roles)].map((role) => ({
          org_id: orgId,
          membership_id: membershipId,
          scope: input.scope,
          target_id: target,
          role,
          title: input.scope !== 'project' ? null : input.title !== undefined ? input.title : titles.has(target) ? titles.get(target)! : member.jobTitle,
        })),
      ),
    );
    if (input.scope === 'project' && input.title !== undefined) {
      for (const target of targets) await q.setProjectTitle(tx, orgId, membershipId, target, input.title);
    }
    return { scope: input.scope, targetIds: targets, added: input.roles };
  });
}

/** R-E1, R-E2: removes roles from the selected organisation, projects or sites (all roles there unless named). */
export function removeRoleAssignments(ctx: Ctx, orgId: string, membershipId: string, input: RemoveRolesBody) {
  return changeRoles(ctx, orgId, membershipId, 'user.roles_removed', async ({ tx }) => {
    const { targets, errors } = await resolveTargets(tx, orgId, input.scope, input.targetIds, false);
    if (errors.length) throw new AppError('validation_failed', { errors });
    await q.deleteRoles(tx, orgId, membershipId, input.scope, targets, input.roles);
    return { scope: input.scope, targetIds: targets, removed: input.roles ?? 'all' };
  });
}

/** R-C14: the member's title on one project, editable per project. Refuses: not_found (not attached there). */
export function setProjectTitle(ctx: Ctx, orgId: string, membershipId: string, projectId: string, title: string | null) {
  return changeRoles(ctx, orgId, membershipId, 'user.project_title_changed', async ({ tx }) => {
    const r = await q.setProjectTitle(tx, orgId, membershipId, projectId, title);
    if (!r.numUpdatedRows) throw new AppError('not_found', { detail: 'The user has no role on this project.' });
    return { projectId, title };
  });
}
