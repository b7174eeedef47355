import { EX, pageExample } from '../kernel/api-examples.js';
import type { ApiDocs } from '../kernel/openapi.js';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const body = {
  operation: 'grant',
  clientIds: [EX.orgId],
  consultantIds: [EX.accountId],
  modules: ['accounting', 'payroll'],
};
const job = {
  id: EX.jobId,
  agencyId: EX.agencyId,
  operation: 'grant',
  status: 'running',
  total: 40,
  processed: 16,
  counts: { granted: 14, denied: 2 },
  createdBy: { accountId: EX.accountId, name: 'Anna Andersson' },
  createdAt: EX.at,
  finishedAt: null,
  consultants: [{ accountId: EX.accountId, name: 'Erik Berg' }],
  clientCount: 20,
  modules: ['accounting', 'payroll'],
};
const result = {
  clientId: EX.orgId,
  clientName: 'Aalto Rakennus Oy',
  consultantAccountId: EX.accountId,
  consultantName: 'Erik Berg',
  module: 'payroll',
  outcome: 'denied',
  reason: 'not_administrator',
};
const jobErrors = ['not_found', 'forbidden'] as const;

/** Agency bulk access (R-H1…R-H6). */
export const accessJobApiDocs: ApiDocs = {
  'POST /orgs/{agencyId}/access-jobs': {
    operationId: 'startAccessJob',
    summary: "Start a bulk change of consultants' access to clients",
    description:
      "R-H1, R-H3, R-H6: `grant` (client access as reseller/accountant where missing, plus agency-package modules), `revoke_clients` or `revoke_programs` over `clientIds` (or `allClients: true`) × `consultantIds` (account ids) × `modules`, as a background job (202 `{id}`). Per item the initiator's rights at that client decide (R-H2); seats per item (R-B2). `orderMissingSeats: true` orders the short seats where the caller may (R-H5). Administrators of the agency and operators only.",
    errors: [...jobErrors, 'not_eligible'],
    request: body,
    response: { id: EX.jobId },
  },
  'POST /orgs/{agencyId}/access-jobs/preview': {
    operationId: 'previewAccessJob',
    summary: 'Preview a bulk change',
    description:
      'R-H5: the same body; answers the items, how many would be denied and why, and per module the seats needed and the short clients. Writes nothing.',
    errors: [...jobErrors, 'not_eligible'],
    request: body,
    response: {
      items: 40,
      denied: 2,
      deniedReasons: { not_administrator: 2 },
      failed: 0,
      modules: [
        {
          module: 'payroll',
          needed: 20,
          shortClients: [{ clientId: EX.orgId, clientName: 'Aalto Rakennus Oy', seats: 5, inUse: 5, needed: 1, mayOrder: true }],
        },
      ],
    },
  },
  'GET /orgs/{agencyId}/access-jobs': {
    operationId: 'listAccessJobs',
    summary: "The agency's access jobs, newest first",
    description: 'R-H3: the history of bulk changes.',
    errors: [...jobErrors],
    response: pageExample([job]),
  },
  'GET /access-jobs/{id}': {
    operationId: 'getAccessJob',
    summary: 'An access job with its live progress',
    description: 'R-H3: status, total, processed and counts per outcome while it runs and after.',
    errors: [...jobErrors],
    response: job,
  },
  'GET /access-jobs/{id}/results': {
    operationId: 'listAccessJobResults',
    summary: "An access job's results",
    description: 'R-H3, R-H5: one result per (client, consultant, module) — module null for revoke_clients — in item order, filtered by `outcome`.',
    errors: [...jobErrors],
    response: pageExample([result], true),
  },
  'GET /access-jobs/{id}/results.xlsx': {
    operationId: 'exportAccessJobResults',
    summary: "Export an access job's results to Excel",
    description: 'R-H5: every result (of one outcome when asked), streamed as an .xlsx workbook.',
    errors: [...jobErrors],
    download: { mediaType: XLSX, description: 'The workbook (streamed).' },
    headers: { 'Content-Disposition': { description: 'attachment; filename="access-job-<date>-<id>.xlsx"', schema: { type: 'string' } } },
  },
};
