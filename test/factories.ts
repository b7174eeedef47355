import { hashPassword } from '../src/auth/passwords.js';
import { newId } from '../src/kernel/crypto.js';
import { inTx } from '../src/kernel/db.js';
import { getCatalogue } from '../src/catalogue/service.js';
import { insertMember, normaliseGrants } from '../src/users/service.js';
import { demoBusinessId } from '../src/demo/seed.js';
import type { Country } from '../src/orgs/business-id.js';
import type { ApiClient } from './http-client.js';
import type { TestApp } from './test-app.js';

let seq = 0;
const unique = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;
let idSeq = 1000 + Math.floor(Math.random() * 50_000);

/** A valid, not yet used business id for the country. */
export function nextBusinessId(country: Country = 'FI'): string {
  return demoBusinessId(country, idSeq++);
}

/** POST /orgs through the API (as the given client); 50 seats of every licensed module unless `seats` is given. */
export async function makeOrg(api: ApiClient, input: Record<string, unknown> = {}) {
  const country = (input.country as Country) ?? 'FI';
  const seats = Object.fromEntries(['accounting', 'invoicing', 'payroll', 'crm', 'projects', 'timesheets', 'cases', 'documents'].map((m) => [m, 50]));
  const r = await api.post('/api/v1/orgs', { name: `Org ${unique()}`, kind: 'client', country, businessId: nextBusinessId(country), seats, ...input });
  if (r.status !== 201) throw new Error(`makeOrg: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { id: string; name: string; kind: string; agencyId: string | null };
}

const hashCache = new Map<string, Promise<string>>();

/** An account with a password, inserted directly (the users API arrives with the users capability). */
export async function makeAccount(
  t: TestApp,
  input: {
    email?: string;
    password?: string;
    homeOrgId?: string | null;
    operator?: boolean;
    active?: boolean;
    loginValidUntil?: string | null;
    language?: 'en' | 'sv' | 'fi' | 'nb';
    firstName?: string;
    lastName?: string;
  } = {},
) {
  const password = input.password ?? 'account-password-1';
  if (!hashCache.has(password)) hashCache.set(password, hashPassword(password));
  const id = newId();
  const email = input.email ?? `user-${unique()}@test.nyckel`;
  await t.database.db
    .insertInto('accounts')
    .values({
      id,
      email,
      first_name: input.firstName ?? 'Test',
      last_name: input.lastName ?? `User ${unique()}`,
      language: input.language ?? 'en',
      home_org_id: input.homeOrgId ?? null,
      password_hash: await hashCache.get(password)!,
      operator: input.operator ?? false,
      active: input.active ?? true,
      login_valid_until: input.loginValidUntil ?? null,
    })
    .execute();
  return { id, email, password };
}

/** A membership with grants, through the same insert the users service uses (seats are taken, R-B2 applies). */
export async function makeMembership(
  t: TestApp,
  orgId: string,
  accountId: string | null,
  input: {
    type?: 'reseller' | 'employee' | 'external' | 'no_access' | 'person';
    status?: 'invited' | 'active' | 'inactive' | 'expired';
    packages?: string[];
    modules?: { key: string; admin?: boolean }[];
    validUntil?: string | null;
  } = {},
) {
  const db = t.database.db;
  const catalogue = await getCatalogue(db);
  const account = accountId
    ? await db.selectFrom('accounts').select(['email', 'first_name', 'last_name', 'home_org_id']).where('id', '=', accountId).executeTakeFirstOrThrow()
    : null;
  const home = await db
    .selectFrom('orgs')
    .select(['id', 'name'])
    .where('id', '=', account?.home_org_id ?? orgId)
    .executeTakeFirstOrThrow();
  const id = await inTx(db, (tx) =>
    insertMember(tx, catalogue, {
      orgId,
      accountId,
      email: account?.email ?? null,
      firstName: account?.first_name ?? 'Test',
      lastName: account?.last_name ?? 'Person',
      phone: null,
      jobTitle: null,
      type: input.type ?? 'employee',
      status: input.status ?? 'active',
      resellerRole: null,
      validFrom: null,
      validUntil: input.validUntil ?? null,
      homeOrg: home,
      grants: normaliseGrants(input.packages, input.modules),
    }),
  );
  return { id };
}

/** An organisation administrator: an account with an active membership holding user-admin. */
export async function makeOrgAdmin(t: TestApp, orgId: string) {
  const account = await makeAccount(t, { homeOrgId: orgId });
  await makeMembership(t, orgId, account.id, { modules: [{ key: 'user-admin' }] });
  const api = t.client();
  await api.login(account.email, account.password);
  return { account, api };
}
