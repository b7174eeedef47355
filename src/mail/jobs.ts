import { defineJob, type JobDefinition } from '../kernel/jobs.js';
import { MAIL_QUEUE, MAIL_SWEEP_QUEUE, type MailDelivery } from '../kernel/mail.js';

/**
 * R-K3: outbox delivery and its sweep. Without SMTP the queues still exist (services enqueue mail) but no
 * worker takes them: the mail stays pending in the outbox (the dev mailbox) until a node that sends starts.
 */
export function mailJobs(mail: MailDelivery): JobDefinition[] {
  return [
    defineJob<{ mailId: string }>({
      queue: { name: MAIL_QUEUE, retryLimit: 0, expireInSeconds: 120 },
      ...(mail.sends ? { handler: (job) => mail.deliver(job.data.mailId) } : {}),
    }),
    defineJob({
      queue: { name: MAIL_SWEEP_QUEUE, retryLimit: 0, expireInSeconds: 120 },
      ...(mail.sends
        ? {
            handler: async () => {
              await mail.sweep();
            },
            schedule: '* * * * *',
          }
        : {}),
    }),
  ];
}
