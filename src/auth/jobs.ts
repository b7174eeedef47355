import type { Deps } from '../kernel/auth-context.js';
import { defineJob, type JobDefinition } from '../kernel/jobs.js';
import { FORGOT_PASSWORD_QUEUE, sendForgottenPasswordReset } from './service.js';

/**
 * Forgot-password work happens after the answer (issue 11, defect 5): the request only throttles and enqueues, the
 * same for every address, so its timing tells nothing about which e-mails exist.
 */
export function authJobs(deps: Deps): JobDefinition[] {
  return [
    defineJob<{ email: string }>({
      queue: { name: FORGOT_PASSWORD_QUEUE, retryLimit: 3, expireInSeconds: 60 },
      handler: async (job) => {
        await sendForgottenPasswordReset(deps, job.data.email);
      },
    }),
  ];
}
