import { EX } from '../kernel/api-examples.js';
import type { ApiDocs } from '../kernel/openapi.js';

const question = { accountId: EX.accountId, orgId: EX.orgId, module: 'accounting' };
const answer = { allowed: true, reason: 'granted', type: 'employee', status: 'active' };
const who = 'For an application’s client-credentials token or a platform operator (anonymous 401, others 403).';

/** What module applications ask (R-L1, R-L2), answered from the per-node cache (R-L4). */
export const checkApiDocs: ApiDocs = {
  'POST /check': {
    operationId: 'checkAccess',
    summary: 'May this account use this module in this organisation now?',
    description: `R-L1, R-L4: answered by the one access rule from the node's cache, which hears every change of access within a second (PostgreSQL LISTEN/NOTIFY) and answers from the database while it cannot. \`reason\` is \`granted\` or why not: \`no_membership\`, \`not_granted\`, \`inactive\`, \`expired\`, \`invited\`, \`not_yet_valid\`, \`login_expired\`, \`account_disabled\`. ${who}`,
    errors: ['forbidden'],
    request: question,
    response: answer,
  },
  'POST /check/batch': {
    operationId: 'checkAccessBatch',
    summary: 'Up to 1,000 checks at once, answered in order',
    description: `R-L1: the batch form for applications that render lists. ${who}`,
    errors: ['forbidden'],
    request: { checks: [question, { ...question, module: 'payroll' }] },
    response: { results: [answer, { allowed: false, reason: 'not_granted', type: 'employee', status: 'active' }] },
  },
  'GET /accounts/{accountId}/access': {
    operationId: 'getAccountAccess',
    summary: 'An account’s effective access across organisations',
    description: `R-L2: the organisations with the modules the check allows there now and the roles, paged by organisation name; \`reason\` says why a membership gives no access now; \`validFrom\`/\`validUntil\` (an external user's period) and \`loginValidUntil\` say what will end it. ${who} An account may read its own.`,
    errors: ['forbidden', 'not_found'],
    response: {
      items: [
        {
          orgId: EX.orgId,
          orgName: 'Aalto Rakennus Oy',
          type: 'employee',
          status: 'active',
          modules: ['accounting', 'invoicing'],
          roles: [{ scope: 'project', targetId: EX.projectId, role: 'project-manager' }],
          reason: null,
          validFrom: null,
          validUntil: null,
          loginValidUntil: null,
        },
      ],
      total: 1,
      nextCursor: null,
    },
  },
};
