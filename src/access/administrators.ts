import type { Actor, SystemActor } from '../kernel/auth-context.js';
import type { Queryable } from '../kernel/db.js';
import { AppError } from '../kernel/errors.js';
import { todayOf } from './effective.js';
import * as q from './queries.js';

/**
 * The last-administrator rule, the one place it is written: no change may leave an organisation with no active system
 * administrator (a membership under the access rule holding user-admin) unless a platform operator makes it — else
 * nobody could administer it again. Every path that can take administration away calls it in its transaction: delete,
 * deactivate, remove access, a grant change dropping user-admin (users/), and the agency bulk job (per item).
 *
 * Use: `const check = await administratorGuard(tx, actor, orgId, [membershipId], now)` before the change, then
 * `await check()` after it (still in the transaction). A change to members none of whom is an administrator costs
 * one statement and no lock; otherwise the organisation row is locked (two administrators removing each other at
 * once are serialised, the second refused) and the check after the change is one more statement.
 * Refuses (from check): last_administrator.
 */
export async function administratorGuard(
  db: Queryable,
  actor: Actor | SystemActor | null,
  orgId: string,
  membershipIds: string[],
  now: Date,
): Promise<() => Promise<void>> {
  const none = async () => {};
  if (actor && 'operator' in actor && actor.operator) return none;
  const today = todayOf(now);
  if (!(await q.administratorIds(db, orgId, today, membershipIds, 1)).length) return none;
  await q.lockOrgAdministrators(db, orgId);
  return async () => {
    if ((await q.administratorIds(db, orgId, today, null, 1)).length) return;
    throw new AppError('last_administrator', {
      detail: 'This would leave the organisation without an active administrator. Give another user user administration first.',
    });
  };
}

/**
 * The same rule for a change to an account (disabling it, ending its sign-in): every organisation where it administers
 * is guarded, in organisation order (locks always taken in one order). Refuses (from check): last_administrator.
 */
export async function accountAdministratorGuard(db: Queryable, actor: Actor | SystemActor | null, accountId: string, now: Date): Promise<() => Promise<void>> {
  if (actor && 'operator' in actor && actor.operator) return async () => {};
  const memberships = (await q.administratorMembershipsOf(db, accountId, todayOf(now))).sort((a, b) => a.org_id.localeCompare(b.org_id));
  const checks: (() => Promise<void>)[] = [];
  for (const m of memberships) checks.push(await administratorGuard(db, actor, m.org_id, [m.id], now));
  return async () => {
    for (const check of checks) await check();
  };
}

/**
 * The same rule for a batch of many organisations at once (the agency bulk job, R-H2): the administrators of every
 * organisation are read in one statement, the organisations where one of `members` administers are locked (in id
 * order), and the answer is a pure function a planner asks per change — `'last_administrator'` when the change would
 * remove the last active administrator left after the changes it already allowed, else null. Operators are never
 * refused. A preview reads without locking (`lock: false`).
 */
export async function administratorBatchGuard(
  db: Queryable,
  actor: Actor | SystemActor | null,
  orgIds: string[],
  members: string[],
  now: Date,
  options: { lock: boolean } = { lock: true },
): Promise<(orgId: string, membershipId: string) => 'last_administrator' | null> {
  if (actor && 'operator' in actor && actor.operator) return () => null;
  const rows = await q.administratorsIn(db, orgIds, todayOf(now));
  const touched = new Set(members);
  if (options.lock) await q.lockOrgsAdministrators(db, [...new Set(rows.filter((r) => touched.has(r.id)).map((r) => r.org_id))]);
  const left = new Map<string, Set<string>>();
  for (const r of rows) left.set(r.org_id, (left.get(r.org_id) ?? new Set()).add(r.id));
  return (orgId, membershipId) => {
    const admins = left.get(orgId);
    if (!admins?.has(membershipId)) return null;
    if (admins.size <= 1) return 'last_administrator';
    admins.delete(membershipId);
    return null;
  };
}

/**
 * Who may order an organisation's licenses (policy `orderLicenses`), by name, for people who may not themselves: its
 * contract owner first, then its system administrators (at most `limit`). Operators are not listed.
 */
export async function licenseAdministrators(db: Queryable, orgId: string, now: Date, limit = 10) {
  const { admins, owner } = await q.licenseAdministratorsOf(db, orgId, todayOf(now), limit);
  const person = (a: { id: string; first_name: string; last_name: string; email: string }, contractOwner: boolean) => ({
    accountId: a.id,
    name: `${a.first_name} ${a.last_name}`.trim(),
    email: a.email,
    contractOwner,
  });
  return [...(owner ? [person(owner, true)] : []), ...admins.filter((a) => a.id !== owner?.id).map((a) => person(a, false))];
}
