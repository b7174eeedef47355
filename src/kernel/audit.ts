import type { Actor } from './auth-context.js';
import { newId } from './crypto.js';
import type { Queryable } from './db.js';

/** org_id of events that belong to no organisation (accounts, platform settings). */
export const PLATFORM_ORG_ID = '00000000-0000-0000-0000-000000000000';

export interface AuditInput {
  orgId: string | null;
  targetType: string;
  targetId?: string | null;
  before?: unknown;
  after?: unknown;
}

/** R-K1: writes one audit event; call it with the transaction of the change it records. */
export async function recordAudit(tx: Queryable, actor: Actor | null, action: string, input: AuditInput): Promise<void> {
  await tx.insertInto('audit_events').values({
    org_id: input.orgId ?? PLATFORM_ORG_ID,
    id: newId(),
    actor_account_id: actor?.accountId ?? null,
    actor_name: actor?.name ?? null,
    action,
    target_type: input.targetType,
    target_id: input.targetId ?? null,
    before: input.before === undefined ? null : JSON.stringify(input.before),
    after: input.after === undefined ? null : JSON.stringify(input.after),
  }).execute();
}
