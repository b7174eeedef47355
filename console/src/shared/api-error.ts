export interface FieldProblem {
  path: string;
  /** The stable field code (docs/api.md); translated in errors.json `fields`. */
  code?: string;
  message: string;
}

export interface ProblemBody {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: FieldProblem[];
  [extension: string]: unknown;
}

/** A failed API call, parsed from RFC 9457 problem+json. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly title: string;
  readonly detail: string | null;
  readonly errors: FieldProblem[];
  /** Seconds from the Retry-After header (429), when given. */
  readonly retryAfter: number | null;
  readonly body: ProblemBody;

  constructor(status: number, body: ProblemBody, retryAfter: number | null = null) {
    super(body.title ?? body.code ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code ?? (status === 0 ? 'network_error' : 'http_error');
    this.title = body.title ?? '';
    this.detail = body.detail ?? null;
    this.errors = Array.isArray(body.errors) ? body.errors : [];
    this.retryAfter = retryAfter;
    this.body = body;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}
