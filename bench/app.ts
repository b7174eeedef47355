import { buildApp, type Nyckel } from '../src/app.js';
import { ensureFirstOperator } from '../src/auth/service.js';
import { loadConfig, type Config } from '../src/config.js';
import { demoBusinessId } from '../src/demo/seed.js';
import type { Database } from '../src/kernel/db.js';
import { bulkLoad, type Partner } from './seed.js';

export const OPERATOR = { email: 'operator@bench.nyckel', password: 'bench-operator-password-1' };
const LICENSED = ['accounting', 'invoicing', 'payroll', 'crm', 'projects', 'timesheets', 'cases', 'documents'];

/** A signed-in HTTP session against a listening server: cookie + CSRF token, raw fetch. */
export class Session {
  cookie = '';
  csrf = '';
  constructor(readonly baseUrl: string) {}

  headers(extra: Record<string, string> = {}): Record<string, string> {
    return { cookie: this.cookie, 'x-csrf-token': this.csrf, ...extra };
  }

  async json(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const res = await fetch(this.baseUrl + path, {
      method,
      headers: this.headers(body === undefined ? {} : { 'content-type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) this.cookie = setCookie.split(';')[0];
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  /** One GET, timed from the request until the whole body has arrived; throws unless 200. */
  async timedGet(path: string): Promise<{ ms: number; body: any }> {
    const t0 = performance.now();
    const res = await fetch(this.baseUrl + path, { headers: { cookie: this.cookie } });
    const text = await res.text();
    const ms = performance.now() - t0;
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${text.slice(0, 300)}`);
    return { ms, body: JSON.parse(text) };
  }

  async login(email: string, password: string) {
    const r = await this.json('POST', '/api/v1/auth/login', { email, password });
    if (r.status !== 200) throw new Error(`login failed: ${r.status} ${JSON.stringify(r.body)}`);
    this.csrf = r.body.csrfToken;
  }
}

export interface BenchApp {
  kind: Database['kind'];
  nyckel: Nyckel;
  database: Database;
  url: string;
  session: Session;
  orgId: string;
  orgName: string;
  rows: number;
  inactive: number;
  loadMs: Record<string, number>;
  close(): Promise<void>;
}

let businessSeq = 7000;

/** Nyckel on an open database (migrated), listening on 127.0.0.1, with the operator signed in over HTTP. */
export async function listenBenchApp(database: Database, log: (s: string) => void): Promise<{ nyckel: Nyckel; url: string; session: Session }> {
  const config: Config = {
    ...loadConfig({}),
    port: 0,
    host: '127.0.0.1',
    serveConsole: false,
    publicUrl: 'http://nyckel.bench',
    devMailbox: true,
    adminEmail: OPERATOR.email,
    adminPassword: OPERATOR.password,
  };
  const t0 = performance.now();
  const nyckel = await buildApp({ config, database, logger: false });
  await ensureFirstOperator(nyckel.deps, config.adminEmail, config.adminPassword);
  await nyckel.app.listen({ port: 0, host: '127.0.0.1' });
  const address = nyckel.app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const session = new Session(url);
  await session.login(OPERATOR.email, OPERATOR.password);
  log(`  ${database.kind}: app started and operator signed in (${Math.round(performance.now() - t0)} ms)`);
  return { nyckel, url, session };
}

/**
 * Nyckel on an open database, listening on 127.0.0.1: the operator signs in over HTTP and creates the organisation
 * and five partner organisations through the API; then its members are bulk-loaded in SQL.
 */
export async function startBenchApp(database: Database, rows: number, log: (s: string) => void): Promise<BenchApp> {
  const { nyckel, url, session } = await listenBenchApp(database, log);

  const seats = Object.fromEntries(LICENSED.map((m) => [m, 1_000_000]));
  const createOrg = async (name: string, country: 'FI' | 'SE' | 'NO') => {
    const r = await session.json('POST', '/api/v1/orgs', { name, kind: 'client', country, businessId: demoBusinessId(country, businessSeq++), seats });
    if (r.status !== 201) throw new Error(`create org ${name}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body as { id: string; name: string };
  };
  const org = await createOrg('Nordvik Industri Oy', 'FI');
  const partnerSpecs: [string, 'FI' | 'SE' | 'NO', string, Partner['language']][] = [
    ['Revisorerna Syd AB', 'SE', 'revisorerna-syd.se', 'sv'],
    ['Tilitoimisto Aalto Oy', 'FI', 'tilitoimistoaalto.fi', 'fi'],
    ['Regnskapshuset Vest AS', 'NO', 'regnskapshuset.no', 'nb'],
    ['Konsulttipalvelu Kivi Oy', 'FI', 'kivi-konsult.fi', 'fi'],
    ['Lönebyrån Norr AB', 'SE', 'lonebyran.se', 'sv'],
  ];
  const partners: Partner[] = [];
  for (const [name, country, domain, language] of partnerSpecs) {
    const p = await createOrg(name, country);
    partners.push({ id: p.id, name: p.name, domain, language });
  }

  const inactive = Math.round(rows * 0.02);
  const t1 = performance.now();
  const loadMs = await bulkLoad(database.db, { orgId: org.id, orgName: org.name, ownDomain: 'nordvik.fi', partners, rows, inactive });
  loadMs.total = Math.round(performance.now() - t1);
  log(
    `  ${database.kind}: bulk-loaded ${rows.toLocaleString('en')} + ${inactive.toLocaleString('en')} deactivated members in ${(loadMs.total / 1000).toFixed(1)} s (${Object.entries(
      loadMs,
    )
      .filter(([k]) => k !== 'total')
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')})`,
  );

  return {
    kind: database.kind,
    nyckel,
    database,
    url,
    session,
    orgId: org.id,
    orgName: org.name,
    rows,
    inactive,
    loadMs,
    close: () => nyckel.close(),
  };
}
