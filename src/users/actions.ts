/**
 * Which lifecycle actions make sense for one user (issue 14 item 3): one pure rule that the server asks before it
 * runs an action (users/lifecycle.ts refuses with the code given here) and the console asks to decide what it
 * offers (the user page and the list row menu). Like kernel/enums.ts it imports nothing, so the console bundles it.
 */
export const USER_ACTIONS = [
  'extend-validity',
  'resend-invitation',
  'send-password-reset',
  'remove-access',
  'deactivate',
  'reactivate',
  'remove-roles',
  'delete',
] as const;
export type UserActionKey = (typeof USER_ACTIONS)[number];

/** What the rule reads of a user: the User resource's fields (server and console alike). */
export interface ActionSubject {
  type: 'reseller' | 'employee' | 'external' | 'no_access' | 'person';
  status: 'invited' | 'active' | 'inactive' | 'expired';
  home: 'own' | 'partner';
  accountId: string | null;
  packages: readonly unknown[];
  modules: readonly unknown[];
  roles: readonly unknown[];
}

/** Problem codes an action is refused with (kernel/errors.ts). */
export type ActionRefusal = 'not_applicable_to_person' | 'already_inactive' | 'not_inactive' | 'not_invited' | 'action_not_applicable' | 'forbidden';

const holdsRights = (u: ActionSubject) => u.packages.length > 0 || u.modules.length > 0 || u.roles.length > 0;

/** Why the action does not apply to the user, or null when it does. */
export function actionRefusal(action: UserActionKey, u: ActionSubject): ActionRefusal | null {
  switch (action) {
    case 'extend-validity':
      // R-C4: an expired external comes back with a later end date (PATCH validUntil).
      return u.type === 'external' && u.status === 'expired' ? null : 'action_not_applicable';
    case 'resend-invitation':
      if (!u.accountId) return 'not_applicable_to_person';
      return u.status === 'invited' ? null : 'not_invited';
    case 'send-password-reset':
      // R-C13: only somebody who can sign in with a password of an own account: not invited (no password yet; the
      // invitation is their link), inactive or expired (they could not sign in with it).
      if (!u.accountId || u.type === 'person') return 'not_applicable_to_person';
      if (u.status !== 'active') return 'action_not_applicable';
      return u.home === 'own' ? null : 'forbidden';
    case 'remove-access':
      // R-C7: a user without access with no roles has nothing to remove; an inactive one's rights are dormant (remove roles).
      if (u.type === 'person') return 'not_applicable_to_person';
      if (u.status === 'inactive') return 'action_not_applicable';
      return u.type === 'no_access' && !holdsRights(u) ? 'action_not_applicable' : null;
    case 'deactivate':
      if (u.type === 'person') return 'not_applicable_to_person';
      return u.status === 'inactive' ? 'already_inactive' : null;
    case 'reactivate':
      return u.status === 'inactive' ? null : 'not_inactive';
    case 'remove-roles':
      if (u.status !== 'inactive') return 'not_inactive';
      return holdsRights(u) ? null : 'action_not_applicable';
    case 'delete':
      return null;
  }
}

/** The actions that apply to the user, in the order the console lists them. */
export function offeredActions(u: ActionSubject): UserActionKey[] {
  return USER_ACTIONS.filter((a) => actionRefusal(a, u) === null);
}
