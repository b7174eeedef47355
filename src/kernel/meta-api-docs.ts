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
    description:
      "SPEC §5 (Scale out, Reliability): for load balancers. 200 `status: ok` when the database answers; **503** `database_unavailable` with `Retry-After` when it does not, naming the part that is down (`database: down`). `databaseKind` is `pglite` or `postgres`; `events: down` means this node does not hear other nodes' change events for the moment (it still serves, answering access checks from the database). `replica` (with `DATABASE_READ_URL` only): whether the read replica answers; when `down` its reads go to the primary and the node stays healthy. No sign-in; cheap (one `select 1`, shared by concurrent checks for half a second).",
    response: { status: 'ok', ok: true, database: 'up', databaseKind: 'postgres', events: 'up' },
  },
};
