import type { ApiDocs } from './openapi.js';

/** The service's own operations (app.ts): public configuration and health. */
export const metaApiDocs: ApiDocs = {
  'GET /config': {
    operationId: 'getConfig',
    summary: 'Public configuration',
    description: 'Whether the development mailbox is on, the console languages and the server version. No sign-in.',
    response: { devMailbox: false, languages: ['en', 'sv', 'fi', 'nb'], version: '0.1.0' },
  },
  'GET /health': {
    operationId: 'getHealth',
    summary: 'Health check',
    description: 'SPEC §5: for load balancers; `database` names the database kind (`pglite` or `postgres`). No sign-in.',
    response: { ok: true, database: 'postgres' },
  },
};
