/** The one list of problem codes (STYLE: a code's meaning never changes). code → HTTP status and title. */
export const ERROR_CODES = {
  validation_failed: [400, 'The request is not valid'],
  malformed_request: [400, 'The request body could not be read'],
  invalid_business_id: [400, 'The business id is not valid for the country'],
  invalid_token: [400, 'The link is invalid, used or expired'],
  unauthenticated: [401, 'Sign-in required'],
  invalid_credentials: [401, 'Wrong e-mail or password'],
  csrf_failed: [403, 'Missing or wrong CSRF token'],
  sign_in_refused: [403, 'Sign-in is not allowed for this account'],
  forbidden: [403, 'You may not do this'],
  not_found: [404, 'Not found'],
  method_not_allowed: [405, 'Method not allowed'],
  duplicate_business_id: [409, 'An organisation with this business id already exists'],
  email_taken: [409, 'An account with this e-mail already exists'],
  conflict: [409, 'The change conflicts with the current state'],
  payload_too_large: [413, 'The request body is too large'],
  uri_too_long: [414, 'The address is too long'],
  unsupported_media_type: [415, 'Unsupported content type'],
  not_eligible: [422, 'Not eligible'],
  too_many_attempts: [429, 'Too many attempts; try again later'],
  license_limit_reached: [409, 'Not enough licenses'],
  license_in_use: [409, 'Licenses are in use'],
  not_in_registry: [404, 'Not found in the business registry'],
  registry_unavailable: [503, 'The business registry does not answer'],
  data_dir_locked: [500, 'The data directory is in use'],
  dev_mailbox_disabled: [404, 'The dev mailbox is not available'],
  internal_error: [500, 'Internal error'],
} as const satisfies Record<string, readonly [number, string]>;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface FieldError { path: string; message: string }

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
  constructor(readonly code: ErrorCode, readonly options: AppErrorOptions = {}) {
    super(options.detail ?? ERROR_CODES[code][1]);
    this.status = ERROR_CODES[code][0];
    this.title = ERROR_CODES[code][1];
  }
}

export function problemOf(code: ErrorCode, options: AppErrorOptions = {}) {
  const [status, title] = ERROR_CODES[code];
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
