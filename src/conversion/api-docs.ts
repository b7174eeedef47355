import { EX, pageExample } from '../kernel/api-examples.js';
import type { ApiDocs } from '../kernel/openapi.js';
import { orgExample } from '../orgs/api-docs.js';
import { userExample } from '../users/api-docs.js';

const legacyOrg = { ...orgExample, permissionModel: 'legacy' };
const conflict = {
  id: 'shared_login:L-17',
  kind: 'shared_login',
  loginKeys: ['L-17'],
  personKeys: ['P-3', 'P-4'],
  resolution: null,
  persons: [
    { key: 'P-3', firstName: 'Erik', lastName: 'Berg', email: null },
    { key: 'P-4', firstName: 'Eva', lastName: 'Berg', email: 'eva.berg@example.se' },
  ],
  logins: [{ key: 'L-17', username: 'berg', email: null }],
};
const planUser = {
  key: 'P-4',
  personKey: 'P-4',
  email: 'eva.berg@example.se',
  firstName: 'Eva',
  lastName: 'Berg',
  type: 'employee',
  packages: ['base-accounting'],
  modules: [{ key: 'user-admin', admin: false }],
  fromLogins: ['L-18'],
  edited: false,
  pending: false,
};
const conversion = {
  orgId: EX.orgId,
  orgName: 'Aalto Rakennus Oy',
  status: 'open',
  version: 3,
  step: 'conflicts',
  openedBy: { accountId: EX.accountId, name: 'Anna Andersson' },
  openedAt: EX.at,
  appliedAt: null,
  conflicts: [conflict],
  deactivations: [{ loginKey: 'L-90', username: 'api-integration', reason: 'integration' }],
  warnings: [{ code: 'integration_stops', loginKey: 'L-90', message: 'Integrations using api-integration stop working.' }],
  users: [planUser],
  seats: [{ module: 'accounting', seats: 5, inUse: 0, needed: 6, short: 1 }],
  counts: {
    persons: 12,
    logins: 10,
    conflicts: 3,
    openConflicts: 1,
    deactivations: 2,
    warnings: 1,
    users: 11,
    byType: { employee: 9, no_access: 1, person: 1 },
  },
  mayOrderLicenses: true,
};
const who = 'R-I7: an operator, or an administrator of the client’s agency; others 404.';

/** Legacy import and conversion to the current permission model (R-I1…R-I7, seed 000). */
export const conversionApiDocs: ApiDocs = {
  'POST /legacy-imports': {
    operationId: 'importLegacyCustomer',
    summary: 'Import a legacy customer',
    description:
      'R-I1: an operator uploads a legacy customer’s export (SPEC §4 LegacyImport). A malformed file is refused whole with every problem by path (`unknown_person`, `duplicate_key`, a bad business id, an unknown license module) and nothing is created; else the organisation is created `legacy` (it shows under “must convert”) with its logins, persons and rights kept read-only.',
    errors: ['forbidden', 'invalid_business_id', 'duplicate_business_id'],
    request: {
      org: { name: 'Aalto Rakennus Oy', country: 'FI', businessId: '2567890-6', agencyId: EX.agencyId },
      licenses: { accounting: 5 },
      persons: [{ key: 'P-4', firstName: 'Eva', lastName: 'Berg', email: 'eva.berg@example.se' }],
      logins: [{ key: 'L-18', username: 'eva', kind: 'personal', email: 'eva.berg@example.se', rights: ['ACC', 'ADMIN'], personKeys: ['P-4'] }],
    },
    response: { org: legacyOrg, persons: 1, logins: 1 },
  },
  'GET /orgs/{orgId}/conversion': {
    operationId: 'getConversion',
    summary: 'The open conversion of a legacy customer',
    description: `R-I2…R-I5: the plan with its first pages, counts, seats and the wizard’s step. ${who}`,
    errors: ['not_found', 'forbidden'],
    response: conversion,
  },
  'POST /orgs/{orgId}/conversion': {
    operationId: 'openConversion',
    summary: 'Open (or resume) the conversion',
    description: `R-I2: computes the plan from the legacy record (201), or answers the caller’s open one (200). One open conversion per administrator (\`conversion_in_progress\` names it). ${who}`,
    errors: ['not_found', 'forbidden', 'already_converted', 'conversion_in_progress'],
    response: conversion,
  },
  'PATCH /orgs/{orgId}/conversion': {
    operationId: 'setConversionStep',
    summary: 'Move the wizard to a step',
    description: `R-I2: the step is kept on the server, so a reload or another browser resumes there. ${who}`,
    errors: ['not_found', 'forbidden', 'already_converted'],
    request: { step: 'summary' },
    response: { ...conversion, step: 'summary' },
  },
  'DELETE /orgs/{orgId}/conversion': {
    operationId: 'abandonConversion',
    summary: 'Abandon the open conversion',
    description: `R-I7: drops the plan; the customer stays legacy. ${who}`,
    errors: ['not_found', 'forbidden', 'already_converted'],
  },
  'GET /orgs/{orgId}/conversion/conflicts': {
    operationId: 'listConversionConflicts',
    summary: 'The plan’s conflicts, paged',
    description: `R-I3: shared logins, logins without e-mail, two logins with one e-mail; \`open=true\` for the unresolved. ${who}`,
    errors: ['not_found', 'forbidden'],
    response: pageExample([conflict]),
  },
  'PUT /orgs/{orgId}/conversion/conflicts/{conflictId}': {
    operationId: 'resolveConversionConflict',
    summary: 'Resolve one conflict',
    description: `R-I3: each person of the conflict becomes a user (with an e-mail no other user of the plan has) or a person without user; bumps \`version\`. ${who}`,
    errors: ['not_found', 'forbidden', 'already_converted'],
    request: {
      decisions: [
        { personKey: 'P-3', becomes: 'user', email: 'erik.berg@example.se' },
        { personKey: 'P-4', becomes: 'person' },
      ],
    },
    response: { ...conversion, version: 4 },
  },
  'GET /orgs/{orgId}/conversion/users': {
    operationId: 'listConversionUsers',
    summary: 'The users the conversion will create, paged',
    description: `R-I5: each with type, packages and modules proposed from the legacy rights (SPEC §2 rights map). ${who}`,
    errors: ['not_found', 'forbidden'],
    response: pageExample([planUser]),
  },
  'PATCH /orgs/{orgId}/conversion/users/{key}': {
    operationId: 'editConversionUser',
    summary: 'Edit one proposed user',
    description: `R-I5: type, packages and modules of one resulting user; bumps \`version\`. ${who}`,
    errors: ['not_found', 'forbidden', 'already_converted'],
    request: { packages: ['base-accounting'], modules: [{ key: 'payroll' }] },
    response: { ...conversion, version: 5 },
  },
  'GET /orgs/{orgId}/conversion/deactivations': {
    operationId: 'listConversionDeactivations',
    summary: 'The logins the conversion deactivates, paged',
    description: `R-I4: logins with no mappable rights and integration logins, with the warning that integrations using them stop. ${who}`,
    errors: ['not_found', 'forbidden'],
    response: pageExample([
      { loginKey: 'L-90', username: 'api-integration', reason: 'integration', warning: 'Integrations using api-integration stop working.' },
    ]),
  },
  'POST /orgs/{orgId}/conversion/apply': {
    operationId: 'applyConversion',
    summary: 'Apply the conversion (irreversible)',
    description: `R-I6: one transaction, all or nothing, for the plan of \`version\`: users created and invited, persons kept, logins deactivated, the organisation \`current\`, the before-state in the audit event, a \`conversion_applied\` notification (R-K2). \`orderMissingSeats\` orders the shortfall where the caller may order licenses (R-I7). Answers the organisation and the first 500 users. ${who}`,
    errors: ['not_found', 'forbidden', 'plan_outdated', 'conflicts_unresolved', 'license_limit_reached', 'already_converted', 'already_member'],
    request: { version: 5, orderMissingSeats: true },
    response: { org: orgExample, users: [userExample], usersTotal: 11 },
  },
};
