import { z } from 'zod';
import { CursorQuery, LimitQuery } from '../kernel/pagination.js';

export const CHECK_REASONS = [
  'granted',
  'no_membership',
  'not_granted',
  'inactive',
  'expired',
  'invited',
  'not_yet_valid',
  'login_expired',
  'account_disabled',
] as const;

const ModuleKey = z.string().min(1).max(64);

export const CheckBody = z.strictObject({ accountId: z.uuid(), orgId: z.uuid(), module: ModuleKey });
export type CheckBody = z.infer<typeof CheckBody>;

export const CheckView = z.object({
  allowed: z.boolean(),
  reason: z.enum(CHECK_REASONS),
  type: z.string().nullable(),
  status: z.string().nullable(),
});

/** R-L1 batch form: up to 1,000 questions, answered in order. */
export const CheckBatchBody = z.strictObject({ checks: z.array(CheckBody).min(1).max(1000) });
export const CheckBatchView = z.object({ results: z.array(CheckView) });

export const AccessParams = z.strictObject({ accountId: z.uuid() });
export const AccessQuery = z.strictObject({ cursor: CursorQuery, limit: LimitQuery });

export const AccessItem = z.object({
  orgId: z.string(),
  orgName: z.string(),
  type: z.string(),
  status: z.string(),
  /** Modules the check allows there now (empty when the membership gives no access now). */
  modules: z.array(z.string()),
  roles: z.array(z.object({ scope: z.enum(['org', 'project', 'site']), targetId: z.string(), role: z.string() })),
  /** null when the membership gives access now, else the check's reason (inactive, expired …). */
  reason: z.enum(CHECK_REASONS).nullable(),
  /** Validity there (an external user's period) and the account's sign-in end date: what ends this access, if anything. */
  validFrom: z.string().nullable(),
  validUntil: z.string().nullable(),
  loginValidUntil: z.string().nullable(),
});
export const AccessPage = z.object({ items: z.array(AccessItem), total: z.number().int(), nextCursor: z.string().nullable() });
