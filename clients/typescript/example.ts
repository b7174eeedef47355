// A module developer's first ten minutes with the generated client (docs/api.md): get a token, list users page by
// page, handle a problem. Types: nyckel-api.d.ts (`npm run api:client`, openapi-typescript); calls: openapi-fetch.
// Run: NYCKEL_URL=http://localhost:3000 NYCKEL_TOKEN=nyk_… NYCKEL_ORG=<orgId> npx tsx clients/typescript/example.ts
import createClient from 'openapi-fetch';
import type { components, paths } from './nyckel-api.js';

export type Problem = components['schemas']['Problem'];
export type User = paths['/api/v1/orgs/{orgId}/users/{membershipId}']['get']['responses'][200]['content']['application/json'];
export type UserFilters = NonNullable<paths['/api/v1/orgs/{orgId}/users']['get']['parameters']['query']>;

/** A problem answer as an exception: `code` is stable, `errors` names each wrong field. */
export class NyckelProblem extends Error {
  constructor(readonly problem: Problem) {
    super(`${problem.status} ${problem.code}: ${problem.detail}`);
  }
}

/** A client that sends a personal API token (no CSRF header needed with a bearer token). */
export function connect(baseUrl: string, token: string) {
  return createClient<paths>({ baseUrl, headers: { authorization: `Bearer ${token}` } });
}
export type Nyckel = ReturnType<typeof connect>;

/** Minute 1: sign in once with a password and create a personal API token (it is shown only in this answer). */
export async function createToken(baseUrl: string, email: string, password: string, name: string): Promise<string> {
  const api = createClient<paths>({ baseUrl });
  const login = await api.POST('/api/v1/auth/login', { body: { email, password } });
  if (login.error) throw new NyckelProblem(login.error);
  // A cookie write needs the session's CSRF token; the API token needs neither afterwards.
  const cookie = (login.response.headers.get('set-cookie') ?? '').split(';')[0];
  const created = await api.POST('/api/v1/me/api-tokens', { body: { name }, headers: { cookie, 'X-CSRF-Token': login.data.csrfToken } });
  if (created.error) throw new NyckelProblem(created.error);
  return created.data.token;
}

/** Minutes 2–5: every user of an organisation matching the filters, page by page with the cursor. */
export async function* listAllUsers(api: Nyckel, orgId: string, filters: Omit<UserFilters, 'cursor'> = {}): AsyncGenerator<User> {
  let cursor: string | undefined;
  do {
    const { data, error } = await api.GET('/api/v1/orgs/{orgId}/users', { params: { path: { orgId }, query: { limit: 200, ...filters, cursor } } });
    if (error) throw new NyckelProblem(error);
    yield* data.items;
    cursor = data.nextCursor ?? undefined;
  } while (cursor);
}

/** Minutes 6–10: add an employee; an existing user is not an error here, a full license pool is reported per module. */
export async function addEmployee(api: Nyckel, orgId: string, person: { email: string; firstName: string; lastName: string; packages?: string[] }) {
  const { data, error } = await api.POST('/api/v1/orgs/{orgId}/users', { params: { path: { orgId } }, body: { type: 'employee', ...person } });
  if (!error) return { added: data };
  switch (error.code) {
    case 'already_member':
      return { alreadyMember: true as const };
    case 'license_limit_reached':
      return { shortOf: (error.modules ?? []).flatMap((m) => (typeof m === 'string' ? [] : [`${m.module}: ${m.inUse}/${m.seats}, needs ${m.needed}`])) };
    case 'validation_failed':
      return { invalid: (error.errors ?? []).map((e) => `${e.path}: ${e.code}`) };
    default:
      throw new NyckelProblem(error);
  }
}

async function main() {
  const { NYCKEL_URL = 'http://localhost:3000', NYCKEL_TOKEN, NYCKEL_ORG } = process.env;
  if (!NYCKEL_TOKEN || !NYCKEL_ORG) throw new Error('Set NYCKEL_TOKEN (POST /api/v1/me/api-tokens) and NYCKEL_ORG (an organisation id).');
  const api = connect(NYCKEL_URL, NYCKEL_TOKEN);
  let n = 0;
  for await (const user of listAllUsers(api, NYCKEL_ORG, { view: 'own', sort: 'lastName' })) {
    console.log(`${user.lastName}, ${user.firstName} <${user.email ?? '-'}> ${user.type} ${user.status}`);
    n++;
  }
  console.log(`${n} users`);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))) await main();
