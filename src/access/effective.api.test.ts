import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../test/test-app.js';
import type { Database } from '../kernel/db.js';
import { accessDenial, accountAccessSql, holdsGrantsNow, isMemberNow, membershipAccessSql, takesSeats, type AccessOptions } from './effective.js';

/**
 * The access rule exists twice — a TypeScript predicate and a Kysely expression — and both must always agree: random
 * memberships, accounts and days are written to a probe table and asked both ways, under every option.
 */
let db: Database;
let drop: () => Promise<void>;
beforeAll(async () => {
  const fresh = await freshDatabase();
  db = fresh.database;
  drop = fresh.drop;
  await sql`create table access_probe (i int primary key, org_id uuid, type text, status text, valid_from date, valid_until date, active boolean, login_valid_until date)`.execute(
    db.db,
  );
});
afterAll(async () => {
  await db?.close();
  await drop?.();
});

const day = fc.integer({ min: 0, max: 12 }).map((d) => `2026-01-${String(d + 10).padStart(2, '0')}`);
const row = fc.record({
  type: fc.constantFrom('reseller', 'employee', 'external', 'no_access', 'person'),
  status: fc.constantFrom('invited', 'active', 'inactive', 'expired'),
  valid_from: fc.option(day, { nil: null }),
  valid_until: fc.option(day, { nil: null }),
  active: fc.boolean(),
  login_valid_until: fc.option(day, { nil: null }),
});
const OPTIONS: AccessOptions[] = [{}, { invited: true }, { modules: true }, { invited: true, modules: true }];

interface Row {
  type: string;
  status: string;
  valid_from: string | null;
  valid_until: string | null;
  active: boolean;
  login_valid_until: string | null;
}

async function sqlAnswers(rows: Row[], today: string, options: AccessOptions): Promise<boolean[]> {
  await sql`delete from access_probe`.execute(db.db);
  await db.db
    .insertInto('access_probe' as never)
    .values(rows.map((r, i) => ({ i, ...r })) as never)
    .execute();
  const k = db.db as unknown as import('kysely').Kysely<any>;
  const out = await k
    .selectFrom('access_probe as m')
    .select((eb) => ['m.i', eb.and([membershipAccessSql(eb as never, 'm', today, options), accountAccessSql(eb as never, 'm', today)]).as('ok')])
    .orderBy('m.i')
    .execute();
  return out.map((r) => r.ok === true);
}

describe('R-C4 R-C8 R-G2 the access rule', () => {
  it('R-C4 R-C8 R-G2 the TypeScript predicate and the SQL expression agree on random memberships, accounts and days', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 60 }), day, async (rows, today) => {
        for (const options of OPTIONS) {
          const inSql = await sqlAnswers(rows, today, options);
          const inTs = rows.map((r) => accessDenial(r, r, today, options) === null);
          expect(inSql).toEqual(inTs);
        }
      }),
      { seed: 1515, numRuns: 40 },
    );
  });

  it('R-C4 names the reason: validity window, status and account each decide', () => {
    const m = { type: 'external', status: 'active', valid_from: '2026-01-10', valid_until: '2026-01-20' };
    const account = { active: true, login_valid_until: null };
    expect(accessDenial(m, account, '2026-01-09')).toBe('not_yet_valid');
    expect(accessDenial(m, account, '2026-01-10')).toBeNull();
    expect(accessDenial(m, account, '2026-01-20')).toBeNull();
    expect(accessDenial(m, account, '2026-01-21')).toBe('expired');
    expect(accessDenial({ ...m, status: 'expired' }, account, '2026-01-15')).toBe('expired');
    expect(accessDenial({ ...m, status: 'inactive' }, account, '2026-01-15')).toBe('inactive');
    expect(accessDenial({ ...m, status: 'invited' }, account, '2026-01-15')).toBe('invited');
    expect(accessDenial({ ...m, status: 'invited' }, account, '2026-01-15', { invited: true })).toBeNull();
    expect(accessDenial({ ...m, type: 'no_access' }, account, '2026-01-15')).toBeNull();
    expect(accessDenial({ ...m, type: 'no_access' }, account, '2026-01-15', { modules: true })).toBe('not_granted');
    expect(accessDenial(m, { active: false, login_valid_until: null }, '2026-01-15')).toBe('account_disabled');
    expect(accessDenial(m, { active: true, login_valid_until: '2026-01-14' }, '2026-01-15')).toBe('login_expired');
    expect(accessDenial(m, { active: true, login_valid_until: '2026-01-15' }, '2026-01-15')).toBeNull();
    expect(isMemberNow({ ...m, status: 'invited' }, '2026-01-15')).toBe(false);
    expect(holdsGrantsNow({ ...m, status: 'invited' }, '2026-01-15')).toBe(true);
    expect(holdsGrantsNow({ ...m, type: 'person' }, '2026-01-15')).toBe(false);
  });

  it('R-B1 seats: exactly reseller, employee and external members that are invited or active', () => {
    const expected: Record<string, Record<string, boolean>> = {
      reseller: { invited: true, active: true, inactive: false, expired: false },
      employee: { invited: true, active: true, inactive: false, expired: false },
      external: { invited: true, active: true, inactive: false, expired: false },
      no_access: { invited: false, active: false, inactive: false, expired: false },
      person: { invited: false, active: false, inactive: false, expired: false },
    };
    for (const [type, byStatus] of Object.entries(expected)) {
      for (const [status, seats] of Object.entries(byStatus)) expect(takesSeats({ type, status }), `${type}/${status}`).toBe(seats);
    }
  });
});
