import { describe, expect, it } from 'vitest';
import { changesAccess } from './audit.js';

describe('R-K1 which audit actions publish access.changed', () => {
  it.each([
    ['user.added', true],
    ['user.updated', true],
    ['user.deactivated', true],
    ['user.reactivated', true],
    ['user.access_removed', true],
    ['user.deleted', true],
    ['user.expired', true],
    ['user.invitation_accepted', true],
    ['user.roles_assigned', true],
    ['user.roles_removed', true],
    ['role.assigned', true],
    ['roles.changed', true],
    ['org.created', true],
    ['org.created_from_registry', true],
    ['account.operator_created', true],
    ['user.invitation_resent', false],
    ['user.password_reset_sent', false],
    ['user.project_title_changed', false],
    ['org.updated', false],
    ['license.order_placed', false],
    ['project.created', false],
    ['site.updated', false],
    ['account.profile_updated', false],
    ['account.api_token_created', false],
    ['mail.retried', false],
    ['demo.loaded', false],
  ])('%s → %s', (action, expected) => {
    expect(changesAccess(action)).toBe(expected);
  });
});
