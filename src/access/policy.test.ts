import { describe, expect, it } from 'vitest';
import { AppError } from '../kernel/errors.js';
import { accessDenial, accountDenial, holdsGrantsNow, isMemberNow, todayOf, type MembershipAccessFields } from './effective.js';
import { allows, changedModules, requireAddUser, requireGrantChange, requireSystem, type Grants, type OrgAction, type Standing } from './policy.js';

/** The policy's pure decisions as tables: every caller kind × every organisation action, grant changes, system jobs. */

const base: Standing = {
  orgId: 'o',
  orgName: 'Org',
  kind: 'client',
  agencyId: 'a',
  operator: false,
  member: false,
  membershipId: null,
  modules: [],
  admin: false,
  programAdminOf: [],
  contractOwner: false,
  agencyAdmin: false,
  visible: true,
  mfaRequired: false,
};
const CALLERS: Record<string, Standing> = {
  operator: { ...base, operator: true, admin: true },
  admin: { ...base, member: true, membershipId: 'm', modules: ['user-admin'], admin: true },
  agencyAdminister: { ...base, kind: 'agency', agencyId: null, member: true, membershipId: 'm', modules: ['user-admin'], admin: true },
  programAdmin: { ...base, member: true, membershipId: 'm', modules: ['payroll'], programAdminOf: ['payroll'] },
  contractOwner: { ...base, contractOwner: true },
  agencyAdmin: { ...base, agencyAdmin: true },
  member: { ...base, member: true, membershipId: 'm', modules: ['crm'] },
  invisible: { ...base, visible: false },
};
const ACTIONS: OrgAction[] = [
  'viewOrg',
  'updateOrg',
  'viewAudit',
  'listUsers',
  'manageUsers',
  'addUsers',
  'assignRoles',
  'manageProjects',
  'viewProjects',
  'viewLicenses',
  'orderLicenses',
  'viewSeats',
  'listPartnerOrgs',
  'createClient',
  'startAccessJob',
  'convert',
  'changeAgency',
  'changeContractOwner',
];
// Columns in ACTIONS order; 1 = allowed.
const MATRIX: Record<string, string> = {
  // viewOrg updateOrg viewAudit listUsers manageUsers addUsers assignRoles manageProjects viewProjects viewLicenses orderLicenses viewSeats listPartnerOrgs createClient startAccessJob convert changeAgency changeContractOwner
  operator: '1 1 1 1 1 1 1 1 1 1 1 1 1 0 0 1 1 1',
  admin: '1 1 1 1 1 1 1 1 1 1 1 1 1 0 0 0 0 0',
  agencyAdminister: '1 1 1 1 1 1 1 1 1 1 1 1 1 1 1 0 0 0',
  programAdmin: '1 0 0 1 0 1 0 0 1 0 0 1 0 0 0 0 0 0',
  contractOwner: '1 0 0 0 0 0 0 0 1 1 1 1 0 0 0 0 0 1',
  agencyAdmin: '1 0 0 0 0 0 0 0 1 0 0 0 0 0 0 1 0 0',
  member: '1 0 0 0 0 0 0 0 1 0 0 0 0 0 0 0 0 0',
  invisible: '0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0',
};

describe('R-J1 R-J2 policy: caller kind × organisation action', () => {
  it.each(Object.keys(MATRIX))('R-J1 R-J2 %s', (caller) => {
    const expected = MATRIX[caller].split(' ').map((x) => x === '1');
    expect(ACTIONS.map((a) => allows(CALLERS[caller], a))).toEqual(expected);
  });

  it('R-A1 R-H1 an operator creates clients and starts access jobs on an agency', () => {
    const op = { ...CALLERS.operator, kind: 'agency' as const };
    expect([allows(op, 'createClient'), allows(op, 'startAccessJob')]).toEqual([true, true]);
  });
});

const refusal = (fn: () => void) => {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return { code: e.code, detail: e.options.detail, modules: (e.options.extra as { modules?: string[] } | undefined)?.modules };
  }
  return null;
};
const PACKAGES: ReadonlyMap<string, string[]> = new Map([
  ['base-accounting', ['accounting', 'invoicing', 'bank']],
  ['base-payroll', ['payroll']],
  ['agency', ['accounting', 'invoicing', 'payroll', 'bank']],
]);
const g = (packages: string[], modules: [string, boolean?][] = []): Grants => ({
  packages,
  modules: modules.map(([key, admin]) => ({ key, admin: admin ?? false })),
});

describe('R-J2 grant changes', () => {
  it('R-J2 changedModules: packages count by their modules; an admin flag change is a change', () => {
    const cases: [Grants, Grants, string[]][] = [
      [g([]), g([]), []],
      [g(['base-payroll']), g(['base-payroll']), []],
      [g([]), g(['base-accounting']), ['accounting', 'bank', 'invoicing']],
      [g(['base-accounting']), g([]), ['accounting', 'bank', 'invoicing']],
      [g(['unknown-package']), g([]), []],
      [g([], [['payroll']]), g([], [['payroll', true]]), ['payroll']],
      [g([], [['payroll', true]]), g([], [['payroll', true]]), []],
      [g([], [['payroll'], ['crm']]), g([], [['crm']]), ['payroll']],
      [g([], [['crm']]), g([], [['crm'], ['cases']]), ['cases']],
      [g(['base-payroll'], [['crm']]), g(['base-accounting'], [['crm']]), ['accounting', 'bank', 'invoicing', 'payroll']],
    ];
    for (const [before, after, changed] of cases) expect([...changedModules(PACKAGES, before, after)].sort()).toEqual(changed);
  });

  it('R-J2 a system administrator changes any grant, user-admin included', () => {
    expect(refusal(() => requireGrantChange(CALLERS.admin, PACKAGES, g([]), g(['agency'], [['user-admin', true]])))).toBeNull();
    expect(refusal(() => requireGrantChange(CALLERS.admin, PACKAGES, g([]), g([])))).toBeNull();
  });

  it('R-J2 a program administrator changes its own modules only, and the 403 names the others', () => {
    const pa = CALLERS.programAdmin;
    expect(refusal(() => requireGrantChange(pa, PACKAGES, g([], [['crm']]), g([], [['crm'], ['payroll', true]])))).toBeNull();
    expect(refusal(() => requireGrantChange(pa, PACKAGES, g(['base-payroll']), g([])))).toBeNull();
    // Nothing changed: allowed (saving a form unchanged).
    expect(refusal(() => requireGrantChange(pa, PACKAGES, g([], [['crm']]), g([], [['crm']])))).toBeNull();
    expect(refusal(() => requireGrantChange(pa, PACKAGES, g([], [['crm']]), g([])))).toEqual({
      code: 'forbidden',
      detail: 'You may not grant or remove: crm',
      modules: ['crm'],
    });
    expect(refusal(() => requireGrantChange(pa, PACKAGES, g([]), g(['agency'])))).toEqual({
      code: 'forbidden',
      detail: 'You may not grant or remove: accounting, invoicing, bank',
      modules: ['accounting', 'invoicing', 'bank'],
    });
  });

  it("R-J2 user-admin is never a program administrator's to give, even when it administers it", () => {
    const odd = { ...CALLERS.programAdmin, programAdminOf: ['payroll', 'user-admin'] };
    expect(refusal(() => requireGrantChange(odd, PACKAGES, g([]), g([], [['user-admin']])))).toMatchObject({ code: 'forbidden', modules: ['user-admin'] });
  });

  it('R-J2 anybody else changes nothing, not even nothing', () => {
    const member = CALLERS.member;
    expect(refusal(() => requireGrantChange(member, PACKAGES, g([], [['crm']]), g([], [['crm']])))).toEqual({
      code: 'forbidden',
      detail: 'You may not grant or remove: access here',
      modules: [],
    });
    expect(refusal(() => requireGrantChange(member, PACKAGES, g([]), g([], [['crm']])))).toMatchObject({ code: 'forbidden', modules: ['crm'] });
  });

  it('R-J2 adding a user: administrators add anyone; program administrators only with their modules', () => {
    expect(refusal(() => requireAddUser(CALLERS.admin, PACKAGES, g([])))).toBeNull();
    expect(refusal(() => requireAddUser(CALLERS.programAdmin, PACKAGES, g([], [['payroll']])))).toBeNull();
    expect(refusal(() => requireAddUser(CALLERS.programAdmin, PACKAGES, g(['base-payroll'])))).toBeNull();
    expect(refusal(() => requireAddUser(CALLERS.programAdmin, PACKAGES, g([])))).toEqual({
      code: 'forbidden',
      detail: 'Only administrators of the organisation add users without access.',
      modules: undefined,
    });
    expect(refusal(() => requireAddUser(CALLERS.programAdmin, PACKAGES, g(['base-payroll'], [['crm']])))).toMatchObject({
      code: 'forbidden',
      modules: ['crm'],
    });
    expect(refusal(() => requireAddUser(CALLERS.member, PACKAGES, g([], [['crm']])))).toMatchObject({ code: 'forbidden', modules: ['crm'] });
  });
});

describe('R-C4 system jobs', () => {
  it('R-C4 a system job manages users (expiry) and does nothing else', () => {
    const job = { system: true as const, job: 'expire-users' };
    expect(refusal(() => requireSystem(job, 'manageUsers'))).toBeNull();
    for (const action of ACTIONS.filter((a) => a !== 'manageUsers')) expect(refusal(() => requireSystem(job, action))?.code).toBe('forbidden');
    expect(refusal(() => requireSystem({ system: false, job: 'x' } as never, 'manageUsers'))?.code).toBe('forbidden');
  });
});

describe('R-C4 R-G2 R-C5 the access rule, case by case', () => {
  const m = (over: Partial<MembershipAccessFields> = {}): MembershipAccessFields => ({
    type: 'employee',
    status: 'active',
    valid_from: null,
    valid_until: null,
    ...over,
  });
  const ok = { active: true, login_valid_until: null };
  const today = '2026-03-10';
  const cases: [
    string,
    MembershipAccessFields,
    { active: boolean; login_valid_until: string | null } | null,
    { invited?: boolean; modules?: boolean },
    string | null,
  ][] = [
    ['plain active member', m(), ok, {}, null],
    ['no account given', m(), null, {}, null],
    ['account disabled', m(), { active: false, login_valid_until: null }, {}, 'account_disabled'],
    ['account disabled beats everything', m({ status: 'expired' }), { active: false, login_valid_until: '2026-01-01' }, {}, 'account_disabled'],
    ['sign-in ended yesterday', m(), { active: true, login_valid_until: '2026-03-09' }, {}, 'login_expired'],
    ['sign-in ends today', m(), { active: true, login_valid_until: today }, {}, null],
    ['inactive', m({ status: 'inactive' }), ok, {}, 'inactive'],
    ['inactive beats expired dates', m({ status: 'inactive', valid_until: '2026-01-01' }), ok, {}, 'inactive'],
    ['expired status', m({ status: 'expired' }), ok, {}, 'expired'],
    ['ended yesterday', m({ valid_until: '2026-03-09' }), ok, {}, 'expired'],
    ['ends today', m({ valid_until: today }), ok, {}, null],
    ['ends tomorrow', m({ valid_until: '2026-03-11' }), ok, {}, null],
    ['starts tomorrow', m({ valid_from: '2026-03-11' }), ok, {}, 'not_yet_valid'],
    ['starts today', m({ valid_from: today }), ok, {}, null],
    ['started yesterday', m({ valid_from: '2026-03-09' }), ok, {}, null],
    ['expired beats not yet valid', m({ valid_from: '2026-03-11', valid_until: '2026-03-09' }), ok, {}, 'expired'],
    ['invited, not counted', m({ status: 'invited' }), ok, {}, 'invited'],
    ['invited, counted', m({ status: 'invited' }), ok, { invited: true }, null],
    ['invited but not yet valid', m({ status: 'invited', valid_from: '2026-03-11' }), ok, { invited: true }, 'not_yet_valid'],
    ['no_access member enters', m({ type: 'no_access' }), ok, {}, null],
    ['no_access member holds no modules', m({ type: 'no_access' }), ok, { modules: true }, 'not_granted'],
    ['person holds no modules', m({ type: 'person' }), ok, { modules: true }, 'not_granted'],
    ['reseller holds modules', m({ type: 'reseller' }), ok, { modules: true }, null],
    ['external holds modules', m({ type: 'external', valid_until: '2026-04-01' }), ok, { modules: true }, null],
    ['invited employee holds modules when counted', m({ status: 'invited' }), null, { invited: true, modules: true }, null],
  ];
  it.each(cases)('R-C4 %s', (_name, membership, account, options, reason) => {
    expect(accessDenial(membership, account, today, options)).toBe(reason);
  });

  it('R-G2 the account part alone', () => {
    expect(accountDenial({ active: true, login_valid_until: null }, today)).toBeNull();
    expect(accountDenial({ active: false, login_valid_until: '2027-01-01' }, today)).toBe('account_disabled');
    expect(accountDenial({ active: true, login_valid_until: '2026-03-09' }, today)).toBe('login_expired');
    expect(accountDenial({ active: true, login_valid_until: today }, today)).toBeNull();
  });

  it('R-J1 R-C2 isMemberNow excludes invited members; holdsGrantsNow counts their grants but not no_access ones', () => {
    expect(isMemberNow(m(), today)).toBe(true);
    expect(isMemberNow(m({ status: 'invited' }), today)).toBe(false);
    expect(isMemberNow(m(), today, { active: false, login_valid_until: null })).toBe(false);
    expect(isMemberNow(m({ valid_from: '2026-03-11' }), today)).toBe(false);
    expect(holdsGrantsNow(m({ status: 'invited' }), today)).toBe(true);
    expect(holdsGrantsNow(m({ type: 'no_access' }), today)).toBe(false);
    expect(holdsGrantsNow(m({ valid_until: '2026-03-09' }), today)).toBe(false);
  });

  it('todayOf is the UTC calendar day', () => {
    expect(todayOf(new Date('2026-03-10T23:59:59.999Z'))).toBe('2026-03-10');
    expect(todayOf(new Date('2026-03-11T00:00:00.000+02:00'))).toBe('2026-03-10');
  });
});
