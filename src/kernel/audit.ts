import type { Actor } from './auth-context.js';
import type { AuditAction, AuditTargetType } from './audit-actions.js';
import { newId } from './crypto.js';
import { sql } from 'kysely';
import type { Queryable } from './db.js';
import { publishEvent, type AccessChanged } from './events.js';

/** org_id of events that belong to no organisation (accounts, platform settings). */
export const PLATFORM_ORG_ID = '00000000-0000-0000-0000-000000000000';

export interface AuditInput {
  orgId: string | null;
  targetType: AuditTargetType;
  targetId?: string | null;
  before?: unknown;
  after?: unknown;
}

/**
 * Audit actions that change who has access to what. Each publishes `access.changed` after its transaction
 * commits, so no service has to remember to (kernel/events.ts):
 * - every `user.*` action except those that only send mail or rename (below): added, updated, deactivated,
 *   reactivated, access_removed, deleted, expired, invitation_accepted, roles_assigned, roles_removed — and
 *   any user action added later, as a spurious event only costs a cache refill, a missing one serves stale rights;
 * - every `role.*` / `roles.*` action (role assignments by any future name);
 * - org.created / org.created_from_registry: a client under an agency opens to the agency's administrators and
 *   its contract owner gains rights there;
 * - account.operator_created: an operator sees every organisation;
 * - conversion.applied: a legacy organisation's users are created at once (R-I6, R-L4).
 * Not: org.updated (name, language), license.order_placed (a pool never shrinks below its use, R-B4),
 * project.* / site.* (names; assignments are user.roles_*), account profile, password and token actions, mail.*.
 */
const NOT_ACCESS = new Set(['user.invitation_resent', 'user.password_reset_sent', 'user.project_title_changed']);
const ACCESS_ACTIONS = new Set(['org.created', 'org.created_from_registry', 'account.operator_created', 'conversion.applied']);

export function changesAccess(action: string): boolean {
  if (NOT_ACCESS.has(action)) return false;
  return action.startsWith('user.') || action.startsWith('role.') || action.startsWith('roles.') || ACCESS_ACTIONS.has(action);
}

/** R-K1: writes one audit event; call it with the transaction of the change it records. */
export async function recordAudit(tx: Queryable, actor: Actor | null, action: AuditAction, input: AuditInput): Promise<void> {
  await tx
    .insertInto('audit_events')
    .values({
      org_id: input.orgId ?? PLATFORM_ORG_ID,
      id: newId(),
      actor_account_id: actor?.accountId ?? null,
      actor_name: actor?.name ?? null,
      action,
      target_type: input.targetType,
      target_id: input.targetId ?? null,
      before: input.before === undefined ? null : JSON.stringify(input.before),
      after: input.after === undefined ? null : JSON.stringify(input.after),
    })
    .execute();
  if (changesAccess(action)) await publishEvent(tx, accessChangedOf(action, input));
}

/**
 * R-K1 in bulk (the agency bulk job: thousands of changes in one transaction): many events of one actor written in one
 * statement, and the access.changed events they cause published after commit — one per organisation, naming its
 * memberships and accounts (merged, so a batch costs one NOTIFY per organisation, not one per change).
 */
export async function recordAudits(tx: Queryable, actor: Actor | null, events: (AuditInput & { action: AuditAction })[]): Promise<void> {
  if (!events.length) return;
  const rows = events.map((e) => ({
    org_id: e.orgId ?? PLATFORM_ORG_ID,
    id: newId(),
    actor_account_id: actor?.accountId ?? null,
    actor_name: actor?.name ?? null,
    action: e.action,
    target_type: e.targetType,
    target_id: e.targetId ?? null,
    before: e.before === undefined ? null : e.before,
    after: e.after === undefined ? null : e.after,
  }));
  await sql`insert into audit_events (org_id, id, actor_account_id, actor_name, action, target_type, target_id, before, after)
    select org_id, id, actor_account_id, actor_name, action, target_type, target_id, before, after
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as v(org_id uuid, id uuid, actor_account_id uuid, actor_name text,
      action text, target_type text, target_id text, before jsonb, after jsonb)`.execute(tx);
  const byOrg = new Map<string | null, { causes: Set<string>; membershipIds: Set<string>; accountIds: Set<string> }>();
  for (const e of events) {
    if (!changesAccess(e.action)) continue;
    const one = accessChangedOf(e.action, e);
    let merged = byOrg.get(one.orgId);
    if (!merged) byOrg.set(one.orgId, (merged = { causes: new Set(), membershipIds: new Set(), accountIds: new Set() }));
    merged.causes.add(e.action);
    for (const id of one.membershipIds ?? []) merged.membershipIds.add(id);
    for (const id of one.accountIds ?? []) merged.accountIds.add(id);
  }
  for (const [orgId, m] of byOrg) {
    await publishEvent(tx, {
      type: 'access.changed',
      orgId,
      ...(m.membershipIds.size ? { membershipIds: [...m.membershipIds] } : {}),
      ...(m.accountIds.size ? { accountIds: [...m.accountIds] } : {}),
      cause: [...m.causes].sort().join(','),
    });
  }
}

/** The event of an access-changing audit entry: the membership it targets and its account, when the entry names them. */
function accessChangedOf(action: string, input: AuditInput): AccessChanged {
  const accountIds = new Set<string>();
  for (const view of [input.before, input.after]) {
    const id = (view as { accountId?: unknown } | null | undefined)?.accountId;
    if (typeof id === 'string') accountIds.add(id);
  }
  if (input.targetType === 'account' && input.targetId) accountIds.add(input.targetId);
  return {
    type: 'access.changed',
    orgId: input.orgId,
    ...(input.targetType === 'membership' && input.targetId ? { membershipIds: [input.targetId] } : {}),
    ...(accountIds.size ? { accountIds: [...accountIds] } : {}),
    cause: action,
  };
}
