import type { Deps } from '../kernel/auth-context.js';
import { defineJob, type JobDefinition } from '../kernel/jobs.js';
import { expireExternalUsers } from './lifecycle.js';

export const EXPIRY_QUEUE = 'users.expire';

/** R-C4: external users are blocked automatically after validUntil — a pg-boss schedule every minute. */
export function userJobs(deps: Deps): JobDefinition[] {
  return [
    defineJob({
      queue: { name: EXPIRY_QUEUE, retryLimit: 2, expireInSeconds: 300 },
      handler: async () => {
        await expireExternalUsers(deps);
      },
      schedule: '* * * * *',
    }),
  ];
}
