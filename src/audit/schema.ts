import { z } from 'zod';
import { CursorQuery, LimitQuery, pageOf, SafeText } from '../kernel/pagination.js';

export const AuditEventView = z.object({
  id: z.string(),
  orgId: z.string(),
  at: z.string(),
  actor: z.object({ accountId: z.string().nullable(), name: z.string() }).nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
});
export const AuditQuery = z.strictObject({ limit: LimitQuery, cursor: CursorQuery, action: SafeText(100).optional() });

export const AuditPage = pageOf(AuditEventView);
export type AuditQuery = z.infer<typeof AuditQuery>;
