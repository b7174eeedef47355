import { hashPassword } from '../auth/passwords.js';
import type { Deps } from '../kernel/auth-context.js';
import { recordAudit } from '../kernel/audit.js';
import { newId } from '../kernel/crypto.js';
import { inTx, type Tx } from '../kernel/db.js';
import { finnishCheckDigit, luhnCheckDigit, norwegianCheckDigit, type Country } from '../orgs/business-id.js';

export const DEMO_PASSWORD = 'nyckel-demo';
const AGENCY_BUSINESS_ID = '556677-8897';

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
  ['Aalto Rakennus Oy', 'FI'], ['Björkvik Bygg AB', 'SE'], ['Fjordlys AS', 'NO'], ['Kuusela Logistiikka Oy', 'FI'],
  ['Sjöberg & Dotter AB', 'SE'], ['Nordlys Eiendom AS', 'NO'], ['Lahden Leipomo Oy', 'FI'], ['Ekholm Konsult AB', 'SE'],
  ['Bergen Marin AS', 'NO'], ['Tampereen Tekniikka Oy', 'FI'], ['Lindqvist Transport AB', 'SE'], ['Trondheim Tre AS', 'NO'],
  ['Oulun Optiikka Oy', 'FI'], ['Vänern Fisk AB', 'SE'], ['Stavanger Sveis AS', 'NO'], ['Porvoon Puutarha Oy', 'FI'],
  ['Gotland Glas AB', 'SE'], ['Tromsø Turisme AS', 'NO'], ['Jyväskylän Jäähalli Oy', 'FI'], ['Malmö Mekaniska AB', 'SE'],
  ['Drammen Data AS', 'NO'], ['Vaasan Vesi Oy', 'FI'], ['Uppsala Urmakeri AB', 'SE'], ['Bodø Bakeri AS', 'NO'],
  ['Kuopion Kahvila Oy', 'FI'],
] as const;
const LEGACY_NAMES = [['Gamla Handelshuset AB', 'SE'], ['Vanha Kauppahuone Oy', 'FI']] as const;
const CONSULTANTS = [
  ['Anna', 'Andersson'], ['Erik', 'Berg'], ['Maria', 'Carlsson'], ['Johan', 'Dahl'], ['Sara', 'Eklund'],
  ['Mikko', 'Virtanen'], ['Liisa', 'Korhonen'], ['Ola', 'Nordmann'], ['Kari', 'Hansen'], ['Emma', 'Lund'],
] as const;
const LANG = { FI: 'fi', SE: 'sv', NO: 'nb' } as const;
const mail = (first: string, last: string, domain: string) =>
  `${first}.${last}`.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z.]/g, '') + `@${domain}`;

interface SignIn { role: string; email: string; password: string }

async function addMember(tx: Tx, orgId: string, accountId: string, person: { first: string; last: string; email: string },
  type: 'employee' | 'reseller', grant: { packages?: string[]; modules?: { key: string; admin?: boolean }[]; resellerRole?: 'accountant' | 'auditor' }) {
  const personId = newId();
  const membershipId = newId();
  await tx.insertInto('persons').values({ org_id: orgId, id: personId, first_name: person.first, last_name: person.last, email: person.email, phone: null, job_title: type === 'reseller' ? 'Accountant' : null }).execute();
  await tx.insertInto('memberships').values({ org_id: orgId, id: membershipId, person_id: personId, account_id: accountId, type, status: 'active', reseller_role: grant.resellerRole ?? null, valid_from: null, valid_until: null }).execute();
  for (const p of grant.packages ?? []) await tx.insertInto('membership_packages').values({ org_id: orgId, membership_id: membershipId, package_key: p }).execute();
  for (const m of grant.modules ?? []) await tx.insertInto('membership_modules').values({ org_id: orgId, membership_id: membershipId, module_key: m.key, admin: m.admin ?? false }).execute();
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
  const existing = await deps.db.selectFrom('orgs').select('id').where('country', '=', 'SE').where('business_id', '=', AGENCY_BUSINESS_ID).executeTakeFirst();
  if (existing) return { created: false, signIns };
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  await inTx(deps.db, async (tx) => {
    const account = async (first: string, last: string, email: string, language: 'en' | 'sv' | 'fi' | 'nb', homeOrgId: string | null, operator = false) => {
      const id = newId();
      await tx.insertInto('accounts').values({ id, email, first_name: first, last_name: last, language, home_org_id: homeOrgId, password_hash: passwordHash, operator }).execute();
      return id;
    };
    const org = async (name: string, kind: 'agency' | 'client', country: Country, businessId: string, agencyId: string | null, legacy = false) => {
      const id = newId();
      await tx.insertInto('orgs').values({ id, name, kind, country, business_id: businessId, default_language: LANG[country], agency_id: agencyId, contract_owner_account_id: null, permission_model: legacy ? 'legacy' : 'current' }).execute();
      await tx.insertInto('license_pools').values([
        { org_id: id, module_key: 'accounting', seats: 10 }, { org_id: id, module_key: 'invoicing', seats: 10 },
        { org_id: id, module_key: 'payroll', seats: 5 }, { org_id: id, module_key: 'crm', seats: 5 },
        { org_id: id, module_key: 'projects', seats: 5 }, { org_id: id, module_key: 'timesheets', seats: 5 },
        { org_id: id, module_key: 'cases', seats: 2 }, { org_id: id, module_key: 'documents', seats: 2 },
      ]).execute();
      await recordAudit(tx, null, 'org.created', { orgId: id, targetType: 'org', targetId: id, after: { name, kind, country, businessId, demo: true } });
      return id;
    };

    await account('Olivia', 'Operator', `operator@${domain}`, 'en', null, true);
    const agencyId = await org('Nordic Accounting Partners AB', 'agency', 'SE', AGENCY_BUSINESS_ID, null);
    const consultants: { id: string; first: string; last: string; email: string }[] = [];
    for (const [i, [first, last]] of CONSULTANTS.entries()) {
      const email = mail(first, last, domain);
      const id = await account(first, last, email, i >= 5 && i < 7 ? 'fi' : i >= 7 && i < 9 ? 'nb' : 'sv', agencyId);
      consultants.push({ id, first, last, email });
      await addMember(tx, agencyId, id, { first, last, email }, 'employee', {
        packages: ['agency'], modules: i === 0 ? [{ key: 'user-admin' }] : [],
      });
    }
    for (const [i, [name, country]] of CLIENT_NAMES.entries()) {
      const clientId = await org(name, 'client', country, demoBusinessId(country, i + 1), agencyId);
      if (i === 0) {
        const adminId = await account('Aino', 'Aalto', `admin@aalto.${domain}`, 'fi', clientId);
        await addMember(tx, clientId, adminId, { first: 'Aino', last: 'Aalto', email: `admin@aalto.${domain}` }, 'employee', {
          packages: ['base-accounting'], modules: [{ key: 'user-admin' }],
        });
      }
      // Anna (agency admin) administers every client; two more consultants serve each client as accountants.
      const served = [consultants[0], consultants[1 + (i % 9)], consultants[1 + ((i + 4) % 9)]];
      for (const [k, c] of served.entries()) {
        await addMember(tx, clientId, c.id, c, 'reseller', {
          resellerRole: 'accountant', packages: ['agency'], modules: k === 0 ? [{ key: 'user-admin' }] : [],
        });
      }
    }
    for (const [i, [name, country]] of LEGACY_NAMES.entries()) {
      await org(name, 'client', country, demoBusinessId(country, 100 + i), null, true);
    }
    await recordAudit(tx, null, 'demo.loaded', { orgId: null, targetType: 'demo', after: { agencyId } });
  });
  return { created: true, signIns };
}
