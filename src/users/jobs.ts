import type { Deps } from '../kernel/auth-context.js';
import { defineJob, type JobDefinition } from '../kernel/jobs.js';
import { expireExternalUsers } from './lifecycle.js';
import { purgeDeletedUsers } from './restore.js';

export const EXPIRY_QUEUE = 'users.expire';

/** R-C4: external users are blocked automatically after validUntil, and deleted users past restore are purged — a pg-boss schedule every minute. */
export function userJobs(deps: Deps): JobDefinition[] {
  return [
    defineJob({
      queue: { name: EXPIRY_QUEUE, retryLimit: 2, expireInSeconds: 300 },
      handler: async () => {
        await expireExternalUsers(deps);
        // Issue 14 item 10: deleted users past their 30 days of restore go for good.
        await purgeDeletedUsers(deps);
      },
      schedule: '* * * * *',
    }),
  ];
}
