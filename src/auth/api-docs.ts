import { EX, pageExample } from '../kernel/api-examples.js';
import type { ApiDocs } from '../kernel/openapi.js';

export const accountExample = {
  id: EX.accountId,
  email: 'maija.virtanen@example.fi',
  firstName: 'Maija',
  lastName: 'Virtanen',
  phone: '+358 40 123 4567',
  language: 'fi',
  homeOrgId: EX.orgId,
  active: true,
  loginValidUntil: null,
};
const myOrganisation = { id: EX.orgId, name: 'Aalto Rakennus Oy', kind: 'client', admin: true, programAdminOf: [] };
const csrfToken = 'b3JmZWxpbmUtY3NyZi10b2tlbi1leGFtcGxl';
const token = 'c2V0LXBhc3N3b3JkLXRva2VuLWZyb20tbWFpbA';

const setCookie = {
  'Set-Cookie': {
    description: 'The session: `nyckel_session=…; Path=/; HttpOnly; SameSite=Lax` (Secure behind https), for the configured session hours.',
    schema: { type: 'string' },
  },
};

/** Sign-in, links from mails, the caller's own account and API tokens (R-G1, R-G2, R-C13, R-C15, R-F3). */
export const authApiDocs: ApiDocs = {
  'POST /auth/login': {
    operationId: 'login',
    summary: 'Sign in with e-mail and password',
    description:
      'R-G1, R-G2: sets the httpOnly session cookie and answers the account with the CSRF token that every write with that cookie must send as `X-CSRF-Token`. Scripts may use an API token instead (POST /me/api-tokens). Failed sign-ins are throttled per address and IP before any password is hashed (`too_many_attempts` with `Retry-After`).',
    errors: ['invalid_credentials', 'sign_in_refused', 'too_many_attempts'],
    request: { email: 'maija.virtanen@example.fi', password: 'correct horse battery' },
    response: { account: accountExample, csrfToken },
    headers: setCookie,
  },
  'POST /auth/logout': {
    operationId: 'logout',
    summary: 'Sign out',
    description: 'R-G1: ends the session of the cookie (if any) and clears the cookie. Anonymous callers get the same answer.',
    headers: { 'Set-Cookie': { description: 'Clears `nyckel_session`.', schema: { type: 'string' } } },
  },
  'POST /auth/forgot-password': {
    operationId: 'forgotPassword',
    summary: 'Ask for a password reset link',
    description:
      'R-C13: mails a single-use reset link (valid 1 hour) when the address belongs to an account that may sign in. The answer is the same whether or not it does (no account enumeration).',
    errors: ['too_many_attempts'],
    request: { email: 'maija.virtanen@example.fi' },
    response: {},
  },
  'POST /auth/reset-password': {
    operationId: 'resetPassword',
    summary: 'Set a new password with a reset link',
    description: 'R-C13, R-G1: the token of the reset mail sets the password; the token is then used up.',
    errors: ['invalid_token'],
    request: { token, password: 'a new long passphrase' },
  },
  'POST /auth/link-status': {
    operationId: 'getLinkStatus',
    summary: 'What a mailed link is now',
    description:
      'R-C11, R-C12: whether an invitation or reset link is `valid` (with its account’s e-mail), `used`, `expired`, `withdrawn` (the access it was for ended: delete, deactivate, expiry) or `unknown` — so the page it opens says so before anybody types a password.',
    request: { token, purpose: 'invitation' },
    response: { state: 'valid', email: 'maija.virtanen@example.fi' },
  },
  'POST /auth/accept-invitation': {
    operationId: 'acceptInvitation',
    summary: 'Accept an invitation by setting a password',
    description: "R-C2, R-G1: the token of the invitation mail (valid 7 days, single use; a resent invitation replaces it) sets the new account's password.",
    errors: ['invalid_token'],
    request: { token, password: 'a new long passphrase' },
  },
  'GET /me': {
    operationId: 'getMe',
    summary: 'The caller: account, e-mail settings and first page of organisations',
    description:
      'R-F3, R-C15: the signed-in account with its language and e-mail settings, whether it is a platform operator, the CSRF token of the session (null with an API token) and the first 50 organisations (by name) it can open; the rest come from GET /me/organisations.',
    response: {
      account: accountExample,
      emailSettings: { accessNotices: true, productNews: false },
      operator: false,
      csrfToken,
      organisations: [myOrganisation],
      organisationsTotal: 1,
      organisationsNextCursor: null,
    },
  },
  'PATCH /me': {
    operationId: 'updateMe',
    summary: 'Change own names, phone, language or e-mail settings',
    description: 'R-F3, R-C15: changes only the fields sent; an empty body changes nothing.',
    request: { language: 'sv', emailSettings: { accessNotices: true, productNews: false } },
    response: { account: { ...accountExample, language: 'sv' }, emailSettings: { accessNotices: true, productNews: false } },
  },
  'GET /me/organisations': {
    operationId: 'listMyOrganisations',
    summary: 'The organisations the caller can open (paged)',
    description: 'R-L2, SPEC §5: every organisation the caller can open, by name, each with `admin` and `programAdminOf`; keyset pages of up to 500.',
    response: pageExample([myOrganisation]),
  },
  'GET /me/organisations/{orgId}': {
    operationId: 'getMyStanding',
    summary: "The caller's standing in one organisation",
    description:
      'R-J1: what a client may offer in one organisation (`admin`, `programAdminOf`, `contractOwner`, `agencyAdmin`, `member`). Only a hint: the server decides every request. 404 where the caller cannot open it.',
    errors: ['not_found'],
    response: { ...myOrganisation, contractOwner: false, agencyAdmin: false, member: true },
  },
  'POST /me/api-tokens': {
    operationId: 'createApiToken',
    summary: 'Create a personal API token',
    description:
      "SPEC §4: a token for scripts, sent as `Authorization: Bearer nyk_…` (no CSRF header needed). It acts as the caller with the caller's rights. The token is in this answer only; it is stored hashed.",
    request: { name: 'payroll sync' },
    response: { id: EX.tokenId, name: 'payroll sync', createdAt: EX.at, lastUsedAt: null, token: 'nyk_3q2x9VfA7bKc1LmN0pQrStUvWxYz' },
  },
  'GET /me/api-tokens': {
    operationId: 'listApiTokens',
    summary: "The caller's API tokens",
    description: "SPEC §4: name, creation and last use of each of the caller's tokens (never the token itself).",
    response: pageExample([{ id: EX.tokenId, name: 'payroll sync', createdAt: EX.at, lastUsedAt: EX.at }]),
  },
  'DELETE /me/api-tokens/{id}': {
    operationId: 'revokeApiToken',
    summary: 'Revoke an API token',
    description: "SPEC §4: the token stops working at once. Another account's token is 404.",
    errors: ['not_found'],
  },
};
