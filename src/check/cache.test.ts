import { describe, expect, it } from 'vitest';
import type { Catalogue } from '../catalogue/service.js';
import { AccessCache, type AccessSource } from './cache.js';

const keys = ['accounting', 'invoicing', 'payroll', 'user-admin'];
const catalogue: Catalogue = {
  modules: new Map(keys.map((key) => [key, { key, name: key, licensed: key !== 'user-admin' }])),
  licensed: new Set(keys.filter((k) => k !== 'user-admin')),
  packages: new Map([['finance', ['accounting', 'invoicing']]]),
  roles: new Map(),
};
const row = (over: Partial<AccessSource> = {}): AccessSource => ({
  type: 'employee',
  status: 'active',
  valid_from: null,
  valid_until: null,
  active: true,
  login_valid_until: null,
  packages: ['finance'],
  modules: [],
  ...over,
});
const TODAY = '2026-12-02';

function cacheWith() {
  const events = { listening: true };
  return { cache: new AccessCache(catalogue, events), events };
}

describe('R-L4 the check cache: what it holds, and when it stops believing it', () => {
  it('R-L1 answers from a held entry with the rule: module held, module not held, no membership', () => {
    const { cache } = cacheWith();
    const at = cache.stamp();
    cache.put('o1', 'a1', cache.entryOf(row(), at), at);
    cache.put('o2', 'a1', null, at);
    expect(cache.decide(cache.get('o1', 'a1')!, 'invoicing', TODAY)).toMatchObject({ allowed: true, reason: 'granted' });
    expect(cache.decide(cache.get('o1', 'a1')!, 'payroll', TODAY)).toMatchObject({ allowed: false, reason: 'not_granted' });
    expect(cache.get('o2', 'a1')).toBeNull();
    expect(cache.decide(null, 'payroll', TODAY)).toMatchObject({ allowed: false, reason: 'no_membership' });
    expect(cache.get('o3', 'a1')).toBeUndefined();
    expect(cache.size).toBe(2);
  });

  it('R-L4 validity decides by the day asked, with no event: expiry and validFrom', () => {
    const { cache } = cacheWith();
    const at = cache.stamp();
    cache.put('o1', 'a1', cache.entryOf(row({ type: 'external', valid_until: '2026-12-31' }), at), at);
    cache.put('o1', 'a2', cache.entryOf(row({ valid_from: '2027-01-01' }), at), at);
    expect(cache.decide(cache.get('o1', 'a1')!, 'accounting', TODAY).allowed).toBe(true);
    expect(cache.decide(cache.get('o1', 'a1')!, 'accounting', '2027-01-01').reason).toBe('expired');
    expect(cache.decide(cache.get('o1', 'a2')!, 'accounting', TODAY).reason).toBe('not_yet_valid');
    expect(cache.decide(cache.get('o1', 'a2')!, 'accounting', '2027-01-01').allowed).toBe(true);
    // Back to a day asked before: the per-day memo is not a one-way switch.
    expect(cache.decide(cache.get('o1', 'a1')!, 'accounting', TODAY).allowed).toBe(true);
  });

  it('R-L4 an account change makes every entry of the account stale, in each organisation, and only that account', () => {
    const { cache } = cacheWith();
    const at = cache.stamp();
    cache.put('o1', 'a1', cache.entryOf(row(), at), at);
    cache.put('o2', 'a1', cache.entryOf(row(), at), at);
    cache.put('o1', 'a2', cache.entryOf(row(), at), at);
    cache.invalidate({ orgId: null, accountIds: ['a1'] });
    expect(cache.get('o1', 'a1')).toBeUndefined();
    expect(cache.get('o2', 'a1')).toBeUndefined();
    expect(cache.get('o1', 'a2')).toBeDefined();
    // A fresh read after the change is believed again, and keeps the account's other organisation stale.
    const later = cache.stamp();
    cache.put('o1', 'a1', cache.entryOf(row({ status: 'inactive' }), later), later);
    expect(cache.decide(cache.get('o1', 'a1')!, 'accounting', TODAY).reason).toBe('inactive');
    expect(cache.get('o2', 'a1')).toBeUndefined();
  });

  it('R-L4 a read under way when the change is heard never leaves a stale entry, even for an account the cache did not hold', () => {
    const { cache } = cacheWith();
    const before = cache.stamp(); // the read starts…
    cache.invalidate({ orgId: null, accountIds: ['a9'] }); // …the change commits and is heard…
    cache.put('o1', 'a9', cache.entryOf(row(), before), before); // …and the read's (older) result arrives.
    expect(cache.get('o1', 'a9')).toBeUndefined();
    const after = cache.stamp();
    cache.put('o1', 'a9', cache.entryOf(row(), after), after);
    expect(cache.get('o1', 'a9')).toBeDefined();
  });

  it('R-L4 organisation-wide and global changes, and a listener that is down', () => {
    const { cache, events } = cacheWith();
    const at = cache.stamp();
    cache.put('o1', 'a1', cache.entryOf(row(), at), at);
    cache.put('o2', 'a2', cache.entryOf(row(), at), at);
    cache.invalidate({ orgId: 'o1' });
    expect(cache.get('o1', 'a1')).toBeUndefined();
    expect(cache.get('o2', 'a2')).toBeDefined();
    cache.invalidate({ orgId: null });
    expect(cache.get('o2', 'a2')).toBeUndefined();
    const now = cache.stamp();
    cache.put('o2', 'a2', cache.entryOf(row(), now), now);
    events.listening = false;
    expect(cache.get('o2', 'a2')).toBeUndefined();
    cache.put('o3', 'a3', cache.entryOf(row(), now), now);
    events.listening = true;
    expect(cache.get('o3', 'a3')).toBeUndefined();
    cache.clear();
    expect(cache.size).toBe(0);
    expect(cache.get('o2', 'a2')).toBeUndefined();
  });
});
