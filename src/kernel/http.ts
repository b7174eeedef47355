import { createServer } from 'node:http';
import type { Socket } from 'node:net';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { AppError, FIELD_CODES, problemOf, type ErrorCode, type FieldCode, type FieldError } from './errors.js';
import { isDatabaseUnavailable } from './db.js';
import { inRequestScope, queriesSoFar } from './request-scope.js';

/** Seconds a client waits before trying again while the database is away (a restart takes a few seconds). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

export type HttpApp = FastifyInstance;

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'malformed_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_attempts',
};

function sendProblem(reply: FastifyReply, code: ErrorCode, options: ConstructorParameters<typeof AppError>[1] = {}) {
  const problem = problemOf(code, options);
  if (options.headers) for (const [k, v] of Object.entries(options.headers)) reply.header(k, v);
  return reply.code(problem.status).type('application/problem+json').send(problem);
}

interface Issue {
  code?: string;
  keyword?: string;
  path?: (string | number)[];
  message?: string;
  keys?: string[];
  errors?: Issue[][];
  origin?: string;
  format?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  params?: { code?: unknown };
}

/** Of a union's branches, the one the caller meant: fewest unknown keys (a wrong shape), then the first declared. */
function likeliestBranch(branches: Issue[][]): Issue[] {
  const unknownKeys = (b: Issue[]) => b.filter((i) => i.code === 'unrecognized_keys').reduce((n, i) => n + (i.keys?.length ?? 0), 0);
  return [...branches].sort((a, b) => unknownKeys(a) - unknownKeys(b))[0] ?? [];
}

const isFieldCode = (code: unknown): code is FieldCode => typeof code === 'string' && code in FIELD_CODES;

/** A zod issue kind onto the small stable set of field codes (errors.ts FIELD_CODES); `missing`: no value was sent. */
function fieldCodeOf(issue: Issue, missing: boolean): FieldCode {
  const sized = issue.origin === 'string' || issue.origin === 'array' || issue.origin === 'set';
  switch (issue.code) {
    case 'invalid_type':
      return missing ? 'required' : 'wrong_type';
    case 'invalid_value':
      return missing ? 'required' : 'invalid_choice';
    case 'too_small':
      return !sized ? 'too_small' : Number(issue.minimum) <= 1 ? 'required' : 'too_short';
    case 'too_big':
      return sized ? 'too_long' : 'too_large';
    case 'invalid_format':
      return issue.format === 'email' ? 'invalid_email' : 'invalid_format';
    case 'invalid_key':
      return 'invalid_choice';
    case 'custom':
      return isFieldCode(issue.params?.code) ? issue.params.code : 'invalid_value';
    default:
      return 'invalid_value';
  }
}

/** The value sent at a path (undefined when absent), to tell a missing field from one of the wrong type. */
function valueAt(input: unknown, path: string[]): unknown {
  let at = input;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}

function issueErrors(issue: Issue, base: string[], prefix: string, input: unknown, out: FieldError[]) {
  const at = [...base, ...(issue.path ?? []).map(String)];
  const code = issue.code ?? issue.keyword;
  if (code === 'invalid_union' && issue.errors?.length) {
    for (const inner of likeliestBranch(issue.errors)) issueErrors(inner, at, prefix, input, out);
  } else if (code === 'unrecognized_keys' && issue.keys) {
    for (const key of issue.keys) out.push({ path: prefix + [...at, key].join('.'), code: 'unknown_field', message: 'Unknown field' });
  } else {
    const missing = valueAt(input, at) == null;
    out.push({ path: prefix + (at.join('.') || '(root)'), code: fieldCodeOf({ ...issue, code }, missing), message: issue.message ?? 'Invalid value' });
  }
}

type ValidationFailure = {
  validation: { instancePath: string; message?: string; keyword: string; params: Record<string, unknown> }[];
  validationContext?: string;
};

/** Every issue of a failed zod validation, by field path ("contractOwner.email"), with its field code; query/params get a prefix. */
function fieldErrors(error: ValidationFailure, req: FastifyRequest): FieldError[] {
  const context = error.validationContext ?? 'body';
  const prefix = context !== 'body' ? `${context}.` : '';
  const input = context === 'querystring' ? req.query : context === 'params' ? req.params : context === 'headers' ? req.headers : req.body;
  const out: FieldError[] = [];
  for (const v of error.validation) {
    const base = v.instancePath.replace(/^\//, '').split('/').filter(Boolean);
    issueErrors({ ...(v.params as Issue), code: v.keyword, message: v.message, path: [] }, base, prefix, input, out);
  }
  return out;
}

/** Unique constraints whose violation has a specific code (the rest answer the generic conflict). */
const UNIQUE_CONSTRAINTS: Record<string, ErrorCode> = {
  accounts_email_unique: 'email_taken',
  orgs_business_id_unique: 'duplicate_business_id',
  memberships_account_unique: 'already_member',
  conversions_open_by_unique: 'conversion_in_progress',
  offices_name: 'office_name_taken',
};

/** Postgres errors that user input can cause answer 4xx; anything else is our bug (500). */
function databaseProblem(err: { code?: string; constraint?: string }): ErrorCode | null {
  if (typeof err.code !== 'string' || err.code.length !== 5) return null;
  if (err.code === '23505') return (err.constraint && UNIQUE_CONSTRAINTS[err.constraint]) || 'conflict';
  if (err.code === '23503') return 'not_found';
  // A deadlock or serialization failure still refused after inTx's retries: a concurrent change won; try again.
  if (err.code === '40P01' || err.code === '40001') return 'conflict';
  if (err.code.startsWith('22')) return 'validation_failed';
  return null;
}

/**
 * Requests Node's parser refuses before Fastify sees them (a request head over 16 KiB, e.g. a long query string;
 * a broken request line) get a problem+json answer too, then the connection closes (Node's own behaviour).
 */
function clientErrorHandler(err: Error & { code?: string }, socket: Socket) {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const problem = problemOf(err.code === 'HPE_HEADER_OVERFLOW' ? 'request_header_too_large' : 'malformed_request');
  const body = JSON.stringify(problem);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${problem.status} ${problem.title}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/problem+json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}

/** Where strings of the input hold a NUL (PostgreSQL text cannot): "contractOwner.email", "modules.1.key", a key itself. */
function nulPaths(value: unknown, at: string[] = [], out: string[] = []): string[] {
  if (out.length >= 20) return out;
  if (typeof value === 'string') {
    if (value.includes('\u0000')) out.push(at.join('.') || '(root)');
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => nulPaths(v, [...at, String(i)], out));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes('\u0000')) out.push([...at, k].join('.'));
      else nulPaths(v, [...at, k], out);
    }
  }
  return out;
}

/**
 * zod validation (fastify-type-provider-zod) after one rule for every route: no NUL in any string of the body, query
 * or path, refused naming each field (`invalid_character`) instead of failing deep in a query.
 */
const nulSafeValidatorCompiler: typeof validatorCompiler = (route) => {
  const validate = validatorCompiler(route);
  const prefix = route.httpPart && route.httpPart !== 'body' ? `${route.httpPart}.` : '';
  return (data) => {
    const paths = nulPaths(data);
    if (!paths.length) return validate(data);
    return {
      error: new AppError('validation_failed', {
        errors: paths.map((p) => ({ path: prefix + p, code: 'invalid_character', message: 'Contains a NUL character' })),
      }),
    };
  };
};

export function createHttpServer(options: { logger: boolean; bodyLimit?: number; queryCountHeader?: boolean; trustedProxies?: string[] }): FastifyInstance {
  const app = Fastify({
    // Each request runs in its own scope (kernel/request-scope.ts): the statements it makes are counted there.
    serverFactory: (handler) => {
      const server = createServer((req, res) => inRequestScope(() => handler(req, res)));
      // What Fastify sets on a server it makes itself: keep-alive longer than clients' (undici: 4 s), no request cap.
      server.keepAliveTimeout = 72_000;
      server.requestTimeout = 0;
      return server;
    },
    logger: options.logger ? { level: 'info' } : false,
    bodyLimit: options.bodyLimit ?? 1_048_576,
    // X-Forwarded-For is believed only from configured proxies (NYCKEL_TRUSTED_PROXIES); anybody can send the header.
    trustProxy: options.trustedProxies?.length ? options.trustedProxies : false,
    routerOptions: { maxParamLength: 500 },
    clientErrorHandler,
    frameworkErrors: (err, _req, reply) => {
      const status = (err as FastifyError).statusCode ?? 400;
      sendProblem(reply, status === 414 ? 'uri_too_long' : (STATUS_CODES[status] ?? 'malformed_request'), { detail: err.message });
    },
  });
  if (options.queryCountHeader) {
    app.addHook('onSend', async (_req, reply) => {
      reply.header('x-nyckel-queries', String(queriesSoFar() ?? 0));
    });
  }
  app.setValidatorCompiler(nulSafeValidatorCompiler);
  // Errors of the router itself (a broken %-escape, an over-long path parameter) are problems too.
  app.setSerializerCompiler(serializerCompiler);

  app.setErrorHandler((err: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof AppError) return sendProblem(reply, err.code, err.options);
    if (hasZodFastifySchemaValidationErrors(err)) {
      return sendProblem(reply, 'validation_failed', { errors: fieldErrors(err as never, req) });
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err, issues: err.cause?.issues }, 'response does not match its schema');
      return sendProblem(reply, 'internal_error');
    }
    if (isDatabaseUnavailable(err)) {
      req.log.warn({ err }, 'database unavailable');
      return sendProblem(reply, 'database_unavailable', {
        headers: { 'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS) },
        extra: { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS },
      });
    }
    const dbCode = databaseProblem(err as { code?: string; constraint?: string });
    if (dbCode) return sendProblem(reply, dbCode, { detail: dbCode === 'validation_failed' ? 'A value is out of range or malformed' : undefined });
    const status = err.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return sendProblem(reply, STATUS_CODES[status] ?? 'malformed_request', { detail: err.message });
    }
    req.log.error({ err }, 'unhandled error');
    if (!options.logger) console.error(err);
    return sendProblem(reply, 'internal_error');
  });

  return app;
}

export { databaseProblem, sendProblem };
