import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../src/kernel/errors.js';
import { makeOrg } from './factories.js';
import type { ApiClient } from './http-client.js';
import { OPERATOR, startTestApp, testDb, type TestApp } from './test-app.js';

/*
 * SPEC §5 "no input crashes the server" and §4 "bad input is a 4xx, never a 500": every route of the
 * OpenAPI document gets malformed, wrong-typed, oversized and unknown input, signed in (session cookie +
 * the CSRF token on writes, as ApiClient sends them) and anonymous. The sweep runs once in beforeAll;
 * each test below judges one property of its answers and lists the offending requests, grouped.
 *
 * Probe kinds: (a) malformed JSON, (b) wrong types, (c) huge strings, (d) unknown fields, (e) a body over
 * the 1 MB limit, (f) query strings, (g) unsupported content types. Path parameters are replaced by a random
 * UUID, existing ids, "not-a-uuid", 600 characters and a broken %-escape.
 */

type Schema = Record<string, any>;
type Who = 'operator' | 'anonymous';

interface Route {
  method: string;
  path: string;
  pathParams: string[];
  query: { name: string; schema: Schema }[];
  body: Schema | null;
  /** Public or optional sign-in in the OpenAPI document: open to anonymous callers. */
  open: boolean;
}

/** What a probe's answer must be besides "not 5xx". */
type Expect =
  | { kind: 'any' }
  | { kind: 'refused'; status: number; code: string }
  /** 400 validation_failed whose errors name `path` (exactly, or as a prefix `path.` for nested issues). */
  | { kind: 'field'; path: string };

type Sub = 'uuid' | 'existing' | 'not-a-uuid' | 'long' | 'bad-escape';
interface Probe {
  route: Route;
  sub: Sub;
  variant: string;
  method: string;
  url: string;
  body?: string;
  headers?: Record<string, string>;
  expect: Expect;
}
interface Outcome {
  who: Who;
  probe: Probe;
  status: number;
  contentType: string;
  body: any;
  error?: string;
  ms: number;
}

const BIG = 100_000;
const REQUEST_TIMEOUT_MS = 5_000;
const IN_FLIGHT = 8;
const OVER_LIMIT_BODY = `{"pad":"${'x'.repeat(1_100_000)}"}`;
const MALFORMED_JSON = ['{', '{"a":', '{"a":1,}', "{'a':1}", 'nul', '[1,2', '{"a":"\\x"}', '\u0000', '', '{"a":1}{"b":2}'];
const WRONG_TYPE_VALUES: unknown[] = [[1, 'two'], -1.5, null, true, { nested: { deeper: [1, { x: null }] } }];
const TOP_LEVEL_NON_OBJECTS = ['[]', '[{}]', '1', '"text"', 'null', 'true'];
/** Odd strings for string properties: the schema's pattern decides whether each must be refused. */
const ODD_STRINGS = ['', '   ', 'a\u0000b', 'a\ud800b', '0000-01-01', '2023-02-29', '10000-01-01', '=cmd|"/c calc"!A1', "'; drop table orgs; --"];
/** Query values only asserted "not 5xx"; %00 is refused as a NUL character. 100 kB exceeds Node's 16 KB head limit (431 problem+json). */
const QUERY_NOISE = ['%00', '%E0%A4%A', '%FF', '%F0%9F%98%80%ED%A0%80', '0x10', 'x'.repeat(8_000), 'x'.repeat(BIG)];
const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');
const FORGED_CURSORS = [
  '!!not-base64!!',
  b64('not json'),
  b64(['garbage', 'x']),
  b64([null, null]),
  b64([1e20, null]),
  b64(['x']),
  b64({}),
  b64(['2020-01-01T00:00:00Z', 'not-a-uuid']),
  b64(['\u0000', randomUUID()]),
];

let t: TestApp;
let operator: ApiClient;
let anonymous: ApiClient;
let routes: Route[] = [];
let existingOrgId = '';
let existingMembershipId = '';
const outcomes: Outcome[] = [];
let sweepMs = 0;

// ---------------------------------------------------------------- reading the OpenAPI document

function routesOf(doc: any): Route[] {
  const out: Route[] = [];
  for (const [path, item] of Object.entries<any>(doc.paths ?? {})) {
    for (const [method, op] of Object.entries<any>(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const params: any[] = [...(item.parameters ?? []), ...(op.parameters ?? [])];
      out.push({
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        query: params.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema ?? {} })),
        body: op.requestBody?.content?.['application/json']?.schema ?? null,
        // Public (security: []) or optional (security with {}): anonymous callers get as far as signed-in ones.
        open: Array.isArray(op.security) && (op.security.length === 0 || op.security.some((s: object) => Object.keys(s).length === 0)),
      });
    }
  }
  return out;
}

const jsonType = (v: unknown) =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v;

/** Whether a value is of a JSON type the schema allows (types and enums only: enough to know a probe is surely wrong). */
function typeAccepts(s: Schema | undefined, v: unknown): boolean {
  if (!s) return true;
  if (Array.isArray(s.anyOf)) return s.anyOf.some((x: Schema) => typeAccepts(x, v));
  if (Array.isArray(s.oneOf)) return s.oneOf.some((x: Schema) => typeAccepts(x, v));
  if (Array.isArray(s.enum)) return s.enum.some((e: unknown) => e === v);
  if (!s.type) return true;
  const types: string[] = Array.isArray(s.type) ? s.type : [s.type];
  const got = jsonType(v);
  return types.some((ty) => ty === got || (ty === 'number' && got === 'integer'));
}

/** The first non-null branch of a union (a nullable property, or the first of alternative bodies). */
const core = (s: Schema): Schema => (Array.isArray(s.anyOf) ? (s.anyOf.find((x: Schema) => x.type !== 'null') ?? s) : s);

/** A plausible value for a schema (not necessarily valid: every probe breaks something). */
function sample(s0: Schema): unknown {
  const s = core(s0);
  if (Array.isArray(s.enum)) return s.enum[0];
  if (s.type === 'string') return s.format === 'uuid' ? randomUUID() : 'x'.repeat(Math.max(s.minLength ?? 1, 1));
  if (s.type === 'integer' || s.type === 'number') return s.minimum ?? 0;
  if (s.type === 'boolean') return false;
  if (s.type === 'array') return [];
  if (s.type === 'object') return Object.fromEntries((s.required ?? []).map((k: string) => [k, sample(s.properties?.[k] ?? {})]));
  return 'x';
}

/** Properties to probe: each top-level one and one level into nested objects ("contractOwner.email"). */
function leaves(body: Schema): { path: string[]; schema: Schema }[] {
  const out: { path: string[]; schema: Schema }[] = [];
  for (const [k, s] of Object.entries<Schema>(core(body).properties ?? {})) {
    out.push({ path: [k], schema: s });
    const c = core(s);
    if (c.type === 'object' && c.properties) for (const [k2, s2] of Object.entries<Schema>(c.properties)) out.push({ path: [k, k2], schema: s2 });
  }
  return out;
}

/** The base body (required properties) with `value` at `path` (creating the parent object from its schema). */
function bodyWith(body: Schema, path: string[], value: unknown): string {
  const base = sample(body) as Record<string, any>;
  if (path.length === 1) base[path[0]] = value;
  else base[path[0]] = { ...(sample(core(core(body).properties[path[0]])) as object), [path[1]]: value };
  return JSON.stringify(base);
}

const isFreeString = (s: Schema) => core(s).type === 'string' && !Array.isArray(core(s).enum);

// ---------------------------------------------------------------- building the probes

/** The full probe set goes to substitutions that reach the route's own validation; the others get one probe of each kind. */
function substitutions(route: Route): { sub: Sub; path: string; full: boolean }[] {
  if (!route.pathParams.length) return [{ sub: 'uuid', path: route.path, full: true }];
  const fill = (f: (name: string) => string) => route.path.replace(/\{(\w+)\}/g, (_, name: string) => f(name));
  const existing = (name: string) => (({ orgId: existingOrgId, membershipId: existingMembershipId }) as Record<string, string>)[name] ?? randomUUID();
  // With existing ids at hand, those get the full set (the same validation, and deeper code behind it); a random UUID a sample.
  const hasExisting = route.pathParams.some((n) => n === 'orgId' || n === 'membershipId');
  return [
    { sub: 'uuid', path: fill(() => randomUUID()), full: !hasExisting },
    ...(hasExisting ? [{ sub: 'existing' as const, path: fill(existing), full: true }] : []),
    { sub: 'not-a-uuid', path: fill(() => 'not-a-uuid'), full: false },
    { sub: 'long', path: fill(() => 'a'.repeat(600)), full: false },
    { sub: 'bad-escape', path: fill(() => '%E0%A4%A'), full: false },
  ];
}

/** Params are validated before body and query; a path the router refuses never reaches validation. */
function under(sub: Sub, route: Route, e: Expect): Expect {
  if (sub === 'long' || sub === 'bad-escape') return { kind: 'any' };
  // 'not-a-uuid' is a valid OIDC interaction uid (letters and hyphens): there the body's own rules answer.
  if (sub === 'not-a-uuid' && e.kind === 'field' && route.pathParams[0] !== 'uid') return { kind: 'field', path: `params.${route.pathParams[0]}` };
  return e;
}

/** One probe of each kind ((a)…(g), "no input"), for callers and paths that cannot get further than the first check. */
function sampleOf(probes: Probe[]): Probe[] {
  const seen = new Set<string>();
  return probes.filter((p) => {
    const kind = `${p.route.method} ${p.route.path} ${p.sub} ${/^(\(\w\)|no input)/.exec(p.variant)?.[1] ?? p.variant}`;
    if (seen.has(kind)) return false;
    seen.add(kind);
    return true;
  });
}

function probesFor(route: Route): Probe[] {
  const probes: Probe[] = [];
  const readsBody = route.method !== 'GET';
  for (const { sub, path, full } of substitutions(route)) {
    const mine: Probe[] = [];
    const add = (variant: string, e: Expect, p: { query?: string; body?: string; headers?: Record<string, string> } = {}) =>
      mine.push({
        route,
        sub,
        variant,
        method: route.method,
        url: path + (p.query ? `?${p.query}` : ''),
        body: p.body,
        headers: p.headers,
        expect: under(sub, route, e),
      });

    add('no input', { kind: 'any' });

    if (readsBody) {
      // (a) malformed JSON: every route that reads a body refuses it before anything else.
      for (const text of MALFORMED_JSON)
        add(`(a) malformed ${JSON.stringify(text)}`, { kind: 'refused', status: 400, code: 'malformed_request' }, { body: text });
      add('(a) __proto__ key', { kind: 'refused', status: 400, code: 'malformed_request' }, { body: '{"__proto__":{"polluted":true}}' });
      add(
        '(a) constructor.prototype key',
        { kind: 'refused', status: 400, code: 'malformed_request' },
        { body: '{"constructor":{"prototype":{"polluted":true}}}' },
      );
      // (e) over the 1 MB body limit (a legacy customer's export may be 32 MB: its own limit, so a field error there);
      // (g) content types.
      if (route.path === '/api/v1/legacy-imports') add('(e) body over 1 MB', { kind: 'any' }, { body: OVER_LIMIT_BODY });
      else add('(e) body over 1 MB', { kind: 'refused', status: 413, code: 'payload_too_large' }, { body: OVER_LIMIT_BODY });
      add(
        '(g) application/xml',
        { kind: 'refused', status: 415, code: 'unsupported_media_type' },
        { body: '<a/>', headers: { 'content-type': 'application/xml' } },
      );
      add('(g) text/plain', route.body ? { kind: 'field', path: '(root)' } : { kind: 'any' }, {
        body: 'plain words',
        headers: { 'content-type': 'text/plain' },
      });
    }

    if (readsBody && route.body) {
      // (b) a non-object top level, and wrong types for every declared property.
      for (const text of TOP_LEVEL_NON_OBJECTS) add(`(b) top level ${text}`, { kind: 'field', path: '(root)' }, { body: text });
      for (const leaf of leaves(route.body)) {
        const name = leaf.path.join('.');
        const s = core(leaf.schema);
        for (const v of WRONG_TYPE_VALUES) {
          add(`(b) ${name} = ${JSON.stringify(v)}`, typeAccepts(leaf.schema, v) ? { kind: 'any' } : { kind: 'field', path: name }, {
            body: bodyWith(route.body, leaf.path, v),
          });
        }
        if (s.type === 'array' && s.items) {
          for (const item of [null, 12345, 'text', [], { unexpectedInItem: true }]) {
            const refused = !typeAccepts(s.items, item) || (jsonType(item) === 'object' && core(s.items).additionalProperties === false);
            add(`(b) ${name} = [${JSON.stringify(item)}]`, refused ? { kind: 'field', path: name } : { kind: 'any' }, {
              body: bodyWith(route.body, leaf.path, [item]),
            });
          }
        }
        if (isFreeString(leaf.schema)) {
          // (c) huge strings in every string property.
          const max = s.maxLength;
          add(`(c) ${name} = 100 kB`, max !== undefined && max < BIG ? { kind: 'field', path: name } : { kind: 'any' }, {
            body: bodyWith(route.body, leaf.path, 'x'.repeat(BIG)),
          });
          // Not on sign-in: odd but well-formed credentials are failed sign-ins, and 20 per IP lock it (by design).
          for (const odd of route.path.endsWith('/auth/login') ? [] : ODD_STRINGS) {
            const refused = s.pattern !== undefined && !new RegExp(s.pattern).test(odd);
            add(`(b) ${name} = ${JSON.stringify(odd)}`, refused ? { kind: 'field', path: name } : { kind: 'any' }, {
              body: bodyWith(route.body, leaf.path, odd),
            });
          }
        }
        if (s.propertyNames?.maxLength !== undefined && leaf.path.length === 1) {
          add(`(c) ${name} with a 100 kB key`, { kind: 'field', path: name }, { body: bodyWith(route.body, leaf.path, { ['k'.repeat(BIG)]: 1 }) });
        }
      }
      // (d) unknown extra fields, at the top and inside nested objects.
      add(
        '(d) unknown top-level fields',
        { kind: 'field', path: 'unexpectedField' },
        { body: JSON.stringify({ ...(sample(route.body) as object), unexpectedField: 1, ['y'.repeat(1000)]: [1] }) },
      );
      for (const [k, s] of Object.entries<Schema>(core(route.body).properties ?? {})) {
        if (core(s).type === 'object' && core(s).additionalProperties === false) {
          add(
            `(d) unknown field in ${k}`,
            { kind: 'field', path: `${k}.unexpectedNested` },
            { body: bodyWith(route.body, [k], { ...(sample(core(s)) as object), unexpectedNested: true }) },
          );
        }
      }
    } else if (readsBody) {
      // A route without a declared body reads JSON and ignores it: assert only "not 5xx".
      for (const text of ['{"unexpectedField":1}', '[]', 'null', `{"s":"${'x'.repeat(BIG)}"}`])
        add(`(b/d) ignored body ${text.slice(0, 30)}`, { kind: 'any' }, { body: text });
    }

    // (f) query strings.
    if (route.query.length) {
      add('(f) unknown query parameter', { kind: 'field', path: 'querystring.unexpectedParam' }, { query: 'unexpectedParam=1' });
      for (const { name, schema } of route.query) {
        const s = core(schema);
        const field: Expect = { kind: 'field', path: `querystring.${name}` };
        add(`(f) ${name} repeated`, s.type === 'array' ? { kind: 'any' } : field, { query: `${name}=1&${name}=2` });
        add(`(f) ${name}[x] bracket syntax`, { kind: 'field', path: `querystring.${name}[x]` }, { query: `${encodeURIComponent(`${name}[x]`)}=1` });
        for (const noise of QUERY_NOISE)
          add(`(f) ${name} = ${noise.length > 20 ? `${noise.slice(0, 8)}… (${noise.length})` : noise}`, { kind: 'any' }, { query: `${name}=${noise}` });
        const invalid: string[] = [];
        if (s.type === 'integer' || s.type === 'number') {
          invalid.push('abc', '1.5x', '1e400', '[1]');
          if (s.type === 'integer') invalid.push('1.5');
          if (s.minimum !== undefined) invalid.push(String(s.minimum - 1));
          if (s.maximum !== undefined) invalid.push(String(s.maximum + 1), '99999999999999999999');
        } else if (Array.isArray(s.enum)) {
          const first = String(s.enum[0]);
          invalid.push('not-in-the-enum', first.toUpperCase() === first ? first.toLowerCase() : first.toUpperCase());
        } else if (s.format === 'uuid') invalid.push('not-a-uuid', '00000000-0000-0000-0000-00000000000g', `${randomUUID()}x`);
        else if (s.type === 'string' && s.maxLength !== undefined && s.maxLength < 8_000) invalid.push('x'.repeat(s.maxLength + 1));
        for (const v of invalid)
          add(`(f) ${name} = ${v.length > 20 ? `${v.slice(0, 8)}… (${v.length})` : v}`, field, { query: `${name}=${encodeURIComponent(v)}` });
        if (name === 'cursor')
          for (const c of FORGED_CURSORS)
            add(`(f) forged cursor ${Buffer.from(c, 'base64url').toString().slice(0, 40)}`, { kind: 'any' }, { query: `cursor=${encodeURIComponent(c)}` });
      }
    } else {
      add('(f) undeclared query noise', { kind: 'any' }, { query: `unexpectedParam=1&q=${'x'.repeat(8_000)}&limit=-1` });
    }

    probes.push(...(full ? mine : sampleOf(mine)));
  }
  return probes;
}

// ---------------------------------------------------------------- running them

/** A caller of the sweep: a session cookie plus the CSRF token on writes (as ApiClient sends them), or nobody. */
interface Caller {
  who: Who;
  cookie: string | null;
  csrf: string | null;
}

async function signIn(): Promise<Caller> {
  const res = await fetch(`${t.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(OPERATOR) });
  const body = (await res.json()) as { csrfToken: string };
  if (res.status !== 200) throw new Error(`operator sign-in failed: ${res.status}`);
  return { who: 'operator', cookie: res.headers.get('set-cookie')!.split(';')[0], csrf: body.csrfToken };
}

/** Sends one probe; an answer that is not complete within REQUEST_TIMEOUT_MS counts as a hang. */
async function send(caller: Caller, probe: Probe): Promise<Outcome> {
  const headers: Record<string, string> = { ...(probe.body !== undefined ? { 'content-type': 'application/json' } : {}), ...probe.headers };
  if (caller.cookie) headers.cookie = caller.cookie;
  if (caller.csrf && probe.method !== 'GET') headers['x-csrf-token'] = caller.csrf;
  const started = Date.now();
  try {
    const res = await fetch(t.url + probe.url, { method: probe.method, headers, body: probe.body, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON */
    }
    return { who: caller.who, probe, status: res.status, contentType: res.headers.get('content-type') ?? '', body, ms: Date.now() - started };
  } catch (err) {
    const e = err as Error & { cause?: unknown };
    const error = e.name === 'TimeoutError' ? `no complete answer within ${REQUEST_TIMEOUT_MS} ms` : `connection: ${String(e.cause ?? e)}`;
    return { who: caller.who, probe, status: 0, contentType: '', body: null, error, ms: Date.now() - started };
  }
}

async function pool<T>(items: T[], width: number, each: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await each(items[next++]);
    }),
  );
}

const isLogout = (p: Probe) => p.route.path.endsWith('/auth/logout');

const answerOf = (o: Outcome) =>
  o.error ??
  `${o.status} ${o.contentType.split(';')[0] || '-'} ${typeof o.body === 'object' && o.body ? (o.body.code ?? JSON.stringify(o.body).slice(0, 60)) : String(o.body).slice(0, 60)}${
    Array.isArray(o.body?.errors)
      ? ` errors=[${o.body.errors
          .map((e: { path: string }) => e.path)
          .join(', ')
          .slice(0, 100)}]`
      : ''
  }`;

/** One line per request, for short lists. */
const detailed = (list: Outcome[]) =>
  list.map(
    (o) =>
      `${o.who} ${o.probe.method} ${o.probe.url.length > 120 ? `${o.probe.url.slice(0, 120)}…` : o.probe.url} [${o.probe.sub}: ${o.probe.variant}] → ${answerOf(o)}`,
  );

const byRoute = (o: Outcome) => `${o.probe.method} ${o.probe.route.path} [${o.probe.sub}] → ${answerOf(o).replace(/errors=\[.*\]/, (m) => m.slice(0, 60))}`;
const byAnswer = (o: Outcome) => `[${o.probe.sub}] → ${o.error ?? `${o.status} ${o.contentType.split(';')[0] || '-'} ${o.body?.code ?? ''}`}`;

/** Grouped (by default by route, substitution and answer), with a count and examples: for long lists. */
function grouped(list: Outcome[], key: (o: Outcome) => string = byRoute): string[] {
  const groups = new Map<string, { n: number; examples: Set<string> }>();
  for (const o of list) {
    const g = groups.get(key(o)) ?? { n: 0, examples: new Set<string>() };
    g.n++;
    if (g.examples.size < 3) g.examples.add(key === byRoute ? `${o.who}: ${o.probe.variant}` : `${o.probe.method} ${o.probe.route.path}`);
    groups.set(key(o), g);
  }
  const lines = [...groups].map(([k, g]) => `${g.n}× ${k}   (e.g. ${[...g.examples].join(' | ')})`).sort();
  return lines.length > 60 ? [...lines.slice(0, 60), `… and ${lines.length - 60} more groups`] : lines;
}

const problemShaped = (o: Outcome) => o.contentType.includes('application/problem+json') && typeof o.body?.code === 'string' && o.body.status === o.status;

function namesField(o: Outcome): boolean {
  const e = o.probe.expect as Extract<Expect, { kind: 'field' }>;
  if (o.status !== 400 || !problemShaped(o) || o.body.code !== 'validation_failed' || !Array.isArray(o.body.errors)) return false;
  return o.body.errors.some(
    (x: { path: unknown; message: unknown }) =>
      typeof x.message === 'string' && x.message.length > 0 && typeof x.path === 'string' && (x.path === e.path || x.path.startsWith(`${e.path}.`)),
  );
}

beforeAll(async () => {
  // The business registries answer from nowhere: no probe may reach the real PRH or Brønnøysund services.
  t = await startTestApp({
    registryFiUrl: 'http://127.0.0.1:9/opendata-ytj-api/v3',
    registryNoUrl: 'http://127.0.0.1:9/enhetsregisteret/api',
    registryTimeoutMs: 500,
  });
  operator = await t.operator();
  anonymous = t.client();
  existingOrgId = (await makeOrg(operator)).id;
  const member = await operator.post(`/api/v1/orgs/${existingOrgId}/users`, {
    type: 'employee',
    email: 'robust.member@test.nyckel',
    firstName: 'Robust',
    lastName: 'Member',
  });
  expect(member.status).toBe(201);
  existingMembershipId = member.body.id;
  const doc = await operator.get('/api/v1/openapi.json');
  expect(doc.status).toBe(200);
  routes = routesOf(doc.body);

  const started = Date.now();
  const all = routes.flatMap(probesFor);
  for (const who of ['operator', 'anonymous'] as const) {
    const caller: Caller = who === 'operator' ? await signIn() : { who, cookie: null, csrf: null };
    // Anonymous callers get everything on open routes; elsewhere validation (the same as signed in) and then 401,
    // so all parse-level probes and one probe of each other kind.
    let mine =
      who === 'operator'
        ? all
        : [
            ...all.filter((p) => p.route.open || /^(\([aeg]\)|no input)/.test(p.variant)),
            ...sampleOf(all.filter((p) => !p.route.open && !/^(\([aeg]\)|no input)/.test(p.variant))),
          ];
    // Issue 13: an anonymous caller of a route that needs sign-in is told 401 before anything about its input, so
    // what a signed-in caller gets as validation_failed is unauthenticated for them (unreadable bodies stay 400/413/415).
    if (who === 'anonymous')
      mine = mine.map((p) => (!p.route.open && p.expect.kind === 'field' ? { ...p, expect: { kind: 'refused', status: 401, code: 'unauthenticated' } } : p));
    await pool(
      mine.filter((p) => !isLogout(p)),
      IN_FLIGHT,
      async (p) => {
        outcomes.push(await send(caller, p));
      },
    );
    // POST /auth/logout really signs out: its probes use their own session, signed in again whenever one succeeds.
    let own: Caller = who === 'operator' ? await signIn() : caller;
    for (const p of mine.filter(isLogout)) {
      const o = await send(own, p);
      outcomes.push(o);
      if (who === 'operator' && o.status >= 200 && o.status < 300) own = await signIn();
    }
  }
  sweepMs = Date.now() - started;
}, 300_000);

afterAll(async () => {
  await t?.close();
});

describe('no input crashes the server (SPEC §5 reliability)', () => {
  it('the sweep covered every route of the OpenAPI document, signed in and anonymous', async () => {
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining([
        'POST /api/v1/auth/login',
        'POST /api/v1/auth/logout',
        'POST /api/v1/orgs',
        'PATCH /api/v1/orgs/{orgId}',
        'GET /api/v1/orgs/{orgId}/audit',
      ]),
    );
    for (const r of routes) {
      for (const who of ['operator', 'anonymous']) {
        expect(
          outcomes.some((o) => o.who === who && o.probe.route === r),
          `${who} ${r.method} ${r.path}`,
        ).toBe(true);
      }
    }
    const perRoute = new Map<string, number>();
    for (const o of outcomes) perRoute.set(`${o.probe.method} ${o.probe.route.path}`, (perRoute.get(`${o.probe.method} ${o.probe.route.path}`) ?? 0) + o.ms);
    const slowest = [...perRoute]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([k, ms]) => `${k} ${ms} ms`)
      .join('; ');
    console.info(
      `[robustness/${testDb}] ${routes.length} routes, ${outcomes.length} requests in ${sweepMs} ms (${IN_FLIGHT} in flight); most time: ${slowest}`,
    );
    // The operator's own session survived the sweep (POST /auth/logout probes used a separate one).
    expect((await operator.get('/api/v1/me')).status).toBe(200);
  });

  it('§4 never answers 5xx, hangs or drops the connection, whatever the input', async () => {
    const broken = outcomes.filter((o) => o.status >= 500 || o.status === 0);
    expect(detailed(broken)).toEqual([]);
    expect((await anonymous.get('/api/v1/health')).status).toBe(200);
  });

  it('§4 unreadable, oversized and unsupported bodies are 400/413/415 problem+json with their code, on every route that reads a body', () => {
    const probes = outcomes.filter((o) => o.probe.expect.kind === 'refused');
    expect(probes.length).toBeGreaterThan(100);
    const wrong = probes.filter((o) => {
      const e = o.probe.expect as Extract<Expect, { kind: 'refused' }>;
      return o.status !== e.status || !problemShaped(o) || o.body.code !== e.code;
    });
    expect(grouped(wrong)).toEqual([]);
  });

  it('§4 wrong types, huge strings and unknown fields in bodies are validation_failed naming each field', () => {
    const probes = outcomes.filter((o) => o.probe.expect.kind === 'field' && !o.probe.variant.startsWith('(f)'));
    expect(probes.length).toBeGreaterThan(100);
    expect(grouped(probes.filter((o) => !namesField(o)))).toEqual([]);
  });

  it('§4 strict query schemas refuse unknown, repeated and wrong-typed parameters, naming the parameter', () => {
    const probes = outcomes.filter((o) => o.probe.expect.kind === 'field' && o.probe.variant.startsWith('(f)'));
    expect(probes.length).toBeGreaterThan(50);
    expect(grouped(probes.filter((o) => !namesField(o)))).toEqual([]);
  });

  it('§4 every error answer is RFC 9457 problem+json with a documented code', () => {
    // 431 (request head over Node's 16 KB limit) too: Node's parser refuses it, kernel/http.ts's clientErrorHandler answers.
    expect(outcomes.some((o) => o.status === 431)).toBe(true);
    const wrong = outcomes.filter((o) => o.status >= 400).filter((o) => !problemShaped(o) || !(o.body.code in ERROR_CODES));
    expect(grouped(wrong, byAnswer)).toEqual([]);
  });
});

const paths = (r: { body: any }) => (r.body?.errors ?? []).map((e: { path: string }) => e.path).sort();

describe('§4 validation_failed lists every issue by field path', () => {
  it('POST /orgs with three bad fields → three errors, one per field', async () => {
    const r = await operator.post('/api/v1/orgs', { name: 42, kind: 'shop', country: 'DK', businessId: '0112038-9' });
    expect(r.status).toBe(400);
    expect(r.contentType).toContain('application/problem+json');
    expect(r.body.code).toBe('validation_failed');
    expect(paths(r)).toEqual(['country', 'kind', 'name']);
  });

  it('POST /orgs with one field → one error per missing required field; nested and unknown fields are named by their path', async () => {
    // (An empty body fits the other shape, {fromRegistry}, better: that answer names only fromRegistry.)
    const partial = await operator.post('/api/v1/orgs', { name: 'Robust Oy' });
    expect(partial.status).toBe(400);
    expect(partial.body.code).toBe('validation_failed');
    expect(paths(partial)).toEqual(['businessId', 'country', 'kind']);

    const nested = await operator.post('/api/v1/orgs', {
      name: 'Robust Oy',
      kind: 'client',
      country: 'FI',
      businessId: '0112038-9',
      defaultLanguage: 'de',
      seats: { accounting: -1 },
      contractOwner: { email: 'not-an-email', firstName: '', lastName: 7, title: 'CEO' },
      colour: 'blue',
    });
    expect(nested.status).toBe(400);
    expect(nested.body.code).toBe('validation_failed');
    expect(paths(nested)).toEqual([
      'colour',
      'contractOwner.email',
      'contractOwner.firstName',
      'contractOwner.lastName',
      'contractOwner.title',
      'defaultLanguage',
      'seats.accounting',
    ]);
  });

  it('R-A2 POST /orgs with a bad business id → 400 invalid_business_id naming businessId', async () => {
    for (const [country, businessId] of [
      ['FI', '0112038-8'],
      ['SE', '556012-5791'],
      ['NO', '923609017'],
      ['NO', 'abc'],
    ]) {
      const r = await operator.post('/api/v1/orgs', { name: 'Robust', kind: 'client', country, businessId });
      expect(r.status, `${country} ${businessId}`).toBe(400);
      expect(r.body.code).toBe('invalid_business_id');
      expect(paths(r)).toEqual(['businessId']);
    }
  });

  it('POST /orgs/{orgId}/users lists each bad field, items of arrays by index', async () => {
    const r = await operator.post(`/api/v1/orgs/${existingOrgId}/users`, {
      type: 'boss',
      email: 'not-an-email',
      validFrom: '2023-02-29',
      modules: [{ key: 'accounting' }, { key: '' }],
      shoeSize: 44,
    });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('validation_failed');
    expect(paths(r)).toEqual(['email', 'modules.1.key', 'shoeSize', 'type', 'validFrom']);
  });

  it('PATCH /me and POST /auth/login (anonymous) list each bad field', async () => {
    const me = await operator.patch('/api/v1/me', { language: 'xx', firstName: '', phone: 5 });
    expect(me.status).toBe(400);
    expect(paths(me)).toEqual(['firstName', 'language', 'phone']);
    const login = await anonymous.post('/api/v1/auth/login', { email: 1, password: null, remember: true });
    expect(login.status).toBe(400);
    expect(login.body.code).toBe('validation_failed');
    expect(paths(login)).toEqual(['email', 'password', 'remember']);
  });

  it('GET /orgs with three bad query parameters → three errors under querystring.; a bad path parameter under params.', async () => {
    const q = await operator.get('/api/v1/orgs?kind=shop&limit=0&agencyId=nope');
    expect(q.status).toBe(400);
    expect(q.body.code).toBe('validation_failed');
    expect(paths(q)).toEqual(['querystring.agencyId', 'querystring.kind', 'querystring.limit']);
    const p = await operator.get('/api/v1/orgs/not-a-uuid');
    expect(p.status).toBe(400);
    expect(paths(p)).toEqual(['params.orgId']);
  });
});

describe('§4 forged page cursors', () => {
  const forged = [b64(['garbage', 'x']), b64([null, null]), b64([1e20, null]), b64(['2020-01-01T00:00:00Z', 'not-a-uuid']), b64(['\u0000', randomUUID()])];

  it('are a 400, never a 500, on every paged route of the OpenAPI document, for every sort and order', async () => {
    const urls: string[] = [];
    for (const r of routes.filter((x) => x.method === 'GET' && x.query.some((q) => q.name === 'cursor'))) {
      const path = r.path.replace(
        /\{(\w+)\}/g,
        (_, n: string) => (({ orgId: existingOrgId, membershipId: existingMembershipId }) as Record<string, string>)[n] ?? randomUUID(),
      );
      const sorts: string[] = core(r.query.find((q) => q.name === 'sort')?.schema ?? {}).enum ?? [];
      const orders: string[] = core(r.query.find((q) => q.name === 'order')?.schema ?? {}).enum ?? [];
      if (!sorts.length) urls.push(`${path}?`);
      for (const sort of sorts) for (const order of orders.length ? orders : ['']) urls.push(`${path}?sort=${sort}${order ? `&order=${order}` : ''}&`);
    }
    expect(urls.length).toBeGreaterThan(10);
    const bad: string[] = [];
    for (const url of urls) {
      for (const c of forged) {
        const r = await operator.get(`${url}cursor=${c}`);
        // A forged cursor may decode to a harmless position (200), but it must never break the query.
        if (r.status >= 500 || (r.status >= 400 && r.body?.code !== 'validation_failed')) {
          bad.push(`${url.slice(0, -1)} cursor=${Buffer.from(c, 'base64url').toString()} → ${r.status} ${r.body?.code}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('a cursor that cannot be decoded is named like every other query parameter (querystring.cursor)', async () => {
    const r = await operator.get(`/api/v1/orgs?cursor=${b64('not json')}`);
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('validation_failed');
    expect(paths(r)).toEqual(['querystring.cursor']);
  });
});
