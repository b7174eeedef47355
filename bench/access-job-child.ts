// The server the access-job bench kills at ~50 %: opens DATABASE_URL and works the access-job queue (the real kind).
import { openDatabase } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { accessJobJobs } from '../src/access-jobs/jobs.js';
import { Jobs } from '../src/kernel/jobs.js';
import { workerDeps } from '../test/fixtures/run-worker.js';

const database = await openDatabase(loadConfig());
const jobs = new Jobs(database.db, database.executor, { pollingIntervalSeconds: 0.5 });
await jobs.start();
await jobs.register(accessJobJobs(workerDeps(database, jobs)));
