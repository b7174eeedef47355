import { z } from 'zod';
import { LANGUAGES } from '../kernel/enums.js';
import { AUDIT_TARGET_TYPES } from '../kernel/audit-actions.js';
import { CursorQuery, LimitQuery, pageOf, SafeText } from '../kernel/pagination.js';

export const AuditEventView = z.object({
  id: z.string(),
  orgId: z.string(),
  at: z.string(),
  /** Who did it: the account and its current name (the name written with the event when the account is gone). */
  actor: z.object({ accountId: z.string().nullable(), name: z.string() }).nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  /** What it was about, by name: the target's current name, or the name its event recorded (a deleted user). */
  targetName: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
});

/** A day (YYYY-MM-DD, UTC) or an instant; `to` as a day includes that whole day. */
const Period = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

export const AuditFilterQuery = z.strictObject({
  action: SafeText(100).optional().meta({ description: 'An action (`user.deactivated`) or its prefix (`user.`).' }),
  actorId: z.uuid().optional().meta({ description: 'Who: the acting account.' }),
  actor: SafeText(100).optional().meta({ description: "Who, by part of the actor's name." }),
  targetType: z.enum(AUDIT_TARGET_TYPES).optional(),
  targetId: SafeText(100).optional(),
  target: SafeText(100).optional().meta({ description: "About whom or what: part of the target's name or e-mail, now or as the event recorded it." }),
  from: Period.optional().meta({ description: 'Events at or after this day (UTC) or instant.' }),
  to: Period.optional().meta({ description: 'Events up to the end of this day (UTC), or before this instant.' }),
});
export const AuditQuery = AuditFilterQuery.extend({ limit: LimitQuery, cursor: CursorQuery });

export const ExportAuditQuery = AuditFilterQuery.extend({
  lang: z.enum(LANGUAGES).optional().meta({ description: "The export's language; without it the request's Accept-Language, then the account's." }),
});

export const AuditPage = pageOf(AuditEventView);
export type AuditQuery = z.infer<typeof AuditQuery>;
export type AuditFilterQuery = z.infer<typeof AuditFilterQuery>;
export type ExportAuditQuery = z.infer<typeof ExportAuditQuery>;
