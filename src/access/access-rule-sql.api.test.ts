import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../test/test-app.js';
import type { Database } from '../kernel/db.js';
import { accessDenial, accountAccessSql, membershipAccessSql, type AccessOptions } from './effective.js';

/**
 * R-C4 R-C5 R-G2: the access rule's Kysely form answers exactly as its TypeScript form (itself pinned case by case in
 * policy.test.ts) — exhaustively over every type × status × start × end around one day, and every account state, under
 * every option. Fixed inputs, no random seeds; a probe table stands in for memberships and accounts.
 */
let database: Database;
let drop: () => Promise<void>;
beforeAll(async () => {
  const fresh = await freshDatabase();
  database = fresh.database;
  drop = fresh.drop;
  await sql`create table access_probe (i int primary key, org_id uuid, type text, status text, valid_from date, valid_until date, active boolean, login_valid_until date)`.execute(
    database.db,
  );
});
afterAll(async () => {
  await database?.close();
  await drop?.();
});

const TODAY = '2026-03-10';
const DAYS = [null, '2026-03-09', TODAY, '2026-03-11'];
const TYPES = ['reseller', 'employee', 'external', 'no_access', 'person'];
const STATUSES = ['invited', 'active', 'inactive', 'expired'];
const OPTIONS: AccessOptions[] = [{}, { invited: true }, { modules: true }, { invited: true, modules: true }];

interface Row {
  i: number;
  type: string;
  status: string;
  valid_from: string | null;
  valid_until: string | null;
  active: boolean;
  login_valid_until: string | null;
}
const ROWS: Row[] = [];
for (const type of TYPES)
  for (const status of STATUSES)
    for (const valid_from of DAYS)
      for (const valid_until of DAYS) {
        ROWS.push({ i: ROWS.length, type, status, valid_from, valid_until, active: true, login_valid_until: null });
      }
// Account states, on an active employee: enabled or not × no end, ended yesterday, ends today, ends tomorrow.
for (const active of [true, false])
  for (const login_valid_until of DAYS) {
    ROWS.push({ i: ROWS.length, type: 'employee', status: 'active', valid_from: null, valid_until: null, active, login_valid_until });
  }

async function sqlAnswers(options: AccessOptions) {
  const k = database.db as unknown as Kysely<any>;
  const rows = await k
    .selectFrom('access_probe as m')
    .select((eb) => [
      'm.i',
      eb.and([membershipAccessSql(eb as never, 'm', TODAY, options)]).as('member'),
      eb.and([accountAccessSql(eb as never, 'm', TODAY)]).as('account'),
    ])
    .orderBy('m.i')
    .execute();
  return rows.map((r) => [r.member, r.account]);
}

describe('R-C4 the access rule in SQL equals the rule in TypeScript', () => {
  it('R-C4 R-C5 R-G2 every type × status × start × end and every account state, under every option', async () => {
    await database.db
      .insertInto('access_probe' as never)
      .values(ROWS as never)
      .execute();
    const mismatches: string[] = [];
    for (const options of OPTIONS) {
      const answers = await sqlAnswers(options);
      for (const row of ROWS) {
        const membership = accessDenial(row, null, TODAY, options) === null;
        const account = accessDenial({ ...row, type: 'employee', status: 'active', valid_from: null, valid_until: null }, row, TODAY) === null;
        const [sqlMember, sqlAccount] = answers[row.i];
        if (sqlMember !== membership || sqlAccount !== account) {
          mismatches.push(`${JSON.stringify(options)} ${JSON.stringify(row)}: sql ${sqlMember}/${sqlAccount}, ts ${membership}/${account}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
    // The table is not trivially all-true or all-false under any option.
    for (const options of OPTIONS) {
      const member = (await sqlAnswers(options)).map(([m]) => m);
      expect({ options, some: member.includes(true), notAll: member.includes(false) }).toEqual({ options, some: true, notAll: true });
    }
  });
});
