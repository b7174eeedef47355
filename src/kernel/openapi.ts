import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import type { SwaggerTransformObject } from '@fastify/swagger';
import { ERROR_CODES, FIELD_CODES, problemOf, type ErrorCode } from './errors.js';

/*
 * The OpenAPI document's per-operation documentation (issue 13, SPEC §4). Routes declare only HTTP and zod schemas;
 * each capability keeps the words for its operations in its own `api-docs.ts` (entries keyed by "METHOD /path",
 * the path as the document spells it below /api/v1), app.ts collects them, and the two functions here apply them:
 * `documentedTransform` per route (operationId, summary, description, security from `config.auth`) and
 * `documentedObject` over the whole document (every problem a route can answer, examples, headers, the CSRF header).
 * Problem codes, statuses and meanings come from errors.ts, so the document cannot drift from the registry.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
/** "METHOD /path" with the path below /api/v1 as OpenAPI spells it: `POST /orgs/{orgId}/users`. */
export type OperationKey = `${HttpMethod} /${string}`;

export interface HeaderDoc {
  description: string;
  schema?: Record<string, unknown>;
}

export interface OperationDoc {
  /** Stable: generated clients name their functions after it (`listUsers`). */
  operationId: string;
  summary: string;
  /** Markdown; names the requirement ids (R-…) the operation serves. */
  description: string;
  /**
   * Problem codes the operation's own rules answer. Those every operation of its kind can answer are added by
   * `commonCodes` (malformed and invalid input, sign-in, CSRF, limits, internal_error).
   */
  errors?: ErrorCode[];
  /** An example request body (validated against the body's schema by the linter and a test). */
  request?: unknown;
  /** An example body of the success answer. */
  response?: unknown;
  /** Headers of the success answer. */
  headers?: Record<string, HeaderDoc>;
  /**
   * Rules the service adds to the route's zod body, stated in the document: gets the generated JSON Schema of the
   * body and answers the documented one (e.g. POST …/users: one shape per user type). Stricter, never looser.
   */
  requestSchema?: (generated: Record<string, any>) => Record<string, any>;
  /** A download: the success answer's media type (its body is binary). */
  download?: { mediaType: string; description: string };
}

export type ApiDocs = Partial<Record<OperationKey, OperationDoc>>;

/** The API's base path: document paths and operation keys differ by it. */
export const API_PREFIX = '/api/v1';

/** 'public': anyone, cookies not read; 'optional': anonymous callers too, the service decides; unset: sign-in required. */
export type AuthMode = 'public' | 'optional' | undefined;

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The key of a route or document operation: method and path below /api/v1, `{param}` style. */
export function operationKey(method: string, url: string): OperationKey {
  const path = url.startsWith(API_PREFIX) ? url.slice(API_PREFIX.length) : url;
  return `${method.toUpperCase() as HttpMethod} ${path.replace(/:(\w+)/g, '{$1}')}` as OperationKey;
}

interface RouteShape {
  method: string;
  auth: AuthMode;
  params: boolean;
  query: boolean;
  body: boolean;
  /** The path names an organisation: its MFA requirement applies to every operation there (issue 11). */
  orgScoped?: boolean;
}

/** The codes every operation of a kind can answer, whatever its own rules. */
export function commonCodes(r: RouteShape): ErrorCode[] {
  const codes: ErrorCode[] = ['malformed_request', 'request_header_too_large', 'internal_error', 'database_unavailable'];
  if (r.params || r.query || r.body) codes.push('validation_failed');
  if (r.params) codes.push('uri_too_long');
  if (WRITES.has(r.method)) codes.push('payload_too_large', 'unsupported_media_type');
  if (r.auth !== 'public') codes.push('unauthenticated');
  if (r.auth !== 'public' && WRITES.has(r.method)) codes.push('csrf_failed');
  if (r.orgScoped && r.auth !== 'public') codes.push('mfa_required');
  return codes;
}

const X_AUTH = 'x-nyckel-auth';

type TransformInput = Parameters<typeof jsonSchemaTransform>[0] & { route: { method: string | string[]; config?: { auth?: AuthMode } } };

/**
 * @fastify/swagger's per-route `transform`: the zod → JSON Schema transform, then the route's documentation entry
 * and its security (`config.auth: 'public'` → `security: []`; 'optional' → anonymous allowed as well).
 */
export function documentedTransform(docs: ApiDocs) {
  return (input: TransformInput) => {
    const out = jsonSchemaTransform(input);
    const schema = { ...(out.schema as Record<string, unknown>) };
    if (schema.hide) return out;
    const method = Array.isArray(input.route.method) ? input.route.method[0] : input.route.method;
    const doc = docs[operationKey(method, input.url)];
    if (doc) Object.assign(schema, { operationId: doc.operationId, summary: doc.summary, description: doc.description });
    const auth = input.route.config?.auth;
    if (auth === 'public') schema.security = [];
    if (auth === 'optional') schema.security = [{}, { session: [] }, { bearer: [] }];
    schema[X_AUTH] = auth ?? 'required';
    return { ...out, schema };
  };
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthenticated',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  413: 'Payload too large',
  414: 'URI too long',
  415: 'Unsupported media type',
  422: 'Unprocessable',
  429: 'Too many requests',
  431: 'Request header fields too large',
  500: 'Internal error',
  503: 'Service unavailable',
};

/** An example problem document of a code, as the server writes it. */
export function problemExample(code: ErrorCode) {
  if (code === 'validation_failed') return problemOf(code, { errors: [{ path: 'email', code: 'invalid_email', message: 'Invalid email address' }] });
  if (code === 'license_limit_reached' || code === 'license_in_use')
    return problemOf(code, { extra: { modules: [{ module: 'accounting', seats: 10, inUse: 10, needed: 1 }] } });
  if (code === 'too_many_attempts') return problemOf(code, { extra: { retryAfterSeconds: 60 } });
  if (code === 'database_unavailable') return problemOf(code, { extra: { retryAfterSeconds: 5 } });
  return problemOf(code);
}

/** components of the document: Problem (RFC 9457 + code + errors), FieldError, the CSRF header parameter. */
export function apiComponents() {
  return {
    schemas: {
      FieldError: {
        type: 'object',
        description: 'One wrong field of a request: its path (`contractOwner.email`, `querystring.limit`, `modules.1.key`) and a stable field code.',
        properties: {
          path: { type: 'string' },
          code: { type: 'string', enum: Object.keys(FIELD_CODES), description: 'Stable field code (docs/api.md lists their meanings).' },
          message: { type: 'string', description: 'English, for scripts and logs; clients translate by `code`.' },
        },
        required: ['path', 'code', 'message'],
      },
      LicenseShortage: {
        type: 'object',
        properties: { module: { type: 'string' }, seats: { type: 'integer' }, inUse: { type: 'integer' }, needed: { type: 'integer' } },
        required: ['module', 'seats', 'inUse', 'needed'],
      },
      Problem: {
        type: 'object',
        description:
          'RFC 9457 problem details with a stable `code` (its meaning never changes; a new situation gets a new code). Extension members depend on the code: `errors` (validation_failed and business-id problems), `modules` (license problems), `orgId` (duplicate_business_id from the registry flow), `retryAfterSeconds` (too_many_attempts, database_unavailable).',
        properties: {
          type: { type: 'string', format: 'uri', description: 'https://nyckel.dev/problems/<code with dashes>' },
          title: { type: 'string', description: "The code's title (fixed per code)." },
          status: { type: 'integer', minimum: 400, maximum: 599 },
          detail: { type: 'string', description: 'English, for this occurrence.' },
          code: { type: 'string', enum: Object.keys(ERROR_CODES) },
          errors: { type: 'array', items: { $ref: '#/components/schemas/FieldError' } },
          modules: {
            type: 'array',
            description: 'license_limit_reached, license_in_use: each short module; forbidden on a grant: the modules not yours to grant (keys).',
            items: { anyOf: [{ $ref: '#/components/schemas/LicenseShortage' }, { type: 'string' }] },
          },
          orgId: { type: 'string', format: 'uuid', description: 'duplicate_business_id from POST /orgs {fromRegistry}: the organisation already in Nyckel.' },
          retryAfterSeconds: { type: 'integer', description: 'too_many_attempts, database_unavailable: as the Retry-After header.' },
          database: { type: 'string', enum: ['down'], description: 'database_unavailable from GET /health: the part that is down.' },
        },
        required: ['type', 'title', 'status', 'detail', 'code'],
      },
    },
    parameters: {
      CsrfToken: {
        name: 'X-CSRF-Token',
        in: 'header',
        required: false,
        description:
          'Required on every write made with the session cookie: the `csrfToken` of POST /auth/login or GET /me (403 csrf_failed without it). Not needed with `Authorization: Bearer`.',
        schema: { type: 'string' },
      },
    },
    headers: {
      RetryAfter: {
        description: 'Seconds until the request may be tried again (too_many_attempts: sign-in; database_unavailable: the database).',
        schema: { type: 'integer' },
      },
    },
  };
}

type Json = Record<string, any>;

/** The problem answers of an operation: one response per status, each listing its codes (and their meanings) and an example per code. */
function problemResponses(codes: ErrorCode[]) {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of [...new Set(codes)]) {
    const { status } = ERROR_CODES[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const out: Json = {};
  for (const [status, list] of [...byStatus].sort((a, b) => a[0] - b[0])) {
    const response: Json = {
      description: `${STATUS_TEXT[status] ?? 'Problem'}: ${list.map((c) => `\`${c}\` — ${ERROR_CODES[c].meaning}`).join(' ')}`,
      content: {
        'application/problem+json': {
          schema: { allOf: [{ $ref: '#/components/schemas/Problem' }, { type: 'object', properties: { code: { type: 'string', enum: list } } }] },
          examples: Object.fromEntries(list.map((c) => [c, { summary: ERROR_CODES[c].title, value: problemExample(c) }])),
        },
      },
    };
    if (list.includes('too_many_attempts') || list.includes('database_unavailable'))
      response.headers = { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } };
    out[String(status)] = response;
  }
  return out;
}

/**
 * @fastify/swagger's `transformObject`: completes every operation with the problems it can answer (generated from
 * errors.ts), its examples and headers, the CSRF header on cookie writes, and the shared components.
 */
export function documentedObject(docs: ApiDocs, servers: { url: string; description: string }[]): SwaggerTransformObject {
  return (input) => {
    const doc = ('openapiObject' in input ? input.openapiObject : {}) as Json;
    const components = apiComponents();
    doc.servers = servers;
    doc.components = {
      ...doc.components,
      schemas: { ...doc.components?.schemas, ...components.schemas },
      parameters: { ...doc.components?.parameters, ...components.parameters },
      headers: { ...doc.components?.headers, ...components.headers },
    };
    for (const [path, item] of Object.entries<Json>(doc.paths ?? {})) {
      for (const [method, op] of Object.entries<Json>(item)) {
        if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
        const auth = op[X_AUTH] as string;
        delete op[X_AUTH];
        const entry = docs[operationKey(method, path)];
        const params: Json[] = op.parameters ?? [];
        const shape: RouteShape = {
          method: method.toUpperCase(),
          auth: auth === 'required' ? undefined : (auth as AuthMode),
          params: params.some((p) => p.in === 'path'),
          query: params.some((p) => p.in === 'query'),
          body: Boolean(op.requestBody),
          orgScoped: /\{(orgId|agencyId)\}/.test(path),
        };
        if (shape.auth !== 'public' && WRITES.has(shape.method)) op.parameters = [...params, { $ref: '#/components/parameters/CsrfToken' }];
        const success = Object.keys(op.responses ?? {}).find((s) => s.startsWith('2'));
        if (success && entry) {
          const response = op.responses[success];
          response.description = entry.summary;
          if (entry.download) {
            response.description = entry.download.description;
            response.content = { [entry.download.mediaType]: { schema: { type: 'string', format: 'binary' } } };
          }
          if (entry.response !== undefined && response.content?.['application/json']) response.content['application/json'].example = entry.response;
          if (entry.headers) response.headers = { ...response.headers, ...entry.headers };
          // A second success status of the same shape (200 resumed / 201 created) shows the same example.
          for (const [status, other] of Object.entries<any>(op.responses ?? {})) {
            if (status !== success && status.startsWith('2') && entry.response !== undefined && other.content?.['application/json'])
              other.content['application/json'].example ??= entry.response;
          }
        }
        if (entry?.requestSchema && op.requestBody?.content?.['application/json'])
          op.requestBody.content['application/json'].schema = entry.requestSchema(op.requestBody.content['application/json'].schema);
        if (entry?.request !== undefined && op.requestBody?.content?.['application/json']) op.requestBody.content['application/json'].example = entry.request;
        op.responses = { ...op.responses, ...problemResponses([...commonCodes(shape), ...(entry?.errors ?? [])]) };
      }
    }
    return doc;
  };
}

/** A list of problem codes in an api-docs entry. */
export type ErrorCodeList = ErrorCode[];
