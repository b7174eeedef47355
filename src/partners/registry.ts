import type { Config } from '../config.js';
import { AppError } from '../kernel/errors.js';
import type { Country } from '../orgs/business-id.js';

export interface RegistryCompany {
  name: string;
  companyForm: string | null;
}

async function fetchJson(url: string, timeoutMs: number): Promise<{ status: number; body: any }> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    throw new AppError('registry_unavailable', {
      detail: `The business registry did not answer (${(err as Error).name === 'TimeoutError' ? 'timeout' : 'network error'}). Try again later.`,
    });
  }
  if (res.status === 404 || res.status === 410) return { status: res.status, body: null };
  if (!res.ok) throw new AppError('registry_unavailable', { detail: `The business registry answered ${res.status}. Try again later.` });
  try {
    return { status: res.status, body: await res.json() };
  } catch {
    throw new AppError('registry_unavailable', { detail: 'The business registry answered something that is not JSON.' });
  }
}

/**
 * Finland: PRH / YTJ open data API v3, `GET {root}/companies?businessId=…` → {totalResults, companies: [{businessId,
 * names: [{name, type, endDate}], companyForms: [{type, descriptions: [{languageCode, description}], endDate}]}]}.
 * Name type "1" is the registered name; the company form is given in the caller's language
 * (languageCode "1" Finnish, "2" Swedish, "3" English).
 */
const PRH_LANGUAGE_CODE = { fi: '1', sv: '2', en: '3', nb: '3' } as const;

async function lookupFinland(root: string, businessId: string, timeoutMs: number, language: keyof typeof PRH_LANGUAGE_CODE): Promise<RegistryCompany | null> {
  const { body } = await fetchJson(`${root}/companies?businessId=${encodeURIComponent(businessId)}`, timeoutMs);
  const company = body?.companies?.find((c: any) => c?.businessId?.value === businessId) ?? body?.companies?.[0];
  if (!company) return null;
  const names: any[] = Array.isArray(company.names) ? company.names : [];
  const current = names.filter((n) => !n.endDate);
  const name = (current.find((n) => String(n.type) === '1') ?? current[0] ?? names[0])?.name;
  if (typeof name !== 'string' || !name) return null;
  const forms: any[] = Array.isArray(company.companyForms) ? company.companyForms : [];
  const form = forms.find((f) => !f.endDate) ?? forms[0];
  const descriptions: any[] = Array.isArray(form?.descriptions) ? form.descriptions : [];
  const description = (
    descriptions.find((d) => String(d.languageCode) === PRH_LANGUAGE_CODE[language]) ??
    descriptions.find((d) => String(d.languageCode) === '3') ??
    descriptions[0]
  )?.description;
  return { name, companyForm: typeof description === 'string' ? description : null };
}

/** Norway: Brønnøysund Enhetsregisteret, `GET {root}/enheter/{orgnr}` → {organisasjonsnummer, navn, organisasjonsform: {kode, beskrivelse}}; 404 unknown, 410 deleted. */
async function lookupNorway(root: string, orgnr: string, timeoutMs: number): Promise<RegistryCompany | null> {
  const { body } = await fetchJson(`${root}/enheter/${encodeURIComponent(orgnr)}`, timeoutMs);
  if (!body || typeof body.navn !== 'string' || body.slettedato) return null;
  return { name: body.navn, companyForm: typeof body.organisasjonsform?.beskrivelse === 'string' ? body.organisasjonsform.beskrivelse : null };
}

/**
 * R-F2: looks a company up in the country's public business registry. Sweden has no free open registry API, so
 * Swedish organisations are created by an operator by hand. Refuses: not_in_registry, registry_unavailable.
 */
export async function lookupRegistry(
  config: Config,
  country: Country,
  businessId: string,
  language: 'en' | 'sv' | 'fi' | 'nb' = 'en',
): Promise<RegistryCompany> {
  if (country === 'SE') {
    throw new AppError('not_in_registry', { detail: 'Sweden has no free open business registry to ask. An operator can create the organisation by hand.' });
  }
  const hit =
    country === 'FI'
      ? await lookupFinland(config.registryFiUrl, businessId, config.registryTimeoutMs, language)
      : await lookupNorway(config.registryNoUrl, businessId, config.registryTimeoutMs);
  if (!hit)
    throw new AppError('not_in_registry', {
      detail: `No company with business id ${businessId} in the ${country === 'FI' ? 'Finnish (PRH/YTJ)' : 'Norwegian (Brønnøysund)'} registry. An operator can create the organisation by hand.`,
    });
  return hit;
}
