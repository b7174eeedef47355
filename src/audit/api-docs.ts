import { EX, pageExample } from '../kernel/api-examples.js';
import type { ApiDocs } from '../kernel/openapi.js';

/** The audit log (R-K1). */
export const auditApiDocs: ApiDocs = {
  'GET /orgs/{orgId}/audit': {
    operationId: 'listAuditEvents',
    summary: "An organisation's audit events, newest first",
    description:
      'R-K1: every change in the organisation, written in the same transaction as the change, with its before and after; filter by `action` (e.g. `user.deactivated`).',
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
          before: { name: 'Aalto Rakennus Oy' },
          after: { name: 'Aalto Rakennus Oyj' },
        },
      ],
      true,
    ),
  },
};
