import { describe, expect, it } from 'vitest';
import { actionRefusal, offeredActions, type ActionSubject } from './actions.js';

const user = (over: Partial<ActionSubject> = {}): ActionSubject => ({
  type: 'employee',
  status: 'active',
  home: 'own',
  accountId: 'a',
  packages: ['base-accounting'],
  modules: [],
  roles: [],
  ...over,
});

describe('issue 14 item 3: the actions offered for a user', () => {
  it.each([
    ['an active own employee', user(), ['send-password-reset', 'remove-access', 'deactivate', 'delete']],
    ['an invited employee', user({ status: 'invited' }), ['resend-invitation', 'remove-access', 'deactivate', 'delete']],
    ['an active partner', user({ home: 'partner' }), ['remove-access', 'deactivate', 'delete']],
    ['an expired external', user({ type: 'external', status: 'expired' }), ['extend-validity', 'remove-access', 'deactivate', 'delete']],
    ['an active user without access', user({ type: 'no_access', packages: [] }), ['send-password-reset', 'deactivate', 'delete']],
    [
      'a user without access holding a role',
      user({ type: 'no_access', packages: [], roles: [{}] }),
      ['send-password-reset', 'remove-access', 'deactivate', 'delete'],
    ],
    ['a person without user', user({ type: 'person', accountId: null, packages: [] }), ['delete']],
    ['an inactive user with dormant rights', user({ status: 'inactive' }), ['reactivate', 'remove-roles', 'delete']],
    ['an inactive user with nothing dormant', user({ status: 'inactive', packages: [] }), ['reactivate', 'delete']],
  ] as const)('%s', (_, u, expected) => {
    expect(offeredActions(u)).toEqual(expected);
  });

  it('names the code the API refuses with', () => {
    expect(actionRefusal('send-password-reset', user({ type: 'external', status: 'expired' }))).toBe('action_not_applicable');
    expect(actionRefusal('send-password-reset', user({ type: 'person', accountId: null }))).toBe('not_applicable_to_person');
    expect(actionRefusal('send-password-reset', user({ home: 'partner' }))).toBe('forbidden');
    expect(actionRefusal('remove-access', user({ type: 'no_access', packages: [] }))).toBe('action_not_applicable');
    expect(actionRefusal('deactivate', user({ status: 'inactive' }))).toBe('already_inactive');
    expect(actionRefusal('reactivate', user())).toBe('not_inactive');
    expect(actionRefusal('resend-invitation', user())).toBe('not_invited');
  });
});
