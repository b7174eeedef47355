/**
 * The one list of problem codes (STYLE: a code's meaning never changes): code → HTTP status, title and a
 * one-sentence meaning. docs/api.md's table of codes is generated from here (`npm run docs:errors`).
 */
export const ERROR_CODES = {
  validation_failed: {
    status: 400,
    title: 'The request is not valid',
    meaning: 'One or more fields are wrong; `errors` lists every one by path, each with a field code.',
  },
  malformed_request: {
    status: 400,
    title: 'The request body could not be read',
    meaning: 'The body is not well-formed JSON, or the request itself is broken.',
  },
  invalid_business_id: {
    status: 400,
    title: 'The business id is not valid for the country',
    meaning: 'The business id has the wrong form or check digit for its country (field `businessId`).',
  },
  invalid_token: {
    status: 400,
    title: 'The link is invalid, used or expired',
    meaning: 'The invitation or password-reset token is unknown, already used, replaced or expired.',
  },
  unauthenticated: { status: 401, title: 'Sign-in required', meaning: 'No valid session cookie or API token came with the request.' },
  invalid_credentials: { status: 401, title: 'Wrong e-mail or password', meaning: 'The e-mail and password do not match an account.' },
  csrf_failed: { status: 403, title: 'Missing or wrong CSRF token', meaning: "A cookie-authenticated write came without the session's `X-CSRF-Token`." },
  sign_in_refused: {
    status: 403,
    title: 'Sign-in is not allowed for this account',
    meaning: 'The password is right but the account is disabled, inactive or past its sign-in end date.',
  },
  forbidden: { status: 403, title: 'You may not do this', meaning: 'The caller sees the resource but lacks the right for this action.' },
  not_found: { status: 404, title: 'Not found', meaning: 'No such resource, or it belongs to an organisation the caller cannot see.' },
  method_not_allowed: { status: 405, title: 'Method not allowed', meaning: 'The path exists but not with this HTTP method.' },
  duplicate_business_id: {
    status: 409,
    title: 'An organisation with this business id already exists',
    meaning: 'Another organisation already has this country and business id.',
  },
  email_taken: { status: 409, title: 'An account with this e-mail already exists', meaning: 'Another account already has this e-mail address.' },
  already_member: {
    status: 409,
    title: 'The account is already a user of this organisation',
    meaning: 'The account already has a membership in this organisation; change that user instead.',
  },
  not_applicable_to_person: {
    status: 409,
    title: 'Not possible for a person without user',
    meaning: 'A person without user has no sign-in, access or password, so this action does not apply.',
  },
  already_inactive: { status: 409, title: 'The user is already inactive', meaning: 'The user was deactivated before; it can be reactivated instead.' },
  not_inactive: { status: 409, title: 'The user is not inactive', meaning: 'Only an inactive user is reactivated or has its dormant roles removed.' },
  action_not_applicable: {
    status: 409,
    title: 'The action does not apply to this user now',
    meaning:
      'The user is in a state where the action makes no sense (a password reset for an invited, expired or inactive user, removing access from a user who holds none); `detail` says why and what to do instead.',
  },
  edited_at_home: {
    status: 409,
    title: "The partner's name is edited by its home organisation",
    meaning:
      "A partner member's name belongs to its account and is changed only at the account's home organisation (`homeOrg`), where the change reaches every organisation.",
  },
  member_inactive: { status: 409, title: 'The user is inactive', meaning: 'An inactive user gets no new roles; reactivate it first.' },
  not_invited: {
    status: 409,
    title: 'The user has no pending invitation',
    meaning: 'Only a user who has not yet accepted an invitation and is not inactive or expired is invited again.',
  },
  conflict: {
    status: 409,
    title: 'The change conflicts with the current state',
    meaning:
      'A record with the same unique key already exists and no more specific code covers it, or a concurrent change kept winning the same rows (a deadlock after retries); reload and try again.',
  },
  payload_too_large: { status: 413, title: 'The request body is too large', meaning: 'The body is above the size limit.' },
  uri_too_long: { status: 414, title: 'The address is too long', meaning: 'The URL is above the length limit.' },
  request_header_too_large: {
    status: 431,
    title: 'The request head is too large',
    meaning: 'The request line and headers together (a long query string, many cookies) are above 16 KiB.',
  },
  unsupported_media_type: { status: 415, title: 'Unsupported content type', meaning: 'The body is not `application/json` where JSON is expected.' },
  not_eligible: {
    status: 422,
    title: 'Not eligible',
    meaning: "The person cannot be given this kind of access (a reseller user must be an active employee of the client's agency).",
  },
  too_many_attempts: { status: 429, title: 'Too many attempts; try again later', meaning: 'Too many failed sign-ins; `Retry-After` says when to try again.' },
  license_limit_reached: {
    status: 409,
    title: 'Not enough licenses',
    meaning: 'The change needs more seats than the pools have; `modules` lists each short module.',
  },
  office_name_taken: {
    status: 409,
    title: 'The organisation already has an office with this name',
    meaning: 'Office names are unique within an organisation, in any letter case (field `name`).',
  },
  office_in_use: {
    status: 409,
    title: 'Users are placed at this office',
    meaning: 'An office that users are placed at is removed only with `clearPlacements=true`; `users` says how many are placed there.',
  },
  license_in_use: { status: 409, title: 'Licenses are in use', meaning: 'An order would lower seats below the number in use; `modules` lists each module.' },
  conflicts_unresolved: {
    status: 409,
    title: 'The conversion has unresolved conflicts',
    meaning: 'Apply waits until every conflict of the conversion is resolved; `conflicts` lists the open ones.',
  },
  plan_outdated: {
    status: 409,
    title: 'The conversion plan has changed',
    meaning: 'The plan changed since the `version` the caller saw (every edit bumps it); reload it, check it and apply again.',
  },
  already_converted: {
    status: 409,
    title: 'The organisation is already converted',
    meaning: 'The organisation is on the current permission model; a conversion is applied only once.',
  },
  conversion_in_progress: {
    status: 409,
    title: 'A conversion is already open',
    meaning: 'The caller has another conversion open, or another administrator has this one open; `conversion` names it.',
  },
  not_in_registry: {
    status: 404,
    title: 'Not found in the business registry',
    meaning: "The country's business registry has no company with this id (or the country has no open registry).",
  },
  registry_unavailable: {
    status: 503,
    title: 'The business registry does not answer',
    meaning: 'The business registry timed out or answered with an error; try again later.',
  },
  database_unavailable: {
    status: 503,
    title: 'The database is unavailable',
    meaning:
      'The server cannot reach its database (restarting, failing over or down); nothing was changed. `Retry-After` says when to try again; the server recovers by itself.',
  },
  data_dir_locked: { status: 500, title: 'The data directory is in use', meaning: 'Another server process holds the PGlite data directory (start-up only).' },
  dev_mailbox_disabled: { status: 404, title: 'The dev mailbox is not available', meaning: 'The development mailbox is switched off on this server.' },
  too_many_matching: {
    status: 400,
    title: 'The filter matches too many users',
    meaning: 'A bulk action by filter matches more users than one request may change (1,000); narrow the filter and run it in parts.',
  },
  last_administrator: {
    status: 409,
    title: 'The last administrator stays',
    meaning:
      'The change would leave the organisation with no active system administrator (user-admin); add another administrator first, or ask a platform operator.',
  },
  mfa_required: {
    status: 403,
    title: 'Two-step verification required',
    meaning:
      'A second factor is required and this session or token did not pass one: the organisation requires it (`orgId`), the platform requires it of operators in production (`operator: true`), or changing factors needs it. Sign in with one, or set one up under /me/mfa.',
  },
  mfa_already_set_up: {
    status: 409,
    title: 'The authenticator app is already set up',
    meaning: 'An authenticator app is set up already; remove it before setting up another.',
  },
  mfa_invalid: { status: 401, title: 'Wrong verification code', meaning: 'The one-time code, recovery code or passkey answer is wrong, used or expired.' },
  internal_error: { status: 500, title: 'Internal error', meaning: 'A bug on the server; the details are in its log.' },
} as const satisfies Record<string, { status: number; title: string; meaning: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * Codes of field errors (`errors[].code` of validation_failed and friends), stable like problem codes: code →
 * meaning. zod issues are mapped onto the first ones (kernel/http.ts); the rest come from the services.
 */
export const FIELD_CODES = {
  required: 'The field is missing or empty.',
  wrong_type: 'The value has the wrong JSON type (e.g. a number where text is expected).',
  too_short: 'The text or list is shorter than its minimum.',
  too_long: 'The text or list is longer than its maximum.',
  too_small: 'The number is below its minimum.',
  too_large: 'The number is above its maximum.',
  invalid_format: 'The text does not have the expected form (e.g. an id, a date or a business id).',
  invalid_email: 'The text is not an e-mail address.',
  invalid_choice: 'The value is not one of the allowed values.',
  invalid_character: 'The text contains a character that is not allowed (a NUL).',
  unknown_field: 'The field is not part of the request (misspelt or not allowed here).',
  invalid_value: 'The value is not valid for another reason; the message says why.',
  invalid_cursor: 'The paging cursor is forged, stale or from another list.',
  wrong_check_digit: 'The check digit of the business id is wrong.',
  taken: 'Another record already has this value.',
  unknown_package: 'No package with this key.',
  unknown_module: 'No module with this key.',
  unknown_role: 'No role with this key.',
  unknown_account: 'No account with this id.',
  unknown_org: 'No organisation with this id that you may use here.',
  unknown_agency: 'No agency with this id.',
  unknown_target: 'No project or site with this id in the organisation.',
  archived: 'The project or site is archived.',
  not_licensed: 'The module is not sold with seats.',
  not_for_type: 'The value is not allowed for this type of user or kind of organisation.',
  not_for_scope: 'The value does not belong to this scope (organisation, project or site).',
  not_changeable: 'The value is fixed once the user exists.',
  ends_before_start: 'The end date is before the start date.',
  in_past: 'The date has already passed; the record would end before it starts to matter.',
  not_historic: 'A historic record needs an end date that has passed.',
  unknown_person: 'No person with this key in the same legacy import.',
  duplicate_key: 'Another item of the same list has this key.',
  resellers_remain: 'The client still has reseller users of its agency; remove them before it changes agency.',
  not_home_office: "Not an office of the user's home organisation (a partner is placed at an office of their own company).",
} as const satisfies Record<string, string>;

export type FieldCode = keyof typeof FIELD_CODES;

export interface FieldError {
  path: string;
  code: FieldCode;
  message: string;
}

export interface AppErrorOptions {
  detail?: string;
  errors?: FieldError[];
  /** Extension members written into the problem document (e.g. modules for license problems). */
  extra?: Record<string, unknown>;
  headers?: Record<string, string>;
}

export class AppError extends Error {
  readonly status: number;
  readonly title: string;
  constructor(
    readonly code: ErrorCode,
    readonly options: AppErrorOptions = {},
  ) {
    super(options.detail ?? ERROR_CODES[code].title);
    this.status = ERROR_CODES[code].status;
    this.title = ERROR_CODES[code].title;
  }
}

export function problemOf(code: ErrorCode, options: AppErrorOptions = {}) {
  const { status, title } = ERROR_CODES[code];
  return {
    type: `https://nyckel.dev/problems/${code.replace(/_/g, '-')}`,
    title,
    status,
    code,
    detail: options.detail ?? title,
    ...(options.errors ? { errors: options.errors } : {}),
    ...(options.extra ?? {}),
  };
}
