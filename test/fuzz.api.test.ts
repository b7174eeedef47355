import { randomUUID } from 'node:crypto';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOrg, makeOrgAdmin, nextBusinessId } from './factories.js';
import { OPERATOR, startTestApp, testDb, type TestApp } from './test-app.js';

/*
 * Issue 13: the property-based fuzzer of the HTTP API, driven by the OpenAPI document the server serves (the
 * document-driven sweep of robustness.api.test.ts, grown: that file sends hand-picked hostile input; this one
 * generates requests from the schemas with fast-check). For every operation, as an operator and as an organisation
 * administrator, it sends schema-valid and schema-invalid bodies, queries and paths, and checks each answer as an
 * independent fuzzer does:
 *   - no 5xx (503 registry_unavailable excepted, see below), no hang;
 *   - the status is documented for the operation, with the documented content type;
 *   - the body matches the documented schema of that status (for problems: the codes listed for that status);
 *   - schema-valid input is not refused for its shape (no structural field code in validation_failed);
 *   - schema-invalid input (verified invalid by ajv against the document) is refused with validation_failed;
 * and stateful sequences (create → read → change → delete → gone) with real cursors for paging.
 * Bounded: NYCKEL_FUZZ_RUNS cases per operation, caller and kind (default 12); NYCKEL_FUZZ_SEED reproduces a run.
 */

const RUNS = Number(process.env.NYCKEL_FUZZ_RUNS ?? 12);
// A fixed default seed: npm test (and CI) reproduce the same cases; NYCKEL_FUZZ_SEED=random explores new ones.
const SEED = process.env.NYCKEL_FUZZ_SEED === 'random' ? Date.now() % 2 ** 31 : Number(process.env.NYCKEL_FUZZ_SEED ?? 20_261_202);
const IN_FLIGHT = 4;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

// ajv-formats is CommonJS: under NodeNext its default export is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => void;

/** Field codes that say the input's shape is wrong: a schema-valid request must never get them. */
const STRUCTURAL = new Set([
  'required',
  'wrong_type',
  'too_short',
  'too_long',
  'too_small',
  'too_large',
  'invalid_format',
  'invalid_email',
  'invalid_choice',
  'unknown_field',
]);

type S = Record<string, any>;
interface Param {
  name: string;
  in: string;
  required?: boolean;
  schema: S;
}
interface Operation {
  key: string;
  method: string;
  path: string;
  op: S;
  params: Param[];
  body: S | null;
}
type Who = 'operator' | 'admin';
interface Caller {
  who: Who;
  cookie: string;
  csrf: string;
}
interface Req {
  path: Record<string, string>;
  query: Record<string, unknown>;
  body?: unknown;
}
interface Answer {
  status: number;
  contentType: string;
  body: any;
  text: string;
}

let t: TestApp;
let doc: S;
let ajv: Ajv2020;
let operations: Operation[] = [];
const callers = {} as Record<Who, Caller>;
const fixture = { orgId: '', membershipId: '', projectId: '', siteId: '' };
const counts = { cases: 0, valid: 0, invalid: 0, refusedAsInvalid: 0, stateful: 0, skipped: 0 };
const statuses = new Map<string, number>();

// ---------------------------------------------------------------- the document

const deref = (s: S | undefined): S => {
  if (!s) return {};
  if (typeof s.$ref !== 'string') return s;
  return s.$ref
    .slice(2)
    .split('/')
    .reduce((at: S, k: string) => at[k], doc);
};

const validators = new Map<object, ValidateFunction>();
function validatorOf(schema: S): ValidateFunction {
  let v = validators.get(schema);
  if (!v) {
    v = ajv.compile({ ...schema, components: doc.components });
    validators.set(schema, v);
  }
  return v;
}

function operationsOf(d: S): Operation[] {
  return Object.entries<S>(d.paths).flatMap(([path, item]) =>
    Object.entries<S>(item)
      .filter(([m]) => METHODS.includes(m))
      .map(([m, op]) => ({
        key: `${m.toUpperCase()} ${path}`,
        method: m.toUpperCase(),
        path,
        op,
        params: (op.parameters ?? []).map(deref) as Param[],
        body: op.requestBody?.content?.['application/json']?.schema ?? null,
      })),
  );
}

/** The query parameters as one object schema (strict: the server refuses unknown parameters). */
function querySchema(o: Operation): S {
  const qs = o.params.filter((p) => p.in === 'query');
  return {
    type: 'object',
    properties: Object.fromEntries(qs.map((p) => [p.name, p.schema])),
    required: qs.filter((p) => p.required).map((p) => p.name),
    additionalProperties: false,
  };
}

// ---------------------------------------------------------------- generating values from schemas

const lower = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz'), minLength: 1, maxLength: 10 });
const email = fc.tuple(lower, lower, fc.constantFrom('fi', 'se', 'no', 'com')).map(([a, b, c]) => `fuzz.${a}@${b}.${c}`);
// Strings without NUL: the one rule every string of the API has (refused as invalid_character, documented in info).
const text = (min: number, max: number) =>
  fc.string({
    unit: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...'abcXYZ åäöÅÆØ-_.,@\'"0189') }, fc.constantFrom('€', '😀', '\t', '<', '>')),
    minLength: min,
    maxLength: max,
  });

function stringArb(s: S): fc.Arbitrary<string> {
  const min = s.minLength ?? 0;
  const max = Math.min(s.maxLength ?? 40, 40);
  if (s.format === 'uuid') return fc.uuid({ version: 4 });
  if (s.format === 'date')
    return fc.date({ min: new Date('2000-01-01'), max: new Date('2040-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
  if (s.format === 'email') return email;
  if (s.pattern === '\\S') return fc.tuple(text(0, Math.max(0, max - 1)), fc.constantFrom('a', 'Ö', '1')).map(([a, b]) => (a + b).slice(-max));
  if (s.pattern) return fc.stringMatching(new RegExp(s.pattern)).filter((x) => x.length >= min && x.length <= (s.maxLength ?? Infinity));
  return text(min, Math.max(min, max));
}

const onlyRequired = (b: S) => Object.keys(b).every((k) => k === 'required');

function arb(s0: S, depth = 0): fc.Arbitrary<unknown> {
  const s = deref(s0);
  if (s.const !== undefined) return fc.constant(s.const);
  if (Array.isArray(s.enum)) return fc.constantFrom(...s.enum);
  if (Array.isArray(s.oneOf)) return fc.oneof(...s.oneOf.map((b: S) => arb(b, depth)));
  if (Array.isArray(s.anyOf) && s.anyOf.every(onlyRequired)) {
    const { anyOf, ...rest } = s;
    return fc.oneof(...anyOf.map((b: S) => arb({ ...rest, required: [...(rest.required ?? []), ...b.required] }, depth)));
  }
  if (Array.isArray(s.anyOf)) return fc.oneof(...s.anyOf.map((b: S) => arb(b, depth)));
  if (Array.isArray(s.type)) return fc.oneof(...s.type.map((ty: string) => arb({ ...s, type: ty }, depth)));
  switch (s.type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: s.minimum ?? -1000, max: s.maximum ?? 1_000_000 });
    case 'number':
      return fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
    case 'string':
      return stringArb(s);
    case 'array':
      return fc.array(arb(s.items ?? {}, depth + 1), { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 3, 3) });
    case 'object': {
      if (!s.properties && s.additionalProperties && typeof s.additionalProperties === 'object') {
        const key = s.propertyNames ? stringArb({ ...s.propertyNames, minLength: Math.max(1, s.propertyNames.minLength ?? 1) }) : lower;
        return fc.dictionary(key, arb(s.additionalProperties, depth + 1), { minKeys: s.minProperties ?? 0, maxKeys: 3 });
      }
      const props = Object.entries<S>(s.properties ?? {});
      if (depth > 3) return fc.constant({});
      return fc.record(Object.fromEntries(props.map(([k, p]) => [k, arb(p, depth + 1)])), { requiredKeys: s.required ?? [] });
    }
    default:
      return fc.oneof(text(0, 5), fc.integer(), fc.boolean());
  }
}

/** A valid value that ajv confirms valid (the generators approximate; a rare miss is regenerated). */
function validArb(schema: S): fc.Arbitrary<unknown> {
  const v = validatorOf(schema);
  return arb(schema).filter((x) => v(x));
}

/** One change that makes a valid object invalid; ajv confirms it is (an ineffective change is discarded). */
type Mutation = { kind: string; apply: (x: any) => any };
function mutationsOf(schema0: S): Mutation[] {
  const schema = deref(schema0);
  const branches: S[] = Array.isArray(schema.oneOf) ? schema.oneOf : [schema];
  const out: Mutation[] = [{ kind: 'not an object', apply: () => [] }];
  for (const s of branches) {
    for (const k of s.required ?? []) out.push({ kind: `missing ${k}`, apply: (x) => (({ [k]: _, ...rest }) => rest)(x) });
    if (s.additionalProperties === false) out.push({ kind: 'unknown property', apply: (x) => ({ ...x, fuzzUnknown: 1 }) });
    for (const [k, p0] of Object.entries<S>(s.properties ?? {})) {
      const p = deref(p0);
      const types: string[] = [p.type, ...(p.anyOf ?? []).map((b: S) => b.type)].flat().filter(Boolean);
      out.push({ kind: `${k} wrong type`, apply: (x) => ({ ...x, [k]: types.includes('string') ? 12345 : 'fuzz-text' }) });
      if (Array.isArray(p.enum)) out.push({ kind: `${k} not in enum`, apply: (x) => ({ ...x, [k]: 'not-in-the-enum' }) });
      if (p.maxLength !== undefined && p.maxLength < 5000) out.push({ kind: `${k} too long`, apply: (x) => ({ ...x, [k]: 'x'.repeat(p.maxLength + 1) }) });
      if (p.maximum !== undefined) out.push({ kind: `${k} above maximum`, apply: (x) => ({ ...x, [k]: p.maximum + 1 }) });
      if (p.minimum !== undefined) out.push({ kind: `${k} below minimum`, apply: (x) => ({ ...x, [k]: p.minimum - 1 }) });
    }
  }
  return out;
}

/** Query mutations whose value is wrong as text too (a query string's "12" is a valid integer). */
function queryMutationsOf(schema: S): Mutation[] {
  const out: Mutation[] = [{ kind: 'unknown parameter', apply: (x) => ({ ...x, fuzzUnknown: '1' }) }];
  for (const [k, p0] of Object.entries<S>(schema.properties)) {
    const p = deref(p0);
    if (p.type === 'integer') {
      out.push({ kind: `${k} not a number`, apply: (x) => ({ ...x, [k]: 'abc' }) });
      if (p.maximum !== undefined) out.push({ kind: `${k} above maximum`, apply: (x) => ({ ...x, [k]: p.maximum + 1 }) });
      if (p.minimum !== undefined) out.push({ kind: `${k} below minimum`, apply: (x) => ({ ...x, [k]: p.minimum - 1 }) });
    }
    if (Array.isArray(p.enum)) out.push({ kind: `${k} not in enum`, apply: (x) => ({ ...x, [k]: 'not-in-the-enum' }) });
    if (p.format === 'uuid') out.push({ kind: `${k} not a uuid`, apply: (x) => ({ ...x, [k]: 'not-a-uuid' }) });
    if (p.pattern === '\\S') out.push({ kind: `${k} only spaces`, apply: (x) => ({ ...x, [k]: '   ' }) });
    if (p.maxLength !== undefined && p.maxLength <= 2000) out.push({ kind: `${k} too long`, apply: (x) => ({ ...x, [k]: 'x'.repeat(p.maxLength + 1) }) });
  }
  return out;
}

/** Path values: the fixtures (deeper code behind them) or a random UUID; other parameters from their schema. */
function pathArb(o: Operation): fc.Arbitrary<Record<string, string>> {
  const ps = o.params.filter((p) => p.in === 'path');
  return fc.record(
    Object.fromEntries(
      ps.map((p) => {
        const known =
          p.name === 'orgId'
            ? fixture.orgId
            : p.name === 'membershipId'
              ? fixture.membershipId
              : p.name === 'targetId'
                ? o.path.includes('/sites/')
                  ? fixture.siteId
                  : fixture.projectId
                : null;
        // A DELETE of a fixture would take it from the other operations: deletion has its own stateful sequence.
        const a =
          known && o.method !== 'DELETE'
            ? fc.oneof({ weight: 4, arbitrary: fc.constant(known) }, fc.uuid({ version: 4 }))
            : (arb(p.schema) as fc.Arbitrary<string>);
        return [p.name, a.map(String)];
      }),
    ),
  ) as fc.Arbitrary<Record<string, string>>;
}

// ---------------------------------------------------------------- sending and judging

function urlOf(o: Operation, r: Req) {
  const path = o.path.replace(/\{(\w+)\}/g, (_, n: string) => encodeURIComponent(r.path[n] ?? ''));
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(r.query)) if (v !== undefined) qs.append(k, String(v));
  const q = qs.toString();
  return t.url + path + (q ? `?${q}` : '');
}

async function send(c: Caller | null, method: string, url: string, body?: unknown): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (c) {
    headers.cookie = c.cookie;
    if (method !== 'GET') headers['x-csrf-token'] = c.csrf;
  }
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(15_000) });
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: parsed, text };
}

/** What an independent fuzzer checks of any answer: status, content type and body as documented. */
function conformance(o: Operation, a: Answer): string[] {
  const out: string[] = [];
  statuses.set(`${a.status}`, (statuses.get(`${a.status}`) ?? 0) + 1);
  // 503 registry_unavailable: the test's business registries point at a closed port on purpose (no probe may reach
  // the real PRH or Brønnøysund); a 503 the document lists for the operation is the contract, not a crash.
  const upstream = a.status === 503 && a.body?.code === 'registry_unavailable';
  if (a.status >= 500 && !upstream) out.push(`server error ${a.status} ${a.text.slice(0, 200)}`);
  const documented = o.op.responses[String(a.status)];
  if (!documented) return [...out, `status ${a.status} not documented (${a.body?.code ?? a.text.slice(0, 80)})`];
  const media = Object.keys(documented.content ?? {});
  if (!media.length) {
    if (a.text !== '') out.push(`status ${a.status} documents no body, got ${a.text.slice(0, 80)}`);
    return out;
  }
  const type = a.contentType.split(';')[0].trim();
  if (!media.includes(type)) return [...out, `content type ${type || '-'} not among ${media.join(', ')} for ${a.status}`];
  const schema = documented.content[type].schema;
  if (type.endsWith('json')) {
    const v = validatorOf(schema);
    if (!v(a.body)) out.push(`${a.status} body off its schema: ${ajv.errorsText(v.errors)} in ${a.text.slice(0, 200)}`);
  }
  return out;
}

function fail(o: Operation, who: string, kind: string, req: unknown, problems: string[]) {
  throw new Error(`${who} ${o.key} [${kind}] ${JSON.stringify(req).slice(0, 300)} → ${problems.join('; ')}`);
}

async function fuzzValid(o: Operation, c: Caller) {
  const query = querySchema(o);
  // cursor: only a position the server made is valid (invalid_cursor otherwise); real cursors are followed below.
  const { cursor: _c, ...qprops } = query.properties;
  const reqArb = fc.record({
    path: pathArb(o),
    query: validArb({ ...query, properties: qprops }),
    ...(o.body ? { body: validArb(o.body) } : {}),
  }) as fc.Arbitrary<Req>;
  await fc.assert(
    fc.asyncProperty(reqArb, async (r) => {
      counts.cases++;
      counts.valid++;
      const a = await send(c, o.method, urlOf(o, r), o.body ? r.body : o.method === 'GET' ? undefined : {});
      const problems = conformance(o, a);
      if (a.body?.code === 'validation_failed') {
        const shape = (a.body.errors ?? []).filter((e: { code: string; path: string }) => STRUCTURAL.has(e.code) && !knownServerSide(o, e.path, e.code));
        if (shape.length) problems.push(`schema-valid input refused for its shape: ${JSON.stringify(shape)}`);
      }
      if (a.body?.code === 'malformed_request') problems.push('schema-valid input answered malformed_request');
      if (problems.length) fail(o, c.who, 'valid', r, problems);
    }),
    { numRuns: RUNS, seed: SEED, endOnFailure: true },
  );
}

/**
 * Rules that need data the schema cannot hold, so a schema-valid body may be refused with a "shape" code: a new user's
 * names are required unless the e-mail is of an existing account (the server fills them in from it); an external
 * user's end date cannot be cleared, and whether the user is external may be the stored type, not the body's.
 */
function knownServerSide(o: Operation, path: string, code: string) {
  if (o.key === 'POST /api/v1/orgs/{orgId}/users') return code === 'required' && (path === 'firstName' || path === 'lastName');
  if (o.key === 'PATCH /api/v1/orgs/{orgId}/users/{membershipId}') return code === 'required' && path === 'validUntil';
  // R-I1: a legacy export is checked whole and every problem listed by path; the business id's form depends on the
  // country (its check digit too), which one JSON Schema pattern cannot say.
  // The conversion's cross-field rules (a personal login has persons, a decision a user's e-mail, an edited user a type)
  // are the plan's, not one field's shape.
  if (o.key === 'POST /api/v1/legacy-imports')
    return (code === 'invalid_format' && path === 'org.businessId') || (code === 'required' && /^logins\.\d+\.personKeys$/.test(path));
  if (o.key.includes('/conversion/')) return code === 'required' || code === 'invalid_value';
  return false;
}

async function fuzzInvalid(o: Operation, c: Caller) {
  const query = querySchema(o);
  const { cursor: _c, ...qprops } = query.properties;
  const qValid = validArb({ ...query, properties: qprops });
  const hasPathUuid = o.params.some((p) => p.in === 'path' && deref(p.schema).format === 'uuid');
  const kinds: fc.Arbitrary<{ kind: string; req: Req }>[] = [];
  const base = fc.record({ path: pathArb(o), query: qValid, ...(o.body ? { body: validArb(o.body) } : {}) }) as fc.Arbitrary<Req>;
  if (o.body) {
    const muts = mutationsOf(o.body);
    kinds.push(fc.tuple(base, fc.constantFrom(...muts)).map(([r, m]) => ({ kind: `body ${m.kind}`, req: { ...r, body: m.apply(r.body) } })));
  }
  // (An operation without query parameters is not sent unknown ones: OpenAPI cannot say "none allowed", and the
  // server ignores them there, so that would be a false positive.)
  if (Object.keys(query.properties).length) {
    const muts = queryMutationsOf(query);
    kinds.push(fc.tuple(base, fc.constantFrom(...muts)).map(([r, m]) => ({ kind: `query ${m.kind}`, req: { ...r, query: m.apply(r.query) } })));
  }
  if (!kinds.length) return;
  if (hasPathUuid) {
    kinds.push(
      base.map((r) => {
        const name = o.params.find((p) => p.in === 'path' && deref(p.schema).format === 'uuid')!.name;
        return { kind: `path ${name} not a uuid`, req: { ...r, path: { ...r.path, [name]: 'not-a-uuid' } } };
      }),
    );
  }
  const bodyV = o.body ? validatorOf(o.body) : null;
  const queryV = validatorOf(query);
  await fc.assert(
    fc.asyncProperty(fc.oneof(...kinds), async ({ kind, req }) => {
      // Only requests the document itself calls invalid count (ajv decides, not this generator).
      const invalid =
        (bodyV !== null && !bodyV(req.body)) ||
        !queryV(Object.fromEntries(Object.entries(req.query).map(([k, v]) => [k, typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v]))) ||
        kind.startsWith('path');
      if (!invalid) {
        counts.skipped++;
        return;
      }
      counts.cases++;
      counts.invalid++;
      const a = await send(c, o.method, urlOf(o, req), o.body ? req.body : o.method === 'GET' ? undefined : {});
      const problems = conformance(o, a);
      // Refused, as an independent fuzzer's negative-data check asks; a 400 is validation_failed naming fields. (Rules
      // the service checks, like targetIds on a project, come after the caller's right to the organisation: for an
      // unknown organisation 404 is the right answer to such a body.)
      if (a.status < 400 || a.status >= 500) problems.push(`schema-invalid input accepted: ${a.status}`);
      else if (a.status === 400 && (a.body?.code !== 'validation_failed' || !a.body.errors?.length))
        problems.push(`schema-invalid input refused without naming fields: ${a.body?.code ?? ''}`);
      else if (a.status === 400) counts.refusedAsInvalid++;
      if (problems.length) fail(o, c.who, `invalid ${kind}`, req, problems);
    }),
    { numRuns: RUNS, seed: SEED, endOnFailure: true },
  );
}

async function pool<T>(items: T[], width: number, each: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await each(items[next++]);
    }),
  );
}

async function signIn(email: string, password: string, who: Who): Promise<Caller> {
  const res = await fetch(`${t.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const body = (await res.json()) as { csrfToken: string };
  if (res.status !== 200) throw new Error(`${who} sign-in failed: ${res.status}`);
  return { who, cookie: res.headers.get('set-cookie')!.split(';')[0], csrf: body.csrfToken };
}

/**
 * Left out of the per-operation fuzz, each for a reason: sign-out ends the caller's session (robustness.api.test.ts
 * probes it with its own sessions); sign-in with generated credentials counts as failed sign-ins and locks the test's
 * IP after 20 (by design, R-G1), so it gets a handful of cases below. Requiring MFA of an organisation (issue 11)
 * locks the fuzzing administrator, who has no second factor, out of it for every later case (by design: mfa_required);
 * src/mfa/mfa.api.test.ts covers the policy.
 */
const SKIP = new Set(['POST /api/v1/auth/logout', 'POST /api/v1/auth/login', 'PUT /api/v1/orgs/{orgId}/mfa-policy']);

beforeAll(async () => {
  t = await startTestApp({
    registryFiUrl: 'http://127.0.0.1:9/opendata-ytj-api/v3',
    registryNoUrl: 'http://127.0.0.1:9/enhetsregisteret/api',
    registryTimeoutMs: 300,
  });
  ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addKeyword('example');
  ajv.addKeyword('discriminator');
  const operator = await t.operator();
  doc = (await operator.get('/api/v1/openapi.json')).body;
  operations = operationsOf(doc);
  fixture.orgId = (await makeOrg(operator)).id;
  const member = await operator.post(`/api/v1/orgs/${fixture.orgId}/users`, {
    type: 'employee',
    email: 'fuzz.member@test.nyckel',
    firstName: 'Fuzz',
    lastName: 'Member',
  });
  fixture.membershipId = member.body.id;
  fixture.projectId = (await operator.post(`/api/v1/orgs/${fixture.orgId}/projects`, { name: 'Fuzz project' })).body.id;
  fixture.siteId = (await operator.post(`/api/v1/orgs/${fixture.orgId}/sites`, { name: 'Fuzz site' })).body.id;
  const admin = await makeOrgAdmin(t, fixture.orgId);
  callers.operator = await signIn(OPERATOR.email, OPERATOR.password, 'operator');
  callers.admin = await signIn(admin.account.email, admin.account.password, 'admin');
  console.info(`[fuzz/${testDb}] seed ${SEED} (NYCKEL_FUZZ_SEED), ${RUNS} runs per operation, caller and kind (NYCKEL_FUZZ_RUNS)`);
}, 240_000);

afterAll(async () => {
  console.info(
    `[fuzz/${testDb}] ${operations.length} operations; ${counts.cases} cases (${counts.valid} valid, ${counts.invalid} invalid of which ${counts.refusedAsInvalid} validation_failed, ${counts.stateful} stateful requests; ${counts.skipped} generated invalid inputs the document accepts, not sent); statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`,
  );
  await t?.close();
});

describe('issue 13 property-based fuzzer over the OpenAPI document', () => {
  for (const who of ['operator', 'admin'] as const) {
    it(`every operation as ${who === 'operator' ? 'an operator' : 'an organisation administrator'}: schema-valid and schema-invalid requests answer as documented`, async () => {
      const failures: string[] = [];
      const mine = operations.filter((o) => !SKIP.has(o.key));
      expect(mine.length).toBeGreaterThan(45);
      await pool(mine, IN_FLIGHT, async (o) => {
        for (const run of [fuzzValid, fuzzInvalid]) {
          try {
            await run(o, callers[who]);
          } catch (err) {
            // fast-check keeps the property's own error (which request, which answer) as the cause.
            const e = err as Error & { cause?: Error };
            failures.push(e.cause?.message ?? e.message.split('\n').slice(0, 3).join(' | '));
          }
        }
      });
      expect(failures).toEqual([]);
      // The session survived the fuzz.
      expect((await send(callers[who], 'GET', `${t.url}/api/v1/me`)).status).toBe(200);
    }, 600_000);
  }

  it('POST /auth/login: a few generated sign-ins answer as documented (more would lock the IP, R-G1)', async () => {
    const o = operations.find((x) => x.key === 'POST /api/v1/auth/login')!;
    await fc.assert(
      fc.asyncProperty(validArb(o.body!), async (body) => {
        counts.cases++;
        counts.valid++;
        const a = await send(null, 'POST', `${t.url}/api/v1/auth/login`, body);
        const problems = conformance(o, a);
        if (a.status !== 401 || a.body?.code !== 'invalid_credentials') problems.push(`expected invalid_credentials, got ${a.status} ${a.body?.code}`);
        if (problems.length) fail(o, 'anonymous', 'valid', body, problems);
      }),
      { numRuns: 4, seed: SEED },
    );
  });
});

// ---------------------------------------------------------------- stateful sequences

/** Sends and checks conformance of one step of a sequence; answers the answer. */
async function step(c: Caller, key: string, path: Record<string, string>, query: Record<string, unknown> = {}, body?: unknown): Promise<Answer> {
  const o = operations.find((x) => x.key === key);
  if (!o) throw new Error(`no operation ${key}`);
  counts.stateful++;
  const a = await send(c, o.method, urlOf(o, { path, query }), body ?? (o.method === 'GET' ? undefined : {}));
  const problems = conformance(o, a);
  if (problems.length) throw new Error(`${c.who} ${key} ${JSON.stringify({ path, query, body }).slice(0, 300)} → ${problems.join('; ')}`);
  return a;
}

const USERS = '/api/v1/orgs/{orgId}/users';
const USER = '/api/v1/orgs/{orgId}/users/{membershipId}';
let serial = 0;

describe('issue 13 stateful sequences (create → read → change → delete → gone)', () => {
  for (const who of ['operator', 'admin'] as const) {
    it(`users as ${who}: what was created reads back, changes stick, a deleted user is gone`, async () => {
      const c = callers[who];
      const post = operations.find((o) => o.key === `POST ${USERS}`)!;
      const patch = operations.find((o) => o.key === `PATCH ${USER}`)!;
      // Generated from the documented per-type shapes; ids and keys the server must know are left out or real.
      const create = validArb(post.body!).map((b: any) => {
        const { accountId: _a, homeOrgId: _h, modules: _m, packages: _p, validFrom: _f, ...rest } = b;
        return {
          ...rest,
          ...(rest.type !== 'person' ? { email: `fuzz.state.${serial++}@test.nyckel` } : {}),
          firstName: rest.firstName ?? 'Gen',
          lastName: rest.lastName ?? 'Erated',
        };
      });
      const change = validArb(deref(patch.body!)).map((b: any) => {
        const { firstName, lastName, phone, jobTitle } = b;
        return Object.fromEntries(Object.entries({ firstName, lastName, phone, jobTitle }).filter(([, v]) => v !== undefined));
      });
      let created = 0;
      await fc.assert(
        fc.asyncProperty(
          create.filter((b: any) => b.type !== 'reseller'),
          change,
          async (body: any, edit: any) => {
            const path = { orgId: fixture.orgId };
            const made = await step(c, `POST ${USERS}`, path, {}, body);
            if (made.status !== 201) return; // a documented refusal (e.g. a generated date in the past for an external user)
            created++;
            const one = { ...path, membershipId: made.body.id };
            const read = await step(c, `GET ${USER}`, one);
            expect(read.status).toBe(200);
            expect(read.body).toEqual(made.body);
            const changed = await step(c, `PATCH ${USER}`, one, {}, edit);
            expect(changed.status, JSON.stringify(changed.body)).toBe(200);
            // Text is stored trimmed (an emptied optional text may read back as null).
            for (const [k, v] of Object.entries(edit)) expect(typeof v === 'string' ? [v.trim(), v.trim() || null] : [v], k).toContainEqual(changed.body[k]);
            expect((await step(c, `GET ${USER}`, one)).body).toEqual(changed.body);
            expect((await step(c, `DELETE ${USER}`, one)).status).toBe(204);
            const gone = await step(c, `GET ${USER}`, one);
            expect(gone.status).toBe(404);
            expect((await step(c, `DELETE ${USER}`, one)).status).toBe(404);
            if (body.email) expect((await step(c, `GET ${USERS}`, path, { email: body.email })).body.total).toBe(0);
          },
        ),
        { numRuns: Math.max(4, Math.round(RUNS / 2)), seed: SEED },
      );
      expect(created).toBeGreaterThan(0);
    }, 300_000);

    it(`projects and sites as ${who}: created, listed, renamed, archived out of the default list`, async () => {
      const c = callers[who];
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('projects', 'sites'),
          validArb({ type: 'string', minLength: 1, maxLength: 60, pattern: '\\S' }),
          async (kind, name) => {
            const path = { orgId: fixture.orgId };
            const made = await step(c, `POST /api/v1/orgs/{orgId}/${kind}`, path, {}, { name: `${name} ${serial++}` });
            expect(made.status).toBe(201);
            const id = made.body.id;
            const listed = await step(c, `GET /api/v1/orgs/{orgId}/${kind}`, path, { limit: 500 });
            expect(listed.body.items.map((x: { id: string }) => x.id)).toContain(id);
            const same = await step(c, `PATCH /api/v1/orgs/{orgId}/${kind}/{targetId}`, { ...path, targetId: id }, {}, {});
            expect(same.body).toEqual(made.body);
            const archived = await step(c, `PATCH /api/v1/orgs/{orgId}/${kind}/{targetId}`, { ...path, targetId: id }, {}, { archived: true });
            expect(archived.body.archived).toBe(true);
            expect((await step(c, `GET /api/v1/orgs/{orgId}/${kind}`, path, { limit: 500 })).body.items.map((x: { id: string }) => x.id)).not.toContain(id);
            expect(
              (await step(c, `GET /api/v1/orgs/{orgId}/${kind}`, path, { limit: 500, archived: 'true' })).body.items.map((x: { id: string }) => x.id),
            ).toContain(id);
          },
        ),
        { numRuns: Math.max(3, Math.round(RUNS / 4)), seed: SEED },
      );
    }, 300_000);

    it(`API tokens as ${who}: a created token works, a revoked one is gone and refused`, async () => {
      const c = callers[who];
      const o = operations.find((x) => x.key === 'POST /api/v1/me/api-tokens')!;
      await fc.assert(
        fc.asyncProperty(validArb(o.body!), async (body: any) => {
          const made = await step(c, 'POST /api/v1/me/api-tokens', {}, {}, body);
          expect(made.status).toBe(201);
          const me = await fetch(`${t.url}/api/v1/me`, { headers: { authorization: `Bearer ${made.body.token}` } });
          expect(me.status).toBe(200);
          expect((await step(c, 'GET /api/v1/me/api-tokens', {})).body.items.map((x: { id: string }) => x.id)).toContain(made.body.id);
          expect((await step(c, 'DELETE /api/v1/me/api-tokens/{id}', { id: made.body.id })).status).toBe(204);
          expect((await step(c, 'GET /api/v1/me/api-tokens', {})).body.items.map((x: { id: string }) => x.id)).not.toContain(made.body.id);
          expect((await step(c, 'DELETE /api/v1/me/api-tokens/{id}', { id: made.body.id })).status).toBe(404);
          expect((await fetch(`${t.url}/api/v1/me`, { headers: { authorization: `Bearer ${made.body.token}` } })).status).toBe(401);
        }),
        { numRuns: 3, seed: SEED },
      );
    }, 300_000);

    it(`paging as ${who}: following nextCursor with any limit and sort yields every user once`, async () => {
      const c = callers[who];
      const list = operations.find((x) => x.key === `GET ${USERS}`)!;
      const sorts: string[] = deref(list.params.find((p) => p.name === 'sort')!.schema).enum;
      const path = { orgId: fixture.orgId };
      for (let i = 0; i < 7; i++)
        await step(callers.operator, `POST ${USERS}`, path, {}, { type: 'person', firstName: `Page${i}`, lastName: ['Ö', 'a', 'Z', 'å'][i % 4] + serial++ });
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.constantFrom(...sorts), fc.constantFrom('asc', 'desc'), async (limit, sort, order) => {
          const all = await step(c, `GET ${USERS}`, path, { limit: 500, sort, order });
          const seen: string[] = [];
          let cursor: string | undefined;
          do {
            const page = await step(c, `GET ${USERS}`, path, { limit, sort, order, cursor });
            expect(page.status).toBe(200);
            expect(page.body.items.length).toBeLessThanOrEqual(limit);
            seen.push(...page.body.items.map((u: { id: string }) => u.id));
            cursor = page.body.nextCursor ?? undefined;
          } while (cursor && seen.length <= all.body.total + 1);
          expect(seen).toEqual(all.body.items.map((u: { id: string }) => u.id));
          expect(new Set(seen).size).toBe(all.body.total);
        }),
        { numRuns: Math.max(3, Math.round(RUNS / 3)), seed: SEED },
      );
    }, 300_000);
  }

  it('organisations as operator: created from generated fields, read back, renamed (there is no delete)', async () => {
    const c = callers.operator;
    const o = operations.find((x) => x.key === 'POST /api/v1/orgs')!;
    const manual = deref(o.body!).anyOf?.[0] ?? deref(o.body!);
    await fc.assert(
      fc.asyncProperty(validArb(manual), fc.constantFrom('FI', 'SE', 'NO'), async (gen: any, country) => {
        const { agencyId: _a, seats: _s, contractOwner, ...rest } = gen;
        const body = {
          ...rest,
          kind: 'client',
          country,
          businessId: nextBusinessId(country),
          ...(contractOwner ? { contractOwner: { ...contractOwner, email: `fuzz.owner.${serial++}@test.nyckel` } } : {}),
        };
        const made = await step(c, 'POST /api/v1/orgs', {}, {}, body);
        expect(made.status, JSON.stringify(made.body)).toBe(201);
        expect((await step(c, 'GET /api/v1/orgs/{orgId}', { orgId: made.body.id })).body).toEqual(made.body);
        const renamed = await step(c, 'PATCH /api/v1/orgs/{orgId}', { orgId: made.body.id }, {}, { name: `Renamed ${serial++}` });
        expect(renamed.body.name).toMatch(/^Renamed/);
        expect((await step(c, 'GET /api/v1/orgs/{orgId}', { orgId: made.body.id })).body).toEqual(renamed.body);
        expect((await step(c, 'GET /api/v1/orgs/{orgId}', { orgId: randomUUID() })).status).toBe(404);
      }),
      { numRuns: 4, seed: SEED },
    );
  }, 300_000);
});
