// `npm run operator:reset -- <email>`: re-enables a platform operator's account and prints a password reset link.
// Uses the same configuration as `npm start` (DATABASE_URL, or the embedded database in NYCKEL_DATA_DIR — stop the
// server first: one process opens an embedded data directory at a time). See docs/operations.md.
import { openDatabase } from '../src/app.js';
import { resetOperator } from '../src/auth/service.js';
import { loadConfig } from '../src/config.js';
import { systemClock } from '../src/kernel/clock.js';
import { AppError } from '../src/kernel/errors.js';
import { migrate } from '../src/kernel/migrate.js';

const email = process.argv[2];
if (!email) {
  console.error('usage: npm run operator:reset -- <operator e-mail>');
  process.exit(2);
}
const config = loadConfig();
let database;
try {
  database = await openDatabase(config);
  await migrate(database);
  const link = await resetOperator({ db: database.db, config, clock: systemClock }, email);
  console.log(`Operator ${email} is enabled again. Set a new password within an hour at:\n${link}`);
} catch (err) {
  if (err instanceof AppError) {
    console.error(`operator:reset: ${err.message}`);
    process.exitCode = 1;
  } else throw err;
} finally {
  await database?.close();
}
