import { registerExampleApp } from '../apps/service.js';
import { hashPassword } from '../auth/passwords.js';
import type { Deps } from '../kernel/auth-context.js';
import { recordAudit } from '../kernel/audit.js';
import { newId } from '../kernel/crypto.js';
import { inTx, type Tx } from '../kernel/db.js';
import { getCatalogue, type Catalogue } from '../catalogue/service.js';
import { insertMember, normaliseGrants } from '../users/service.js';
import { storeLegacyRecord } from '../conversion/service.js';
import { sampleLegacyExport } from '../conversion/legacy-sample.js';
import { finnishCheckDigit, luhnCheckDigit, norwegianCheckDigit, type Country } from '../orgs/business-id.js';

export const DEMO_PASSWORD = 'nyckel-demo';
const AGENCY_BUSINESS_ID = '556677-8899';

/** The n-th valid business id of a country (deterministic, so the demo is the same on every machine). */
export function demoBusinessId(country: Country, n: number): string {
  for (let i = n * 7; ; i++) {
    if (country === 'FI') {
      const body = String(2_400_000 + i).padStart(7, '0');
      const c = finnishCheckDigit(body);
      if (c !== null) return `${body}-${c}`;
    } else if (country === 'SE') {
      const body = String(559_100_000 + i);
      return `${body.slice(0, 6)}-${body.slice(6)}${luhnCheckDigit(body)}`;
    } else {
      const body = String(91_000_000 + i);
      const c = norwegianCheckDigit(body);
      if (c !== null) return `${body}${c}`;
    }
  }
}

const CLIENT_NAMES = [
  ['Aalto Rakennus Oy', 'FI'],
  ['Björkvik Bygg AB', 'SE'],
  ['Fjordlys AS', 'NO'],
  ['Kuusela Logistiikka Oy', 'FI'],
  ['Sjöberg & Dotter AB', 'SE'],
  ['Nordlys Eiendom AS', 'NO'],
  ['Lahden Leipomo Oy', 'FI'],
  ['Ekholm Konsult AB', 'SE'],
  ['Bergen Marin AS', 'NO'],
  ['Tampereen Tekniikka Oy', 'FI'],
  ['Lindqvist Transport AB', 'SE'],
  ['Trondheim Tre AS', 'NO'],
  ['Oulun Optiikka Oy', 'FI'],
  ['Vänern Fisk AB', 'SE'],
  ['Stavanger Sveis AS', 'NO'],
  ['Porvoon Puutarha Oy', 'FI'],
  ['Gotland Glas AB', 'SE'],
  ['Tromsø Turisme AS', 'NO'],
  ['Jyväskylän Jäähalli Oy', 'FI'],
  ['Malmö Mekaniska AB', 'SE'],
  ['Drammen Data AS', 'NO'],
  ['Vaasan Vesi Oy', 'FI'],
  ['Uppsala Urmakeri AB', 'SE'],
  ['Bodø Bakeri AS', 'NO'],
  ['Kuopion Kahvila Oy', 'FI'],
] as const;
const LEGACY_NAMES = [
  ['Gamla Handelshuset AB', 'SE'],
  ['Vanha Kauppahuone Oy', 'FI'],
] as const;
const CONSULTANTS = [
  ['Anna', 'Andersson'],
  ['Erik', 'Berg'],
  ['Maria', 'Carlsson'],
  ['Johan', 'Dahl'],
  ['Sara', 'Eklund'],
  ['Mikko', 'Virtanen'],
  ['Liisa', 'Korhonen'],
  ['Ola', 'Nordmann'],
  ['Kari', 'Hansen'],
  ['Emma', 'Lund'],
] as const;
const LANG = { FI: 'fi', SE: 'sv', NO: 'nb' } as const;
const mail = (first: string, last: string, domain: string) =>
  `${first}.${last}`
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z.]/g, '') + `@${domain}`;

interface SignIn {
  role: string;
  email: string;
  password: string;
}

async function addMember(
  tx: Tx,
  catalogue: Catalogue,
  org: { id: string; name: string },
  account: { id: string; email: string; first: string; last: string; home: { id: string; name: string } },
  type: 'employee' | 'reseller',
  grant: { packages?: string[]; modules?: { key: string; admin?: boolean }[]; resellerRole?: 'accountant' | 'auditor' },
  office: { id: string; name: string } | null = null,
) {
  await insertMember(tx, catalogue, {
    orgId: org.id,
    accountId: account.id,
    email: account.email,
    firstName: account.first,
    lastName: account.last,
    phone: null,
    jobTitle: type === 'reseller' ? 'Accountant' : null,
    type,
    status: 'active',
    resellerRole: grant.resellerRole ?? null,
    validFrom: null,
    validUntil: null,
    homeOrg: account.home,
    grants: normaliseGrants(grant.packages, grant.modules),
    office,
  });
}

/**
 * The demo data set (NYCKEL_DEMO=1): one agency with 10 consultants, 25 clients in FI/SE/NO with valid business ids
 * and two legacy ("must convert") customers. Loaded once; a second start finds it and changes nothing.
 */
export async function loadDemoData(deps: Deps): Promise<{ created: boolean; signIns: SignIn[] }> {
  const domain = 'demo.nyckel.test';
  const signIns: SignIn[] = [
    { role: 'platform operator', email: `operator@${domain}`, password: DEMO_PASSWORD },
    { role: 'agency administrator', email: mail('Anna', 'Andersson', domain), password: DEMO_PASSWORD },
    { role: 'consultant', email: mail('Erik', 'Berg', domain), password: DEMO_PASSWORD },
    { role: 'client administrator', email: `admin@aalto.${domain}`, password: DEMO_PASSWORD },
  ];
  // Loaded once: the demo operator's account marks a database that has it.
  const existing = await deps.db.selectFrom('accounts').select('id').where('email_lower', '=', `operator@${domain}`).executeTakeFirst();
  if (existing) return { created: false, signIns };
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const catalogue = await getCatalogue(deps.db);

  await inTx(deps.db, async (tx) => {
    const account = async (first: string, last: string, email: string, language: 'en' | 'sv' | 'fi' | 'nb', homeOrgId: string | null, operator = false) => {
      const id = newId();
      await tx
        .insertInto('accounts')
        .values({ id, email, first_name: first, last_name: last, language, home_org_id: homeOrgId, password_hash: passwordHash, operator })
        .execute();
      return id;
    };
    const org = async (name: string, kind: 'agency' | 'client', country: Country, businessId: string, agencyId: string | null, legacy = false) => {
      const id = newId();
      await tx
        .insertInto('orgs')
        .values({
          id,
          name,
          kind,
          country,
          business_id: businessId,
          default_language: LANG[country],
          agency_id: agencyId,
          contract_owner_account_id: null,
          permission_model: legacy ? 'legacy' : 'current',
        })
        .execute();
      const seats: Record<string, number> =
        kind === 'agency'
          ? { accounting: 20, invoicing: 20, payroll: 20, crm: 0, projects: 0, timesheets: 0, cases: 0, documents: 0 }
          : { accounting: 10, invoicing: 10, payroll: 5, crm: 5, projects: 5, timesheets: 5, cases: 2, documents: 2 };
      await tx
        .insertInto('license_pools')
        .values(Object.entries(seats).map(([module_key, n]) => ({ org_id: id, module_key, seats: n })))
        .execute();
      await recordAudit(tx, null, 'org.created', { orgId: id, targetType: 'org', targetId: id, after: { name, kind, country, businessId, demo: true } });
      return { id, name };
    };
    // R-C16: offices ("toimipaikka", seed 003) to place people at.
    const offices = async (orgId: string, list: [name: string, address: string | null][]) => {
      const made: { id: string; name: string }[] = [];
      for (const [name, address] of list) {
        const id = newId();
        await tx.insertInto('offices').values({ org_id: orgId, id, name, address }).execute();
        made.push({ id, name });
      }
      return made;
    };

    await account('Olivia', 'Operator', `operator@${domain}`, 'en', null, true);
    const agency = await org('Nordic Accounting Partners AB', 'agency', 'SE', AGENCY_BUSINESS_ID, null);
    const agencyId = agency.id;
    const agencyOffices = await offices(agencyId, [
      ['Stockholm', 'Drottninggatan 10, 111 51 Stockholm'],
      ['Helsinki', 'Mannerheimintie 5, 00100 Helsinki'],
      ['Oslo', 'Karl Johans gate 20, 0159 Oslo'],
    ]);
    const consultants: { id: string; first: string; last: string; email: string; home: { id: string; name: string }; office: { id: string; name: string } }[] =
      [];
    for (const [i, [first, last]] of CONSULTANTS.entries()) {
      const email = mail(first, last, domain);
      const id = await account(first, last, email, i >= 5 && i < 7 ? 'fi' : i >= 7 && i < 9 ? 'nb' : 'sv', agencyId);
      const consultant = { id, first, last, email, home: agency, office: agencyOffices[i >= 5 && i < 7 ? 1 : i >= 7 && i < 9 ? 2 : 0] };
      consultants.push(consultant);
      await addMember(
        tx,
        catalogue,
        agency,
        consultant,
        'employee',
        {
          packages: ['agency'],
          modules: i === 0 ? [{ key: 'user-admin' }] : [],
        },
        consultant.office,
      );
    }
    for (const [i, [name, country]] of CLIENT_NAMES.entries()) {
      const client = await org(name, 'client', country, demoBusinessId(country, i + 1), agencyId);
      if (i === 0) {
        // Projects and sites (seed 003: projekti, kohde) to give roles on.
        for (const name of ['Koulu Kalasatama', 'Silta Vantaa', 'Asunto Oy Tapiola']) {
          await tx.insertInto('projects').values({ org_id: client.id, id: newId(), name }).execute();
        }
        for (const name of ['Työmaa Pasila', 'Työmaa Espoonlahti']) {
          await tx.insertInto('sites').values({ org_id: client.id, id: newId(), name }).execute();
        }
        const [helsinki] = await offices(client.id, [
          ['Helsinki', 'Aleksanterinkatu 15, 00100 Helsinki'],
          ['Tampere', 'Hämeenkatu 1, 33100 Tampere'],
          ['Oulu', null],
        ]);
        const adminId = await account('Aino', 'Aalto', `admin@aalto.${domain}`, 'fi', client.id);
        await addMember(
          tx,
          catalogue,
          client,
          { id: adminId, first: 'Aino', last: 'Aalto', email: `admin@aalto.${domain}`, home: client },
          'employee',
          { packages: ['base-accounting'], modules: [{ key: 'user-admin' }] },
          helsinki,
        );
      }
      // Anna (agency admin) administers every client; two more consultants serve each client as accountants.
      const served = [consultants[0], consultants[1 + (i % 9)], consultants[1 + ((i + 4) % 9)]];
      for (const [k, c] of served.entries()) {
        await addMember(
          tx,
          catalogue,
          client,
          c,
          'reseller',
          {
            resellerRole: 'accountant',
            packages: ['agency'],
            modules: k === 0 ? [{ key: 'user-admin' }] : [],
          },
          c.office,
        );
      }
    }
    // Seed 000: two customers of the agency still on the legacy system, each with a legacy record holding one conflict
    // of each kind and an integration login, so the agency administrator can walk the conversion wizard.
    for (const [i, [name, country]] of LEGACY_NAMES.entries()) {
      const legacy = await org(name, 'client', country, demoBusinessId(country, 100 + i), agencyId, true);
      const record = sampleLegacyExport({
        org: { name, country, businessId: '' },
        domain: i === 0 ? 'gamla-handelshuset.demo.nyckel.test' : 'vanha-kauppahuone.demo.nyckel.test',
      });
      await storeLegacyRecord(tx, legacy.id, record);
    }
    // R-L3: the example module application (examples/module-app) is registered, so it runs beside `npm start`.
    await registerExampleApp(tx);
    await recordAudit(tx, null, 'demo.loaded', { orgId: null, targetType: 'demo', after: { agencyId } });
  });
  return { created: true, signIns };
}
