import { EX, pageExample } from '../kernel/api-examples.js';
import type { ApiDocs, ErrorCodeList } from '../kernel/openapi.js';

export const userExample = {
  id: EX.membershipId,
  orgId: EX.orgId,
  accountId: EX.accountId,
  personId: EX.personId,
  email: 'maija.virtanen@example.fi',
  firstName: 'Maija',
  lastName: 'Virtanen',
  phone: null,
  type: 'employee',
  status: 'active',
  home: 'own',
  homeOrg: { id: EX.orgId, name: 'Aalto Rakennus Oy' },
  resellerRole: null,
  validFrom: null,
  validUntil: null,
  jobTitle: 'Site manager',
  language: 'fi',
  loginValidUntil: null,
  packages: ['base-crm'],
  modules: [{ key: 'accounting', admin: false }],
  effectiveModules: ['accounting', 'crm'],
  roles: [{ scope: 'project', targetId: EX.projectId, role: 'project-leader', title: 'Site manager' }],
  office: { id: EX.officeId, name: 'Tampere' },
  createdAt: EX.at,
};

/**
 * POST …/users as one shape per `type` (R-C1–R-C5), from the route's own flat schema plus the service's rules: a person
 * has names and no login; the others need an e-mail or an existing accountId; `resellerRole` only and always for a
 * reseller; `validUntil` always for an external user. (Names may be left out when the e-mail is of an existing
 * account: the server fills them in, which no schema can know.)
 */
export function createUserBodyByType(flat: Record<string, any>) {
  const { resellerRole, ...others } = flat.properties as Record<string, any>;
  const variant = (type: string, properties: Record<string, any>, required: string[], extra: Record<string, unknown> = {}) => ({
    type: 'object',
    title: type,
    properties: { ...properties, type: { type: 'string', const: type } },
    required: ['type', ...required],
    additionalProperties: false,
    ...extra,
  });
  const login = { anyOf: [{ required: ['email'] }, { required: ['accountId'] }] };
  return {
    description: flat.description,
    oneOf: [
      variant('employee', others, [], login),
      variant('no_access', others, [], login),
      variant(
        'external',
        { ...others, validUntil: { type: 'string', format: 'date', pattern: others.validUntil?.anyOf?.[0]?.pattern } },
        ['validUntil'],
        login,
      ),
      variant('reseller', { ...others, resellerRole }, ['resellerRole'], login),
      variant('person', others, ['firstName', 'lastName']),
    ],
    discriminator: { propertyName: 'type' },
  };
}

const one: ErrorCodeList = ['not_found', 'forbidden'];
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Users of an organisation: the list, its export and each user's lifecycle (R-C*, R-D*). */
export const userApiDocs: ApiDocs = {
  'GET /accounts/lookup': {
    operationId: 'lookupAccount',
    summary: 'Find an existing account by e-mail',
    description:
      'R-C1, R-F1: administrators only. The names of the account with this e-mail (to fill in a new user, or to add a partner user) and, with `orgId`, whether it is already a user there.',
    errors: ['forbidden', 'not_found'],
    response: {
      found: true,
      account: {
        id: EX.accountId,
        email: 'maija.virtanen@example.fi',
        firstName: 'Maija',
        lastName: 'Virtanen',
        homeOrg: { id: EX.agencyId, name: 'Nordic Accounting Partners AB' },
      },
      alreadyMember: false,
    },
  },
  'GET /orgs/{orgId}/eligible-resellers': {
    operationId: 'listEligibleResellers',
    summary: 'Agency employees who can be added here as reseller users',
    description:
      "R-C3, R-J1 (issue 14): for those who may add users to a client, the active employees of the agency that serves it — only that agency's, only names, e-mail and office — searched with `q` (every word in the name or e-mail), by last name in keyset pages. `membershipId` is set for people already users of the client. A client without an agency has none.",
    errors: one,
    response: pageExample(
      [
        {
          accountId: EX.accountId,
          email: 'anna.andersson@example.se',
          firstName: 'Anna',
          lastName: 'Andersson',
          office: { id: EX.officeId, name: 'Stockholm' },
          membershipId: null,
        },
      ],
      true,
    ),
  },
  'GET /orgs/{orgId}/users': {
    operationId: 'listUsers',
    summary: 'The user list',
    description:
      'R-D1, R-D2, R-D4: own and partner users; views `all`, `own`, `partner`, `inactive`; filters by type and status, a search field per column (first name, last name, e-mail, organisation, office (R-C16); each non-empty, at most 200 characters) and one free-text `q`; sort by any column; keyset pages of 1–500 (`limit`, default 50) with a `total` that is exact up to 10,000 (`totalKind` `exact`) and otherwise a lower bound (`totalKind` `atLeast`, shown as “10,000+”). Pass `nextCursor` back as `cursor` with the same filters and sort.',
    errors: one,
    response: { ...pageExample([userExample], true), totalKind: 'exact' },
  },
  'GET /orgs/{orgId}/users.xlsx': {
    operationId: 'exportUsers',
    summary: 'Export the user list to Excel',
    description: 'R-D3: the same filters and sort as GET …/users, every matching row, streamed as an .xlsx workbook.',
    errors: one,
    download: { mediaType: XLSX, description: 'The workbook (streamed).' },
    headers: {
      'Content-Disposition': { description: 'attachment; filename="users-<organisation>-<date>.xlsx" (and filename* in UTF-8)', schema: { type: 'string' } },
    },
  },
  'POST /orgs/{orgId}/users': {
    operationId: 'createUser',
    summary: 'Add a user of any type',
    description:
      "R-C1–R-C5, R-C15, R-F1–R-F3, R-B2: the body depends on `type` (a discriminated union): `person` needs first and last name and has no e-mail; `employee`, `external`, `no_access` and `reseller` need an e-mail (with first and last name unless the e-mail already has an account, whose names are used); `external` needs `validUntil`; `reseller` is an active employee of the client's agency (`not_eligible`) with `resellerRole`. An e-mail of an account whose home is elsewhere adds a partner user. Seats are checked whole (`license_limit_reached` with `modules`); the invitation or notice is mailed after commit.",
    errors: ['not_found', 'forbidden', 'license_limit_reached', 'already_member', 'email_taken', 'not_eligible', 'conflict'],
    requestSchema: createUserBodyByType,
    request: {
      type: 'employee',
      email: 'maija.virtanen@example.fi',
      firstName: 'Maija',
      lastName: 'Virtanen',
      packages: ['base-crm'],
      modules: [{ key: 'accounting' }],
      jobTitle: 'Site manager',
    },
    response: { ...userExample, status: 'invited', roles: [] },
  },
  'GET /orgs/{orgId}/users/{membershipId}': {
    operationId: 'getUser',
    summary: 'One user',
    description: 'R-C6, R-J1: the user with packages, modules, effective modules and roles.',
    errors: one,
    response: userExample,
  },
  'PATCH /orgs/{orgId}/users/{membershipId}': {
    operationId: 'updateUser',
    summary: "Change a user's details, access and validity",
    description:
      "R-C6, R-B2, R-J2: changes the fields sent; packages and modules replace the old ones, checked against the seats (`license_limit_reached`) and against what the caller may grant (`forbidden` with `modules`). Extend validity (R-C4): an expired external comes back with a `validUntil` that has not passed (a past one is refused, `in_past`). Names: an own user's name is its account's and changes in every organisation at once; a partner's is changed at its home organisation only (`edited_at_home` with `homeOrg`; the name sent unchanged is no change).",
    errors: ['not_found', 'forbidden', 'license_limit_reached', 'not_applicable_to_person', 'member_inactive', 'not_eligible', 'edited_at_home'],
    // R-C4: a change to an external user carries an end date (clearing it is refused; so is a user that stays external without one).
    requestSchema: (flat) => ({
      ...flat,
      if: { properties: { type: { const: 'external' } }, required: ['type'] },
      then: { properties: { validUntil: { type: 'string', format: 'date' } } },
    }),
    request: { jobTitle: 'Project manager', packages: ['base-crm'], validUntil: '2026-12-31' },
    response: { ...userExample, jobTitle: 'Project manager' },
  },
  'DELETE /orgs/{orgId}/users/{membershipId}': {
    operationId: 'deleteUser',
    summary: 'Delete a user',
    description: 'R-C11, R-B4: the membership and all its rights here go; the account remains and can be added again; seats return to the pool.',
    errors: one,
  },
  'POST /orgs/{orgId}/users/{membershipId}/remove-access': {
    operationId: 'removeUserAccess',
    summary: "Remove a user's access",
    description:
      'R-C7: every grant and role goes; the user becomes `no_access` and can still sign in. Refused (`action_not_applicable`) for a user without access who holds no role, and for an inactive user (remove roles clears dormant rights).',
    errors: [...one, 'not_applicable_to_person', 'member_inactive', 'action_not_applicable'],
    response: { ...userExample, type: 'no_access', packages: [], modules: [], effectiveModules: [], roles: [] },
  },
  'POST /orgs/{orgId}/users/{membershipId}/deactivate': {
    operationId: 'deactivateUser',
    summary: 'Deactivate a user',
    description: "R-C8: the user can no longer sign in here (an own user's account everywhere); grants and roles stay dormant and take no seats.",
    errors: [...one, 'already_inactive', 'not_applicable_to_person'],
    response: { ...userExample, status: 'inactive', effectiveModules: [] },
  },
  'POST /orgs/{orgId}/users/{membershipId}/reactivate': {
    operationId: 'reactivateUser',
    summary: 'Reactivate a user',
    description: 'R-C9, R-B2: restores the grants and roles valid at deactivation (refused whole when seats do not suffice) and mails a set-password link.',
    errors: [...one, 'not_inactive', 'license_limit_reached', 'not_applicable_to_person'],
    response: userExample,
  },
  'POST /orgs/{orgId}/users/{membershipId}/remove-roles': {
    operationId: 'removeDormantRoles',
    summary: "Clear an inactive user's dormant grants and roles",
    description: 'R-C10: on an inactive user, every dormant grant and role goes at once (`action_not_applicable` when nothing is dormant).',
    errors: [...one, 'not_inactive', 'not_applicable_to_person', 'action_not_applicable'],
    response: { ...userExample, status: 'inactive', packages: [], modules: [], effectiveModules: [], roles: [] },
  },
  'POST /orgs/{orgId}/users/{membershipId}/resend-invitation': {
    operationId: 'resendInvitation',
    summary: 'Send the invitation again',
    description: 'R-C12: with an optional personal message, to a user who has not accepted; the previous link stops working.',
    errors: [...one, 'not_invited', 'not_applicable_to_person'],
    request: { message: 'Welcome aboard — the link in this mail sets your password.' },
  },
  'POST /orgs/{orgId}/users/{membershipId}/send-password-reset': {
    operationId: 'sendUserPasswordReset',
    summary: 'Mail a password reset link to an own user',
    description:
      'R-C13: an administrator sends an active own user a reset link (valid 1 hour); an invited, inactive or expired user is refused (`action_not_applicable`: the invitation, reactivation or extending the validity is the way), a partner user too (`forbidden`: its home resets it).',
    errors: [...one, 'not_applicable_to_person', 'action_not_applicable'],
  },
  'POST /orgs/{orgId}/users/bulk': {
    operationId: 'bulkUserAction',
    summary: 'Deactivate, remove access of or delete many users',
    description:
      'Issue 14 item 10 (R-C7, R-C8, R-C11): the action on each id in turn through the single action (its rules, the last-administrator guard, seats, links and audit event), one transaction per user. A user the action does not apply to is answered `failed` with the code the single action gives (e.g. `already_inactive`, `last_administrator`, `not_found`); the others are done. At most 200 ids.',
    errors: one,
    request: { action: 'deactivate', ids: [EX.membershipId] },
    response: { results: [{ id: EX.membershipId, outcome: 'done', code: null, detail: null, name: null }], done: 1, failed: 0 },
  },
  'GET /orgs/{orgId}/deleted-users': {
    operationId: 'listDeletedUsers',
    summary: 'Users deleted in the last 30 days',
    description: 'R-C11, issue 14 item 10: administrators see who was deleted here, by whom and until when each can be restored; newest first, keyset pages.',
    errors: one,
    response: pageExample(
      [
        {
          id: EX.membershipId,
          orgId: EX.orgId,
          accountId: EX.accountId,
          personId: EX.personId,
          email: 'maija.virtanen@example.fi',
          firstName: 'Maija',
          lastName: 'Virtanen',
          type: 'employee',
          status: 'active',
          home: 'own',
          homeOrgName: 'Aalto Rakennus Oy',
          packages: ['base-crm'],
          modules: [],
          roles: 1,
          deletedAt: EX.at,
          deletedBy: 'Anna Andersson',
          restorableUntil: EX.at,
        },
      ],
      true,
    ),
  },
  'POST /orgs/{orgId}/deleted-users/{membershipId}/restore': {
    operationId: 'restoreDeletedUser',
    summary: 'Restore a deleted user',
    description:
      'Issue 14 item 10, R-B2: a user deleted within 30 days comes back under the same id with its packages, modules and roles; the seats are taken again (`license_limit_reached` refuses it whole). An inactive user comes back inactive; one who never set a password is invited again. `already_member` when the account was added again meanwhile; `not_found` after 30 days.',
    errors: [...one, 'license_limit_reached', 'already_member'],
    response: userExample,
  },
};
