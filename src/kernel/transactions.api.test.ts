import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, testDb } from '../../test/test-app.js';
import { afterCommit, inTx, type Database } from './db.js';

let database: Database;
let drop: () => Promise<void>;
beforeAll(async () => {
  if (testDb !== 'postgres') return;
  ({ database, drop } = await freshDatabase());
  await sql`create table tx_probe (id int primary key, v int not null default 0)`.execute(database.db);
  await sql`insert into tx_probe (id) values (1), (2)`.execute(database.db);
}, 120_000);
afterAll(async () => {
  await database?.close();
  await drop?.();
}, 120_000);

describe.runIf(testDb === 'postgres')('R-K1 a transaction PostgreSQL chose to give way runs again, whole', () => {
  it('R-K1 two transactions taking two rows in opposite order both commit: the deadlocked one is retried, its after-commit work runs once', async () => {
    let bothHoldOne!: () => void;
    let held = 0;
    const barrier = new Promise<void>((r) => {
      bothHoldOne = r;
    });
    const attempts = { a: 0, b: 0 };
    const committed: string[] = [];
    const take = (name: 'a' | 'b', first: number, second: number) =>
      inTx(database.db, async (tx) => {
        attempts[name]++;
        await sql`update tx_probe set v = v + 1 where id = ${first}`.execute(tx);
        if (++held === 2) bothHoldOne();
        await barrier;
        await sql`update tx_probe set v = v + 1 where id = ${second}`.execute(tx);
        await afterCommit(tx, () => {
          committed.push(name);
        });
        return name;
      });
    const results = await Promise.all([take('a', 1, 2), take('b', 2, 1)]);
    expect(results).toEqual(['a', 'b']);
    // One of them was the deadlock's victim and ran a second time; its first attempt left nothing behind.
    expect(attempts.a + attempts.b).toBe(3);
    expect(committed.sort()).toEqual(['a', 'b']);
    const rows = await sql<{ id: number; v: number }>`select id, v from tx_probe order by id`.execute(database.db);
    expect(rows.rows).toEqual([
      { id: 1, v: 2 },
      { id: 2, v: 2 },
    ]);
  }, 60_000);
});
