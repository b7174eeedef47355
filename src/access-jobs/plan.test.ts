import { describe, expect, it } from 'vitest';
import type { Standing } from '../access/policy.js';
import type { Catalogue } from '../catalogue/service.js';
import { mayChangeModule, mayRemoveMember, planBatch, type ExistingMember, type PlanInput } from './plan.js';

const catalogue: Catalogue = {
  modules: new Map(
    ['accounting', 'invoicing', 'payroll', 'bank', 'user-admin'].map((key) => [key, { key, name: key, licensed: key !== 'bank' && key !== 'user-admin' }]),
  ),
  licensed: new Set(['accounting', 'invoicing', 'payroll']),
  packages: new Map([['agency', ['accounting', 'invoicing', 'payroll', 'bank']]]),
  roles: new Map(),
};

const standing = (s: Partial<Standing>): Standing => ({
  mfaRequired: false,
  orgId: 'c1',
  orgName: 'C1',
  kind: 'client',
  agencyId: 'a',
  operator: false,
  member: true,
  membershipId: 'm',
  modules: [],
  admin: false,
  programAdminOf: [],
  contractOwner: false,
  agencyAdmin: true,
  visible: true,
  ...s,
});

const RIGHTS: [string, Partial<Standing>, string, string | null][] = [
  ['system administrator: any module', { admin: true }, 'payroll', null],
  ['system administrator: user-admin too', { admin: true }, 'user-admin', null],
  ['program administrator of payroll: payroll', { programAdminOf: ['payroll'] }, 'payroll', null],
  ['program administrator of payroll: not accounting', { programAdminOf: ['payroll'] }, 'accounting', 'not_administrator'],
  ['program administrator never grants user-admin', { programAdminOf: ['user-admin'] }, 'user-admin', 'not_administrator'],
  ['a plain member: nothing', {}, 'payroll', 'not_administrator'],
  ['an organisation the initiator cannot see', { visible: false }, 'payroll', 'not_found'],
];

describe('R-H2 the initiator’s rights per item', () => {
  it.each(RIGHTS)('R-H2 %s', (_, s, module, expected) => {
    expect(mayChangeModule(standing(s), module)).toBe(expected);
  });

  it('R-H2 removing a whole client takes a system administrator there', () => {
    expect(mayRemoveMember(standing({ admin: true }))).toBeNull();
    expect(mayRemoveMember(standing({ programAdminOf: ['payroll'] }))).toBe('not_system_administrator');
    expect(mayRemoveMember(undefined)).toBe('not_found');
  });
});

const consultant = (accountId: string) => ({
  accountId,
  email: `${accountId}@x`,
  firstName: 'F',
  lastName: accountId,
  homeOrg: { id: 'a', name: 'A' },
  hasPassword: true,
});
let ids = 0;
const input = (over: Partial<PlanInput>): PlanInput => ({
  operation: 'grant',
  modules: ['accounting', 'payroll'],
  consultants: [consultant('k1'), consultant('k2')],
  clients: [{ seq: 0, clientId: 'c1' }],
  standings: new Map([['c1', standing({ admin: true })]]),
  members: new Map(),
  pools: new Map([
    ['c1:accounting', { seats: 10, inUse: 0 }],
    ['c1:payroll', { seats: 1, inUse: 0 }],
  ]),
  catalogue,
  today: '2026-01-01',
  checkSeats: true,
  revokeRefusal: () => null,
  newId: () => `id${ids++}`,
  ...over,
});

describe('R-H1 R-B2 planning a batch', () => {
  it('R-B2 a short pool fails only the items it cannot hold; memberships are created only with a granted module', () => {
    const plan = planBatch(input({ modules: ['payroll'] }));
    expect(plan.results.get(0)!.map((r) => [r.consultantAccountId, r.outcome, r.reason])).toEqual([
      ['k1', 'granted', null],
      ['k2', 'failed', 'license_limit_reached'],
    ]);
    expect(plan.newMembers.map((m) => m.consultant.accountId)).toEqual(['k1']);
    expect(plan.seatDeltas.get('c1:payroll')).toBe(1);
  });

  it('R-B2 the preview counts seats without refusing any', () => {
    const plan = planBatch(input({ modules: ['payroll'], checkSeats: false }));
    expect(plan.results.get(0)!.every((r) => r.outcome === 'granted')).toBe(true);
    expect(plan.seatDeltas.get('c1:payroll')).toBe(2);
  });

  it('R-H1 revoke_programs unpacks a package: the other modules stay as individual grants; an inactive member frees no seat', () => {
    const member = (status: string): ExistingMember => ({ id: `m-${status}`, type: 'reseller', status: status as never, packages: ['agency'], modules: [] });
    const plan = planBatch(
      input({
        operation: 'revoke_programs',
        modules: ['invoicing', 'payroll'],
        members: new Map([
          ['c1:k1', member('active')],
          ['c1:k2', member('inactive')],
        ]),
      }),
    );
    expect(plan.results.get(0)!.map((r) => r.outcome)).toEqual(['removed', 'removed', 'removed', 'removed']);
    expect(plan.removePackages).toHaveLength(2);
    expect(plan.addModules.filter((a) => a.membership_id === 'm-active').map((a) => a.module_key)).toEqual(['accounting', 'bank']);
    expect(plan.removeModules).toEqual([]);
    expect(plan.seatDeltas.get('c1:invoicing')).toBe(-1);
    expect(plan.seatDeltas.get('c1:payroll')).toBe(-1);
  });

  it('R-H1 revoke_clients: the revoke path asks revokeRefusal per item', () => {
    const plan = planBatch(
      input({
        operation: 'revoke_clients',
        members: new Map([['c1:k1', { id: 'm1', type: 'reseller', status: 'active', packages: [], modules: [{ key: 'user-admin', admin: false }] }]]),
        revokeRefusal: (_c, m) => (m.modules.some((g) => g.key === 'user-admin') ? 'last_administrator' : null),
      }),
    );
    expect(plan.results.get(0)!.map((r) => [r.outcome, r.reason])).toEqual([
      ['failed', 'last_administrator'],
      ['not_present', null],
    ]);
    expect(plan.deleteMembers).toEqual([]);
  });
});
