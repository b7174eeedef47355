import { EX, pageExample } from '../kernel/api-examples.js';
import type { ApiDocs } from '../kernel/openapi.js';

/** The transactional outbox (R-K3) and the development mailbox. */
export const mailApiDocs: ApiDocs = {
  'GET /mail/outbox': {
    operationId: 'listOutbox',
    summary: 'The mail outbox (operators; everyone while the dev mailbox is on)',
    description:
      'R-K3: every mail with its delivery state, newest first. Operators only, except while the development mailbox is on (`NODE_ENV` not production), when anyone, signed in or not, may read it to follow invitation and reset links.',
    errors: ['forbidden', 'dev_mailbox_disabled'],
    response: pageExample([
      {
        id: EX.mailId,
        orgId: EX.orgId,
        to: 'maija.virtanen@example.fi',
        subject: 'You are invited to Aalto Rakennus Oy',
        text: 'Set your password: https://nyckel.example/accept?token=…',
        html: '<p>Set your password…</p>',
        status: 'sent',
        attempts: 1,
        lastError: null,
        nextAttemptAt: EX.at,
        createdAt: EX.at,
        sentAt: EX.at,
      },
    ]),
  },
  'POST /mail/outbox/{id}/retry': {
    operationId: 'retryMail',
    summary: 'Send a failed mail again now',
    description: 'R-K3: an operator queues a mail for immediate delivery (audited).',
    errors: ['forbidden', 'not_found'],
  },
};
