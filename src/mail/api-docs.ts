import { EX, pageExample } from '../kernel/api-examples.js';
import type { ApiDocs } from '../kernel/openapi.js';

/** The transactional outbox (R-K3) and the development mailbox. */
export const mailApiDocs: ApiDocs = {
  'GET /mail/outbox': {
    operationId: 'listOutbox',
    summary: 'The mail outbox and dev mailbox (signed-in platform operators)',
    description:
      'R-K3: every mail with its delivery state, newest first. Platform operators only, signed in, in every mode: mail holds invitation and reset links (issue 11). Without SMTP (the dev mailbox) this is where unsent mail is read.',
    errors: ['forbidden'],
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
