import type { Deps } from '../kernel/auth-context.js';
import { defineJob, type JobDefinition } from '../kernel/jobs.js';
import { deleteExpiredPayloads } from './queries.js';

/** Expired OpenID Connect sessions, codes and tokens are swept hourly (reads ignore them already). */
export function oidcJobs(deps: Deps): JobDefinition[] {
  return [
    defineJob({
      queue: { name: 'oidc.sweep', retryLimit: 2, expireInSeconds: 300 },
      handler: async () => {
        await deleteExpiredPayloads(deps.db, new Date());
      },
      schedule: '17 * * * *',
    }),
  ];
}
