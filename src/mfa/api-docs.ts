import { EX } from '../kernel/api-examples.js';
import type { ApiDocs } from '../kernel/openapi.js';
import { accountExample } from '../auth/api-docs.js';

const challenge = 'bWZhLWNoYWxsZW5nZS10b2tlbi1leGFtcGxl';
const session = { account: accountExample, csrfToken: 'b3JmZWxpbmUtY3NyZi10b2tlbi1leGFtcGxl' };
const credential = { id: 'cGFzc2tleS1pZA', rawId: 'cGFzc2tleS1pZA', type: 'public-key', response: {} };
const options = { challenge: 'Y2hhbGxlbmdlLWZyb20tbnlja2Vs', timeout: 60000, rpId: 'nyckel.example' };
const setCookie = { 'Set-Cookie': { description: 'The session, as after POST /auth/login.', schema: { type: 'string' } } };
const signIn = (what: string) =>
  `Issue 11: sign-in step 2. POST /auth/login answered \`{mfa: {token, methods}}\` for an account with a second factor; ${what} with that token (valid 5 minutes) opens the session. Five wrong answers end the challenge, ten per account in 15 minutes lock the second step.`;

/** Two-step verification (issue 11): sign-in step 2, the caller's own factors, an organisation's requirement. */
export const mfaApiDocs: ApiDocs = {
  'POST /auth/mfa/totp': {
    operationId: 'signInWithTotp',
    summary: 'Sign-in step 2: a code from the authenticator app',
    description: signIn('a 6-digit TOTP code'),
    errors: ['mfa_invalid', 'too_many_attempts'],
    request: { token: challenge, code: '492039' },
    response: session,
    headers: setCookie,
  },
  'POST /auth/mfa/recovery': {
    operationId: 'signInWithRecoveryCode',
    summary: 'Sign-in step 2: a recovery code',
    description: signIn('one of the recovery codes (each works once)'),
    errors: ['mfa_invalid', 'too_many_attempts'],
    request: { token: challenge, code: 'k7qp-2mxd-9fhr' },
    response: session,
    headers: setCookie,
  },
  'POST /auth/mfa/webauthn/options': {
    operationId: 'passkeySignInOptions',
    summary: 'Sign-in step 2: options for a passkey',
    description: signIn('the options for `navigator.credentials.get` are asked'),
    errors: ['mfa_invalid', 'too_many_attempts'],
    request: { token: challenge },
    response: options,
  },
  'POST /auth/mfa/webauthn': {
    operationId: 'signInWithPasskey',
    summary: 'Sign-in step 2: a passkey',
    description: signIn('the passkey’s answer (WebAuthn JSON, verified by @simplewebauthn/server)'),
    errors: ['mfa_invalid', 'too_many_attempts'],
    request: { token: challenge, response: credential },
    response: session,
    headers: setCookie,
  },
  'GET /me/mfa': {
    operationId: 'getMyMfa',
    summary: 'The caller’s second factors',
    description: 'R-G1 (sign-in), issue 11: authenticator app set up or not, passkeys, recovery codes left, whether this session passed a second factor.',
    response: {
      totp: true,
      passkeys: [{ id: 'cGFzc2tleS1pZA', name: 'Laptop', createdAt: EX.at, lastUsedAt: null }],
      recoveryCodesLeft: 9,
      verified: true,
      operatorRequired: false,
    },
  },
  'POST /me/mfa/totp': {
    operationId: 'startTotpEnrolment',
    summary: 'Start setting up an authenticator app',
    description: 'R-G1 (sign-in), issue 11: a new TOTP secret and its `otpauth:` URI, confirmed with a code by POST /me/mfa/totp/confirm.',
    errors: ['mfa_already_set_up', 'mfa_required'],
    response: { secret: 'JBSWY3DPEHPK3PXP', uri: 'otpauth://totp/Nyckel:maija.virtanen%40example.fi?secret=JBSWY3DPEHPK3PXP&issuer=Nyckel' },
  },
  'POST /me/mfa/totp/confirm': {
    operationId: 'confirmTotp',
    summary: 'Confirm the authenticator app with a code',
    description: 'R-G1 (sign-in), issue 11: the first factor brings recovery codes, shown once; this session counts as verified.',
    errors: ['mfa_invalid', 'mfa_already_set_up', 'not_found'],
    request: { code: '492039' },
    response: { recoveryCodes: ['k7qp-2mxd-9fhr', 'w3ze-8tnb-4cka'] },
  },
  'DELETE /me/mfa/totp': {
    operationId: 'removeTotp',
    summary: 'Remove the authenticator app',
    description: 'R-G1 (sign-in), issue 11: needs a session that passed a second factor.',
    errors: ['mfa_required', 'not_found'],
  },
  'POST /me/mfa/recovery-codes': {
    operationId: 'regenerateRecoveryCodes',
    summary: 'New recovery codes',
    description: 'R-G1 (sign-in), issue 11: replaces every recovery code; the new ones are shown once.',
    errors: ['mfa_required', 'not_found'],
    response: { recoveryCodes: ['k7qp-2mxd-9fhr', 'w3ze-8tnb-4cka'] },
  },
  'POST /me/mfa/webauthn/options': {
    operationId: 'passkeyRegistrationOptions',
    summary: 'Options for registering a passkey',
    description: 'R-G1 (sign-in), issue 11: the options for `navigator.credentials.create`.',
    errors: ['mfa_required'],
    response: options,
  },
  'POST /me/mfa/webauthn': {
    operationId: 'registerPasskey',
    summary: 'Register a passkey',
    description: 'R-G1 (sign-in), issue 11: the authenticator’s answer, verified by @simplewebauthn/server; the first factor brings recovery codes.',
    errors: ['mfa_invalid', 'mfa_required'],
    request: { name: 'Laptop', response: credential },
    response: { id: 'cGFzc2tleS1pZA', recoveryCodes: null },
  },
  'DELETE /me/mfa/webauthn/{id}': {
    operationId: 'removePasskey',
    summary: 'Remove a passkey',
    description: 'R-G1 (sign-in), issue 11: needs a session that passed a second factor.',
    errors: ['mfa_required', 'not_found'],
  },
  'GET /orgs/{orgId}/mfa-policy': {
    operationId: 'getOrgMfaPolicy',
    summary: 'Whether the organisation requires two-step verification',
    description: 'R-G1 (sign-in), issue 11, R-J1: readable by anybody who can open the organisation.',
    errors: ['not_found'],
    response: { required: true },
  },
  'PUT /orgs/{orgId}/mfa-policy': {
    operationId: 'setOrgMfaPolicy',
    summary: 'Require two-step verification of the organisation’s members',
    description:
      'R-G1 (sign-in), R-J1, issue 11: a system administrator of the organisation (or an operator) requires a second factor of its members; turning it on needs the caller’s own verified session. Members without one get `mfa_required` for anything in the organisation. Audited.',
    errors: ['not_found', 'forbidden', 'mfa_required'],
    request: { required: true },
    response: { required: true },
  },
};
