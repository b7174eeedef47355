import { accessDenial, todayOf } from '../access/effective.js';
import * as policy from '../access/policy.js';
import { getCatalogue } from '../catalogue/service.js';
import type { Ctx, Deps } from '../kernel/auth-context.js';
import { AppError } from '../kernel/errors.js';
import { decodeCursor, encodeCursor } from '../kernel/pagination.js';
import { AccessCache, type CheckAnswer } from './cache.js';
import * as q from './queries.js';
import type { CheckBody } from './schema.js';

/** One cache per node (per events bus), subscribed to its access changes (R-L4). */
const caches = new WeakMap<object, Promise<AccessCache>>();
/** The same caches once built: the hot path answers a held pair without awaiting anything. */
const built = new WeakMap<object, AccessCache>();

/** This node's check cache: built on first use, fed by `access.changed`, emptied when the listener drops or returns. */
export function accessCacheOf(deps: Pick<Deps, 'db' | 'events'>): Promise<AccessCache> {
  let c = caches.get(deps.events);
  if (!c) {
    c = getCatalogue(deps.db).then((catalogue) => {
      const cache = new AccessCache(catalogue, deps.events);
      deps.events.subscribe('access.changed', (e) => cache.invalidate(e));
      deps.events.subscribe('events.down', () => cache.clear());
      deps.events.subscribe('events.lost', () => cache.clear());
      built.set(deps.events, cache);
      return cache;
    });
    caches.set(deps.events, c);
  }
  return c;
}

type Question = Pick<CheckBody, 'accountId' | 'orgId' | 'module'>;

/**
 * Answers questions from the cache; the pairs it does not hold (or all, while the node cannot hear changes) in one
 * database read, kept for next time when the node hears changes.
 */
export async function answer(deps: Pick<Deps, 'db' | 'events'>, questions: readonly Question[], today: string): Promise<CheckAnswer[]> {
  const cache = await accessCacheOf(deps);
  const out = new Array<CheckAnswer>(questions.length);
  let missing: number[] | null = null;
  for (let i = 0; i < questions.length; i++) {
    const qn = questions[i];
    const e = cache.get(qn.orgId, qn.accountId);
    if (e === undefined) (missing ??= []).push(i);
    else out[i] = cache.decide(e, qn.module, today);
  }
  if (missing) {
    const at = cache.stamp();
    const pairs = new Map<string, { orgId: string; accountId: string }>();
    for (const i of missing) pairs.set(`${questions[i].orgId}:${questions[i].accountId}`, questions[i]);
    const rows = await q.findAccessRows(deps.db, [...pairs.values()]);
    const found = new Map(rows.map((r) => [`${r.org_id}:${r.account_id}`, r]));
    for (const [key, p] of pairs) cache.put(p.orgId, p.accountId, cache.entryOf(found.get(key) ?? null, at), at);
    for (const i of missing) {
      const qn = questions[i];
      out[i] = cache.decide(cache.entryOf(found.get(`${qn.orgId}:${qn.accountId}`) ?? null, at), qn.module, today);
    }
  }
  return out;
}

/** Fills the cache with every membership of every account (bench and start-up warming), in pages of `batch`. */
export async function warmAccessCache(deps: Pick<Deps, 'db' | 'events'>, batch = 20_000): Promise<number> {
  const cache = await accessCacheOf(deps);
  const at = cache.stamp();
  let after: { orgId: string; accountId: string } | null = null;
  let n = 0;
  for (;;) {
    const rows = await q.accessRowsPage(deps.db, after, batch);
    for (const r of rows) cache.put(r.org_id, r.account_id, cache.entryOf(r, at), at);
    n += rows.length;
    if (rows.length < batch) return n;
    const last = rows[rows.length - 1];
    after = { orgId: last.org_id, accountId: last.account_id };
  }
}

/** R-L1: may the account use the module in the organisation now, and if not, why. Refuses: unauthenticated, forbidden. */
export function check(ctx: Ctx, input: CheckBody): CheckAnswer | Promise<CheckAnswer> {
  policy.requireAppQuestion(ctx, 'checkAccess');
  const today = todayOf(ctx.clock.now());
  const cache = built.get(ctx.events);
  const held = cache?.get(input.orgId, input.accountId);
  if (cache && held !== undefined) return cache.decide(held, input.module, today);
  return answer(ctx, [input], today).then((a) => a[0]);
}

/** R-L1 batch form: up to 1,000 questions in one request, answered in order. */
export async function checkBatch(ctx: Ctx, checks: CheckBody[]): Promise<{ results: CheckAnswer[] }> {
  policy.requireAppQuestion(ctx, 'checkAccess');
  return { results: await answer(ctx, checks, todayOf(ctx.clock.now())) };
}

/**
 * R-L2: the account's memberships across organisations with what the check allows there now (modules, roles) or why
 * not. Ordered by organisation name; keyset-paged. Refuses: unauthenticated, forbidden, not_found (no such account).
 */
export async function accountAccess(ctx: Ctx, accountId: string, query: { cursor?: string; limit: number }) {
  policy.requireAppQuestion(ctx, 'readAccess', accountId);
  const cursor = decodeCursor(query.cursor, ['text', 'uuid']) as [string, string] | null;
  const [rows, total, exists] = await Promise.all([
    q.accountMembershipsPage(ctx.db, accountId, cursor, query.limit),
    q.countAccountMemberships(ctx.db, accountId),
    q.accountExists(ctx.db, accountId),
  ]);
  if (!exists) throw new AppError('not_found');
  const today = todayOf(ctx.clock.now());
  const page = rows.slice(0, query.limit);
  const cache = await accessCacheOf(ctx);
  return {
    items: page.map((r) => {
      const reason = accessDenial(r, r, today, { modules: true });
      const entry = cache.entryOf(r, 0)!;
      return {
        orgId: r.org_id,
        orgName: r.org_name,
        type: r.type,
        status: r.status,
        modules: reason ? [] : cache.modulesOf(entry),
        roles: reason ? [] : (r.roles ?? []),
        reason,
        validFrom: r.valid_from,
        validUntil: r.valid_until,
        loginValidUntil: r.login_valid_until,
      };
    }),
    total,
    nextCursor: rows.length > query.limit ? encodeCursor([page[page.length - 1].org_name, page[page.length - 1].org_id]) : null,
  };
}

/**
 * Modules of `modules` (null: any module) the account may use in the organisation now, through the check — what a
 * token of an application names, and what decides whether its refresh is allowed.
 */
export async function usableModules(deps: Pick<Deps, 'db' | 'events' | 'clock'>, accountId: string, orgId: string, modules: string[] | null) {
  const catalogue = await getCatalogue(deps.db);
  const asked = modules ?? [...catalogue.modules.keys()];
  const answers = await answer(
    deps,
    asked.map((module) => ({ accountId, orgId, module })),
    todayOf(deps.clock.now()),
  );
  return { type: answers[0]?.type ?? null, modules: asked.filter((_, i) => answers[i].allowed) };
}

/** The organisations where the account may use at least one of `modules` (null: any) now: the sign-in chooser's list. */
export async function usableOrganisations(deps: Pick<Deps, 'db' | 'events' | 'clock'>, accountId: string, modules: string[] | null) {
  const catalogue = await getCatalogue(deps.db);
  const cache = await accessCacheOf(deps);
  const today = todayOf(deps.clock.now());
  const rows = await q.accountMembershipsPage(deps.db, accountId, null, null);
  const out: { orgId: string; orgName: string; type: string; modules: string[] }[] = [];
  for (const r of rows) {
    if (accessDenial(r, r, today, { modules: true })) continue;
    const held = cache.modulesOf(cache.entryOf(r, 0)!).filter((m) => (modules ? modules.includes(m) : catalogue.modules.has(m)));
    if (held.length) out.push({ orgId: r.org_id, orgName: r.org_name, type: r.type, modules: held });
  }
  return out;
}
