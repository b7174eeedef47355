import type { Language } from '../i18n/languages';
import type { Country } from './api';

export { COUNTRIES } from '../shared/enums';

/** R-A2: what a business id looks like in each country (Y-tunnus, organisationsnummer, organisasjonsnummer). */
export const BUSINESS_ID_PLACEHOLDER: Record<Country, string> = {
  FI: '1234567-8',
  SE: '556677-8899',
  NO: '123456785',
};

export const COUNTRY_LANGUAGE: Record<Country, Language> = { FI: 'fi', SE: 'sv', NO: 'nb' };

/** The country a new organisation most likely is in, from the UI language (Finland otherwise). */
export function countryForLanguage(language: string): Country {
  if (language === 'sv') return 'SE';
  if (language === 'nb') return 'NO';
  return 'FI';
}
