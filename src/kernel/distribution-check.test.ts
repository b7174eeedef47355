import { loadModule, parseSync } from 'libpg-query';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyseLog, unroutedTables } from '../../scripts/distribution-check.js';

// Issue 12 §1 "distribution-readiness as a check": what scripts/distribution-check.ts calls routable by org_id.
const SCOPED = new Set(['memberships', 'membership_modules', 'license_pools', 'audit_events', 'job_runs']);
const unrouted = (sql: string) =>
  (parseSync(sql).stmts ?? [])
    .flatMap((s: any) => unroutedTables(s.stmt, SCOPED))
    .map((u) => (u.anchor ? `${u.table} by ${u.anchor}` : u.table))
    .join(', ');

describe('distribution check (issue 12)', () => {
  beforeAll(() => loadModule());

  it.each([
    ['select * from memberships where org_id = $1', ''],
    ['select * from memberships m join membership_modules mm on mm.org_id = m.org_id and mm.membership_id = m.id where m.org_id = $1', ''],
    ['select * from memberships m where m.org_id in ($1, $2)', ''],
    ['select * from memberships m where m.org_id = any($1::uuid[])', ''],
    ['select * from memberships m where (m.org_id = $1 or m.org_id = $2)', ''],
    ['select * from orgs o join memberships m on m.org_id = o.id where o.id = $1', ''],
    ['insert into audit_events (org_id, id) values ($1, $2)', ''],
    ['update license_pools set in_use = in_use + 1 where org_id = $1 and module_key = $2', ''],
    ['select (select count(*) from membership_modules mm where mm.org_id = m.org_id) from memberships m where m.org_id = $1', ''],
    ['with x as (select org_id, id from memberships where org_id = $1) select * from x join membership_modules mm on mm.org_id = x.org_id', ''],
    ['select * from memberships where (org_id, id) in (($1, $2), ($3, $4))', ''],
    ['update license_pools p set in_use = 1 from jsonb_to_recordset($1::jsonb) as v(org_id uuid) where p.org_id = v.org_id', ''],
  ])('routed: %s', (sql, want) => expect(unrouted(sql)).toBe(want));

  it.each([
    ['delete from membership_modules where membership_id = $1', 'membership_modules'],
    ['select * from memberships m join membership_modules mm on mm.membership_id = m.id where m.org_id = $1', 'membership_modules'],
    ['select * from memberships m where (m.org_id = $1 or m.id = $2)', 'memberships'],
    ['select org_id from job_runs where id = $1', 'job_runs'],
    [
      'select * from memberships m join membership_modules mm on mm.org_id = m.org_id where m.account_id = $1',
      'membership_modules by account, memberships by account',
    ],
    ['update memberships set home_org_name = $1 where home_org_id = $2', 'memberships by home organisation'],
  ])('not routed: %s', (sql, want) => expect(unrouted(sql)).toBe(want));

  it('reads the CSV statement log: an offender, a by-account statement and a listed job statement, with counts', () => {
    const row = (db: string, message: string) =>
      `2026-12-02 14:00:00 UTC,"postgres","${db}",1,"x",a,1,"SELECT",,,0,LOG,00000,"${message.replace(/"/g, '""')}",,,,,,,,,"",client backend,,0\n`;
    const log =
      row('nyckel_t_1', 'execute <unnamed>: delete from membership_modules where membership_id = $1') +
      row('nyckel_t_1', 'execute <unnamed>: delete from membership_modules\n  where membership_id = $1') +
      row('nyckel_t_1', 'statement: select * from memberships where account_id = $1') +
      row('nyckel_t_2', 'execute <unnamed>: select "org_id" from "job_runs" where "id" = $1 and "kind" = $2') +
      row('other', 'statement: delete from memberships') +
      row('nyckel_t_1', 'duration: 1 ms');
    const r = analyseLog(log, SCOPED, (d) => d.startsWith('nyckel_t_'));
    expect(r.statements).toBe(4);
    expect(r.findings.map((f) => [f.count, f.tables.join(','), f.exception ?? null])).toEqual([
      [2, 'membership_modules', null],
      [1, 'memberships', 'by account'],
      [1, 'job_runs', 'a job run by its id'],
    ]);
  });
});
