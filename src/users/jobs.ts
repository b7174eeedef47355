import type { Deps } from '../kernel/auth-context.js';
import { expireExternalUsers } from './lifecycle.js';

export const EXPIRY_QUEUE = 'users.expire';

/** R-C4: external users are blocked automatically after validUntil — a pg-boss schedule every minute. */
export async function startUserJobs(deps: Deps): Promise<void> {
  await deps.jobs.work(EXPIRY_QUEUE, async () => { await expireExternalUsers(deps); });
  await deps.jobs.schedule(EXPIRY_QUEUE, '* * * * *');
}
