import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_DOCS } from '../src/app.js';
import { ERROR_CODES, FIELD_CODES } from '../src/kernel/errors.js';
import { API_PREFIX, operationKey } from '../src/kernel/openapi.js';
import { makeOrg } from './factories.js';
import type { ApiClient } from './http-client.js';
import { startTestApp, type TestApp } from './test-app.js';

// Issue 13, SPEC §4: the OpenAPI document is the contract a module developer builds on. Every route is documented
// from its capability's api-docs.ts, every problem it can answer is listed from the error registry, examples match
// their schemas; and the four defects the outside fuzzer found stay fixed.

// ajv-formats is CommonJS: under NodeNext its default export is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => void;

let t: TestApp;
let operator: ApiClient;
let doc: any;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

beforeAll(async () => {
  t = await startTestApp();
  operator = await t.operator();
  const r = await t.client().get('/api/v1/openapi.json');
  expect(r.status).toBe(200);
  doc = r.body;
}, 240_000);
afterAll(async () => {
  await t?.close();
});

const operations = () =>
  Object.entries<any>(doc.paths).flatMap(([path, item]) =>
    Object.entries<any>(item)
      .filter(([m]) => METHODS.includes(m))
      .map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
  );

/** A JSON Schema validator over the document's components (for $ref to #/components/schemas/…). */
function validatorOf(schema: object) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addKeyword('example');
  ajv.addKeyword('discriminator');
  return ajv.compile({ ...schema, components: doc.components });
}

describe('issue 13 every operation is documented', () => {
  it('every API route of the app has an api-docs entry, and every entry a route (the lead adds entries for new routes)', () => {
    const api = t.nyckel.routes.filter((r) => r.url.startsWith(`${API_PREFIX}/`) && !r.hidden);
    expect(api.length).toBeGreaterThan(50);
    const keys = new Set(api.map((r) => operationKey(r.method, r.url)));
    const undocumented = [...keys].filter((k) => !API_DOCS[k]);
    expect(undocumented, 'add an entry to the capability api-docs.ts (docs/api.md "Documenting an operation")').toEqual([]);
    expect(Object.keys(API_DOCS).filter((k) => !keys.has(k as never))).toEqual([]);
    // The one hidden API route is the document itself.
    expect(t.nyckel.routes.filter((r) => r.url.startsWith(`${API_PREFIX}/`) && r.hidden).map((r) => r.url)).toEqual([`${API_PREFIX}/openapi.json`]);
  });

  it('every code an entry lists exists in src/kernel/errors.ts', () => {
    const unknown = Object.entries(API_DOCS).flatMap(([k, d]) => (d?.errors ?? []).filter((c) => !(c in ERROR_CODES)).map((c) => `${k}: ${c}`));
    expect(unknown).toEqual([]);
  });

  it('every operation has a unique operationId, a summary, a description naming its requirement or SPEC section, and tags', () => {
    const ops = operations();
    expect(ops.length).toBe(Object.keys(API_DOCS).length);
    const ids = ops.map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, method, op } of ops) {
      expect(op.operationId, `${method} ${path}`).toMatch(/^[a-z][A-Za-z]+$/);
      expect(op.summary, `${method} ${path}`).toBeTruthy();
      expect(op.description, `${method} ${path}`).toMatch(/R-[A-L]\d+|SPEC §\d|sign-in|mailbox/i);
      expect(op.tags?.length, `${method} ${path}`).toBeGreaterThan(0);
    }
  });

  it('public operations are security: [] (from config.auth), all others need the session cookie or a bearer token', () => {
    const open = operations()
      .filter((o) => Array.isArray(o.op.security) && o.op.security.length === 0)
      .map((o) => `${o.method} ${o.path.slice(API_PREFIX.length)}`)
      .sort();
    expect(open).toEqual([
      'GET /config',
      'GET /health',
      'POST /auth/accept-invitation',
      'POST /auth/forgot-password',
      'POST /auth/link-status',
      'POST /auth/login',
      'POST /auth/mfa/recovery',
      'POST /auth/mfa/totp',
      'POST /auth/mfa/webauthn',
      'POST /auth/mfa/webauthn/options',
      'POST /auth/reset-password',
    ]);
    expect(doc.security).toEqual([{ session: [] }, { bearer: [] }]);
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['bearer', 'session']);
    expect(doc.servers?.[0]?.url).toBe(t.config.publicUrl);
  });

  it('every 4xx/5xx status lists its codes from the registry (same status), with the Problem schema and an example per code', () => {
    expect(doc.components.schemas.Problem.properties.code.enum.sort()).toEqual(Object.keys(ERROR_CODES).sort());
    expect(doc.components.schemas.FieldError.properties.code.enum.sort()).toEqual(Object.keys(FIELD_CODES).sort());
    const problem = validatorOf({ $ref: '#/components/schemas/Problem' });
    for (const { path, method, op } of operations()) {
      const statuses = Object.keys(op.responses).filter((s) => /^[45]/.test(s));
      expect(
        statuses.some((s) => s.startsWith('4')),
        `${method} ${path}`,
      ).toBe(true);
      expect(statuses, `${method} ${path}`).toContain('500');
      for (const status of statuses) {
        const media = op.responses[status].content['application/problem+json'];
        const codes: string[] = media.schema.allOf[1].properties.code.enum;
        for (const code of codes) {
          expect(ERROR_CODES[code as keyof typeof ERROR_CODES].status, `${method} ${path} ${code}`).toBe(Number(status));
          expect(op.responses[status].description).toContain(`\`${code}\``);
          expect(problem(media.examples[code].value), `${method} ${path} ${code} example`).toBe(true);
        }
      }
    }
  });

  it('cookie writes document the X-CSRF-Token header; GETs and public operations do not', () => {
    for (const { path, method, op } of operations()) {
      const csrf = (op.parameters ?? []).some((p: any) => p.$ref === '#/components/parameters/CsrfToken');
      expect(csrf, `${method} ${path}`).toBe(method !== 'GET' && !(Array.isArray(op.security) && op.security.length === 0));
      if (csrf) expect(op.responses['403'].content['application/problem+json'].schema.allOf[1].properties.code.enum).toContain('csrf_failed');
    }
  });

  it('every example matches its schema (request bodies and JSON success answers)', () => {
    let checked = 0;
    for (const { path, method, op } of operations()) {
      const body = op.requestBody?.content?.['application/json'];
      if (body) {
        expect(body.example, `${method} ${path} request example`).toBeDefined();
        const v = validatorOf(body.schema);
        expect(v(body.example), `${method} ${path} request: ${JSON.stringify(v.errors)}`).toBe(true);
        checked++;
      }
      for (const [status, res] of Object.entries<any>(op.responses)) {
        const media = res.content?.['application/json'];
        if (!status.startsWith('2') || !media) continue;
        expect(media.example, `${method} ${path} ${status} example`).toBeDefined();
        const v = validatorOf(media.schema);
        expect(v(media.example), `${method} ${path} ${status}: ${JSON.stringify(v.errors)}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(60);
  });

  it('response headers: Set-Cookie on sign-in and sign-out, Retry-After on 429, Content-Disposition and the .xlsx type on the export', () => {
    expect(doc.paths['/api/v1/auth/login'].post.responses['200'].headers['Set-Cookie']).toBeTruthy();
    expect(doc.paths['/api/v1/auth/logout'].post.responses['204'].headers['Set-Cookie']).toBeTruthy();
    expect(doc.paths['/api/v1/auth/login'].post.responses['429'].headers['Retry-After']).toBeTruthy();
    const xlsx = doc.paths['/api/v1/orgs/{orgId}/users.xlsx'].get.responses['200'];
    expect(Object.keys(xlsx.content)).toEqual(['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
    expect(xlsx.headers['Content-Disposition']).toBeTruthy();
  });

  it('schemas say what the server enforces: limit 1–500, non-empty filters, e-mail format, ≥ 1 module per order, one user shape per type', () => {
    const query = (path: string, name: string) => doc.paths[path].get.parameters.find((p: any) => p.name === name && p.in === 'query').schema;
    expect(query('/api/v1/orgs/{orgId}/users', 'limit')).toMatchObject({ type: 'integer', minimum: 1, maximum: 500 });
    expect(query('/api/v1/orgs', 'limit')).toMatchObject({ type: 'integer', minimum: 1, maximum: 500 });
    expect(query('/api/v1/orgs/{orgId}/users', 'firstName')).toMatchObject({ minLength: 1, maxLength: 200, pattern: '\\S' });
    const createOrg = doc.paths['/api/v1/orgs'].post.requestBody.content['application/json'].schema;
    expect(JSON.stringify(createOrg)).toContain('"format":"email"');
    const order = doc.paths['/api/v1/orgs/{orgId}/license-orders'].post.requestBody.content['application/json'].schema;
    expect(order.properties.seats.minProperties).toBe(1);
    const user = doc.paths['/api/v1/orgs/{orgId}/users'].post.requestBody.content['application/json'].schema;
    expect(user.oneOf.map((v: any) => v.properties.type.const).sort()).toEqual(['employee', 'external', 'no_access', 'person', 'reseller']);
    const v = validatorOf(user);
    expect(v({ type: 'person', firstName: 'Pia', lastName: 'Person' })).toBe(true);
    expect(v({ type: 'person', firstName: 'Pia' })).toBe(false);
    expect(v({ type: 'external', email: 'e@example.fi' })).toBe(false);
    expect(v({ type: 'external', email: 'e@example.fi', validUntil: '2030-01-31' })).toBe(true);
    expect(v({ type: 'reseller', email: 'r@example.fi' })).toBe(false);
    expect(v({ type: 'employee', email: 'r@example.fi', resellerRole: 'auditor' })).toBe(false);
    expect(v({ type: 'employee', firstName: 'No', lastName: 'Login' })).toBe(false);
  });

  it('the reference page at /api/docs serves the same document (descriptions, examples) to swagger-ui', async () => {
    const page = await t.client().get('/api/docs/');
    expect(page.status).toBe(200);
    expect(page.contentType).toContain('text/html');
    const json = await t.client().get('/api/docs/json');
    expect(json.status).toBe(200);
    expect(json.body.paths['/api/v1/orgs/{orgId}/users'].get.operationId).toBe('listUsers');
    expect(json.body.paths['/api/v1/orgs/{orgId}/users'].get.responses['200'].content['application/json'].example.items.length).toBe(1);
  });
});

describe('issue 13 defects the outside fuzzer found', () => {
  it('R-E2 an empty PATCH of a project or site is a no-op 200 answering it as it is, with no audit event', async () => {
    const org = await makeOrg(operator);
    for (const kind of ['projects', 'sites']) {
      const created = await operator.post(`/api/v1/orgs/${org.id}/${kind}`, { name: `Empty patch ${kind}` });
      expect(created.status).toBe(201);
      const auditBefore = (await operator.get(`/api/v1/orgs/${org.id}/audit?limit=500`)).body.total;
      const r = await operator.patch(`/api/v1/orgs/${org.id}/${kind}/${created.body.id}`, {});
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body).toEqual(created.body);
      expect((await operator.get(`/api/v1/orgs/${org.id}/audit?limit=500`)).body.total).toBe(auditBefore);
      const renamed = await operator.patch(`/api/v1/orgs/${org.id}/${kind}/${created.body.id}`, { name: 'Renamed' });
      expect(renamed.body.name).toBe('Renamed');
    }
    const orgPatch = await operator.patch(`/api/v1/orgs/${org.id}`, {});
    expect(orgPatch.status).toBe(200);
    expect(orgPatch.body.id).toBe(org.id);
  });

  it('§4 a query string over 16 KiB is 431 problem+json request_header_too_large, and the server keeps serving', async () => {
    const res = await fetch(`${t.url}/api/v1/orgs?q=${'x'.repeat(20_000)}`);
    expect(res.status).toBe(431);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const body = (await res.json()) as any;
    expect(body).toMatchObject({ status: 431, code: 'request_header_too_large', title: ERROR_CODES.request_header_too_large.title });
    expect((await t.client().get('/api/v1/health')).status).toBe(200);
  });

  it('§4 a NUL in a body string is validation_failed naming the field (invalid_character), nested and in arrays too', async () => {
    const org = await makeOrg(operator);
    const r = await operator.post(`/api/v1/orgs/${org.id}/users`, {
      type: 'employee',
      email: 'nul@test.nyckel',
      firstName: 'Nu\u0000l',
      lastName: 'Char',
      packages: ['a\u0000'],
    });
    expect(r.status).toBe(400);
    expect(r.contentType).toContain('application/problem+json');
    expect(r.body.code).toBe('validation_failed');
    expect(r.body.errors).toEqual([
      { path: 'firstName', code: 'invalid_character', message: 'Contains a NUL character' },
      { path: 'packages.0', code: 'invalid_character', message: 'Contains a NUL character' },
    ]);
    const nested = await operator.post('/api/v1/orgs', {
      name: 'N',
      kind: 'client',
      country: 'FI',
      businessId: '0112038-9',
      contractOwner: { email: 'a@b.fi', firstName: '\u0000', lastName: 'x' },
    });
    expect(nested.body.errors.map((e: any) => e.path)).toEqual(['contractOwner.firstName']);
    const query = await operator.get('/api/v1/accounts/lookup?email=a%00b');
    expect(query.status).toBe(400);
    expect(query.body.errors.map((e: any) => [e.path, e.code])).toEqual([['querystring.email', 'invalid_character']]);
  });

  it('§4 an anonymous request with a bad body or query is 401 unauthenticated (authenticate before validating)', async () => {
    const anonymous = t.client();
    const org = await makeOrg(operator);
    for (const r of [
      await anonymous.post('/api/v1/orgs', { name: 42 }),
      await anonymous.patch(`/api/v1/orgs/${org.id}`, { colour: 'blue' }),
      await anonymous.get('/api/v1/orgs?limit=0'),
      await anonymous.get('/api/v1/orgs/not-a-uuid'),
    ]) {
      expect(r.status).toBe(401);
      expect(r.body.code).toBe('unauthenticated');
    }
    // Public operations still validate for everyone; unreadable bodies are refused before anything else.
    expect((await anonymous.post('/api/v1/auth/login', { email: 1 })).body.code).toBe('validation_failed');
    expect((await anonymous.post('/api/v1/orgs', '{"a":')).body.code).toBe('malformed_request');
    // Sign-out stays open to anonymous callers; the dev mailbox is for signed-in operators (issue 11), told first.
    expect((await anonymous.post('/api/v1/auth/logout')).status).toBe(204);
    expect((await anonymous.get('/api/v1/mail/outbox')).status).toBe(401);
    expect((await anonymous.get('/api/v1/mail/outbox?limit=0')).body.code).toBe('unauthenticated');
  });
});
