import { EX, pageExample } from '../kernel/api-examples.js';
import type { ApiDocs } from '../kernel/openapi.js';

/** The audit log (R-K1). */
export const auditApiDocs: ApiDocs = {
  'GET /orgs/{orgId}/audit': {
    operationId: 'listAuditEvents',
    summary: "An organisation's audit events, newest first",
    description:
      "R-K1: every change in the organisation, written in the same transaction as the change, with its before and after. Names instead of ids: `actor.name` is the acting account's current name and `targetName` the target's (a deleted user keeps the name its event recorded), looked up for the whole page in one statement. Filters: `action` (an action like `user.deactivated`, or a prefix like `user.`), who (`actorId`, or part of the name in `actor`), about what (`targetType`, `targetId`, or part of a name or e-mail in `target`) and the period (`from`, `to`: days in UTC, inclusive, or instants).",
    errors: ['not_found', 'forbidden'],
    response: pageExample(
      [
        {
          id: EX.eventId,
          orgId: EX.orgId,
          at: EX.at,
          actor: { accountId: EX.accountId, name: 'Maija Virtanen' },
          action: 'org.updated',
          targetType: 'org',
          targetId: EX.orgId,
          targetName: 'Aalto Rakennus Oyj',
          before: { name: 'Aalto Rakennus Oy' },
          after: { name: 'Aalto Rakennus Oyj' },
        },
      ],
      true,
    ),
  },
  'GET /orgs/{orgId}/audit.xlsx': {
    operationId: 'exportAuditEvents',
    summary: "Export an organisation's audit events to Excel",
    description:
      'R-K1 (issue 14 item 11): the events of GET …/audit with the same filters, newest first, streamed as an .xlsx workbook in one language (`lang`, else the best of Accept-Language, else the account\'s): the time as a date-time cell, the event as a sentence ("Anna Andersson deactivated Erik Berg"), who, the action, what kind of target, its name, the changed fields as "Field: before → after" lines, and the action\'s key.',
    errors: ['not_found', 'forbidden'],
    download: { mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', description: 'The workbook (streamed).' },
    headers: {
      'Content-Disposition': { description: 'attachment; filename="<organisation>-<audit log>.xlsx" (and filename* in UTF-8)', schema: { type: 'string' } },
      'Content-Language': { description: 'The language the workbook is written in.', schema: { type: 'string' } },
    },
  },
};
