import type { Clock } from '../kernel/clock.js';
import type { Deps } from '../kernel/auth-context.js';
import { runJob, runSweepJob, type RunKind } from '../kernel/job-runs.js';
import type { JobDefinition } from '../kernel/jobs.js';
import { notify } from '../notifications/service.js';
import { applyAccessBatch, failAccessItem, type AccessJobInput, type AccessJobItem } from './apply.js';

export const ACCESS_JOB_QUEUE = 'access-jobs.run';
/** Results per batch transaction: large enough that 400,000 items take ~80 transactions, small enough for ≥ 1 progress update a second. */
const RESULTS_PER_BATCH = 5_000;

/** Results of one client: its consultants × modules (one per consultant for revoke_clients). */
export const resultsPerClient = (input: Pick<AccessJobInput, 'operation' | 'consultants' | 'modules'>) =>
  input.consultants.length * (input.operation === 'revoke_clients' ? 1 : input.modules.length);

/**
 * R-H3, R-H4: an access job is a job run in the agency whose items are clients, applied in batches (kernel/job-runs.ts
 * batch mode: each batch's effects, results and progress commit together). When it ends, the initiator is notified
 * in the transaction that ends it (R-K2).
 */
export function accessJobKind(clock: Clock): RunKind<AccessJobItem> {
  return {
    queue: { name: ACCESS_JOB_QUEUE, retryLimit: 20, retryDelay: 1, expireInSeconds: 3_600 },
    itemAttempts: 3,
    batchSize: (input) => RESULTS_PER_BATCH / Math.max(1, resultsPerClient(input as AccessJobInput)),
    // Issue 8: the console's progress bar moves at least once a second; a batch aims at well under that.
    batchTargetMs: 400,
    applyBatch: applyAccessBatch,
    apply: async (item) => (await applyAccessBatch({ ...item, items: [{ seq: item.seq, input: item.input }] }))[0],
    failItem: (item) => failAccessItem(item.tx, item.orgId, item.runId, item.seq, item.input, item.runInput, item.reason),
    async onFinished(tx, run) {
      if (!run.createdBy.accountId) return;
      const input = run.input as AccessJobInput;
      await notify(
        tx,
        {
          accountId: run.createdBy.accountId,
          kind: 'access_job_finished',
          orgId: run.orgId,
          subject: { type: 'access_job', id: run.id },
          summary: { operation: input.operation, status: run.status, total: run.total, counts: run.counts },
        },
        clock.now(),
      );
    },
  };
}

/** The access-job queue and the sweep that resumes runs whose last attempt was killed; app.ts collects them. */
export function accessJobJobs(deps: Deps): JobDefinition[] {
  return [runJob(deps, accessJobKind(deps.clock)), runSweepJob(deps, [ACCESS_JOB_QUEUE])];
}
