import { z } from 'zod';
import { ACCESS_JOB_OPERATIONS, ACCESS_JOB_OUTCOMES, ACCESS_JOB_STATUSES } from '../kernel/enums.js';
import { CursorQuery, LimitQuery, pageOf } from '../kernel/pagination.js';

export type { AccessJobOperation, AccessJobOutcome } from '../kernel/enums.js';

const MAX_CLIENTS = 10_000;
const MAX_CONSULTANTS = 1_000;

/**
 * POST /orgs/{agencyId}/access-jobs and …/preview (R-H1, R-H5). `consultantIds` are account ids; `clientIds` or
 * `allClients: true` (every client of the agency where a consultant is a member — R-H6 offboarding — for
 * revoke_clients; every client of the agency otherwise). `modules`: agency-package modules (grant, revoke_programs).
 */
export const AccessJobBody = z
  .strictObject({
    operation: z.enum(ACCESS_JOB_OPERATIONS),
    clientIds: z.array(z.uuid()).min(1).max(MAX_CLIENTS).optional(),
    allClients: z.literal(true).optional(),
    consultantIds: z.array(z.uuid()).min(1).max(MAX_CONSULTANTS),
    modules: z.array(z.string().min(1).max(50)).max(20).optional(),
    orderMissingSeats: z.boolean().optional(),
  })
  .superRefine((b, ctx) => {
    if (!b.clientIds === !b.allClients) ctx.addIssue({ code: 'custom', path: ['clientIds'], message: 'Give clientIds or allClients: true (one of them)' });
    if (b.operation !== 'revoke_clients' && !b.modules?.length) ctx.addIssue({ code: 'custom', path: ['modules'], message: 'Choose at least one program' });
  });
export type AccessJobBody = z.infer<typeof AccessJobBody>;

export const AgencyParams = z.object({ agencyId: z.uuid() });
export const JobParams = z.object({ id: z.uuid() });

export const AccessJobView = z.object({
  id: z.uuid(),
  agencyId: z.uuid(),
  operation: z.enum(ACCESS_JOB_OPERATIONS),
  status: z.enum(ACCESS_JOB_STATUSES),
  total: z.number().int(),
  processed: z.number().int(),
  counts: z.record(z.string(), z.number().int()),
  createdBy: z.object({ accountId: z.uuid().nullable(), name: z.string().nullable() }),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  /** What was asked: the consultants (with names, for the result page), the number of clients, the modules. */
  consultants: z.array(z.object({ accountId: z.uuid(), name: z.string() })),
  clientCount: z.number().int(),
  modules: z.array(z.string()),
});
export type AccessJobView = z.infer<typeof AccessJobView>;
export const AccessJobPage = pageOf(AccessJobView);
export const AccessJobListQuery = z.strictObject({ limit: LimitQuery, cursor: CursorQuery });
export type AccessJobListQuery = z.infer<typeof AccessJobListQuery>;

export const JobResultView = z.object({
  clientId: z.uuid(),
  clientName: z.string(),
  consultantAccountId: z.uuid(),
  consultantName: z.string(),
  module: z.string().nullable(),
  outcome: z.enum(ACCESS_JOB_OUTCOMES),
  reason: z.string().nullable(),
});
export type JobResultView = z.infer<typeof JobResultView>;
export const JobResultPage = pageOf(JobResultView);
export const JobResultQuery = z.strictObject({
  outcome: z.enum(ACCESS_JOB_OUTCOMES).optional(),
  limit: LimitQuery,
  cursor: CursorQuery,
});
export type JobResultQuery = z.infer<typeof JobResultQuery>;
export const JobResultExportQuery = JobResultQuery.omit({ limit: true, cursor: true });

export const AccessPreviewView = z.object({
  items: z.number().int(),
  denied: z.number().int(),
  /** Denied items per reason (not_administrator …). */
  deniedReasons: z.record(z.string(), z.number().int()),
  /** Items that would fail for another reason than seats (a user without system access …). */
  failed: z.number().int(),
  modules: z.array(
    z.object({
      module: z.string(),
      needed: z.number().int(),
      shortClients: z.array(
        z.object({
          clientId: z.uuid(),
          clientName: z.string(),
          seats: z.number().int(),
          inUse: z.number().int(),
          needed: z.number().int(),
          /** The initiator may order licenses there (R-H5: "order the missing seats" is offered). */
          mayOrder: z.boolean(),
        }),
      ),
    }),
  ),
});
export type AccessPreviewView = z.infer<typeof AccessPreviewView>;
