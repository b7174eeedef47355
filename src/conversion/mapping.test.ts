import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildPlan,
  effectiveOf,
  findConflicts,
  mapRights,
  proposeGrants,
  seatsNeeded,
  type Decisions,
  type Edits,
  type LegacyRecord,
  type MapCatalogue,
} from './mapping.js';

/** SPEC §2's default catalogue: the rights map and the packages a proposal may use (the agency package is not). */
const C: MapCatalogue = {
  rights: new Map([
    ['ACC', 'accounting'],
    ['INV', 'invoicing'],
    ['PAY', 'payroll'],
    ['CRM', 'crm'],
    ['PRJ', 'projects'],
    ['TIME', 'timesheets'],
    ['BANK', 'bank'],
    ['ADMIN', 'user-admin'],
  ]),
  packages: [
    { key: 'base-accounting', modules: ['accounting', 'invoicing', 'bank'] },
    { key: 'base-payroll', modules: ['payroll'] },
    { key: 'base-crm', modules: ['crm', 'projects', 'timesheets'] },
    { key: 'case-management', modules: ['cases', 'documents'] },
  ],
  licensed: new Set(['accounting', 'invoicing', 'payroll', 'crm', 'projects', 'timesheets', 'cases', 'documents']),
};
const CODES = [...C.rights.keys(), 'OLD', 'XLS'];

describe('R-I5 the rights map (table)', () => {
  it.each([
    [['ACC', 'INV', 'BANK'], ['base-accounting'], []],
    [['ACC', 'INV'], [], ['accounting', 'invoicing']],
    [['ACC', 'INV', 'BANK', 'PAY', 'ADMIN'], ['base-accounting', 'base-payroll'], ['user-admin']],
    [['CRM', 'PRJ', 'TIME', 'ACC'], ['base-crm'], ['accounting']],
    [['OLD', 'XLS'], [], []],
  ])('R-I5 %j → packages %j and modules %j', (rights, packages, modules) => {
    const p = proposeGrants(C, mapRights(C, rights));
    expect(p.packages).toEqual(packages);
    expect(p.modules.map((m) => m.key)).toEqual(modules);
  });
});

const key = (p: string) => fc.integer({ min: 0, max: 11 }).map((i) => `${p}${i}`);
const email = fc.option(fc.constantFrom('a@x.test', 'b@x.test', 'c@x.test', 'A@X.test', 'd@x.test'), { nil: null });
const legacyRecord: fc.Arbitrary<LegacyRecord> = fc
  .record({
    persons: fc.uniqueArray(fc.record({ key: key('P'), firstName: fc.constantFrom('Ann', 'Bo'), lastName: fc.constantFrom('Ek', 'Lind'), email }), {
      selector: (p) => p.key,
      maxLength: 10,
    }),
    logins: fc.uniqueArray(
      fc.record({
        key: key('L'),
        kind: fc.constantFrom('personal', 'personal', 'personal', 'integration') as fc.Arbitrary<'personal' | 'integration'>,
        email,
        rights: fc.uniqueArray(fc.constantFrom(...CODES), { maxLength: 5 }),
        personIdx: fc.uniqueArray(fc.nat(9), { maxLength: 3 }),
      }),
      { selector: (l) => l.key, maxLength: 10 },
    ),
  })
  .map(({ persons, logins }) => ({
    persons: persons.map((p) => ({ ...p, phone: null })),
    logins: logins
      .map((l) => ({
        key: l.key,
        username: l.key.toLowerCase(),
        kind: l.kind,
        email: l.email,
        rights: l.rights,
        personKeys: [...new Set(l.personIdx.filter((i) => i < persons.length).map((i) => persons[i].key))],
      }))
      .filter((l) => l.kind === 'integration' || l.personKeys.length > 0),
  }));

/** Random decisions for some of the record's conflicts (one per person, as the API requires) and random edits. */
const withChoices = legacyRecord.chain((r) => {
  const conflicts = findConflicts(C, r);
  const decisions = fc.tuple(
    ...conflicts.map((c) =>
      fc.option(
        fc.tuple(
          ...c.personKeys.map((personKey, i) =>
            fc.record({
              personKey: fc.constant(personKey),
              becomes: fc.constantFrom('user', 'person') as fc.Arbitrary<'user' | 'person'>,
              email: fc.constant(`${c.id}.${i}@new.test`),
            }),
          ),
        ),
        { nil: null },
      ),
    ),
  );
  const edits = fc.dictionary(
    fc.constantFrom(...(r.persons.length ? r.persons.map((p) => p.key) : ['none'])),
    fc.record({ type: fc.constantFrom('employee', 'no_access', 'person') as fc.Arbitrary<'employee' | 'no_access' | 'person'> }),
    { maxKeys: 3 },
  );
  return fc.tuple(fc.constant(r), decisions, edits).map(([rec, ds, es]) => {
    const d: Decisions = {};
    conflicts.forEach((c, i) => {
      if (ds[i]) d[c.id] = ds[i]!;
    });
    return { r: rec, decisions: d, edits: es as Edits };
  });
});

describe('R-I3 R-I4 R-I5 the plan, for random legacy data (fast-check)', () => {
  it('R-I5 proposals map rights exactly: effective modules = mapped rights, only fully covered packages, no module twice', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.constantFrom(...CODES)), (rights) => {
        const mapped = mapRights(C, rights);
        const p = proposeGrants(C, mapped);
        expect([...effectiveOf(C, p)].sort()).toEqual([...mapped].sort());
        for (const k of p.packages) expect(C.packages.find((x) => x.key === k)!.modules.every((m) => mapped.has(m))).toBe(true);
        const inPackages = new Set(p.packages.flatMap((k) => C.packages.find((x) => x.key === k)!.modules));
        for (const m of p.modules) expect(inPackages.has(m.key)).toBe(false);
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('R-I3 R-I4 every person is one entry and every login is carried, deactivated or still in an open conflict — exactly one', () => {
    fc.assert(
      fc.property(withChoices, ({ r, decisions, edits }) => {
        const plan = buildPlan(C, r, decisions, edits);
        expect(plan.users.map((u) => u.personKey).sort()).toEqual(r.persons.map((p) => p.key).sort());
        const carried = plan.users.flatMap((u) => u.fromLogins);
        const deactivated = plan.deactivations.map((d) => d.loginKey);
        const open = new Set(plan.conflicts.filter((c) => !c.resolution).flatMap((c) => c.loginKeys));
        for (const l of r.logins) {
          const states = [carried.includes(l.key), deactivated.includes(l.key), open.has(l.key) && !carried.includes(l.key)].filter(Boolean).length;
          expect(states, `login ${l.key}`).toBe(1);
        }
        // users + persons + deactivations account for every person and login.
        const byType = (t: string) => plan.users.filter((u) => u.type === t).length;
        expect(byType('employee') + byType('no_access') + byType('person')).toBe(r.persons.length);
        for (const d of plan.deactivations) {
          const l = r.logins.find((x) => x.key === d.loginKey)!;
          if (d.reason === 'integration') expect(l.kind).toBe('integration');
          if (d.reason === 'no_rights') expect(l.rights.some((x) => C.rights.has(x))).toBe(false);
        }
        // Unedited users hold exactly the mapped rights of the logins they come from.
        for (const u of plan.users.filter((x) => !x.edited && x.type === 'employee')) {
          const rights = r.logins.filter((l) => u.fromLogins.includes(l.key)).flatMap((l) => l.rights);
          expect([...effectiveOf(C, u)].sort()).toEqual([...mapRights(C, rights)].sort());
        }
        // Seats: one per licensed effective module of every employee, never two of one module for one user.
        const needed = seatsNeeded(C, plan.users);
        const expected = new Map<string, number>();
        for (const u of plan.users.filter((x) => x.type === 'employee'))
          for (const m of effectiveOf(C, u)) if (C.licensed.has(m)) expected.set(m, (expected.get(m) ?? 0) + 1);
        expect(needed).toEqual(expected);
        // No conflict is open once every conflict has decisions; persons of open conflicts are pending.
        for (const u of plan.users) expect(u.pending).toBe(plan.conflicts.some((c) => !c.resolution && c.personKeys.includes(u.personKey)));
      }),
      { seed: 7, numRuns: 400 },
    );
  });

  it('R-I3 conflict ids are stable: they depend on the legacy record only, not on decisions or edits', () => {
    fc.assert(
      fc.property(withChoices, ({ r, decisions, edits }) => {
        expect(buildPlan(C, r, decisions, edits).conflicts.map((c) => c.id)).toEqual(buildPlan(C, r, {}, {}).conflicts.map((c) => c.id));
      }),
      { seed: 11, numRuns: 200 },
    );
  });
});
