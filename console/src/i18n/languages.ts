import { LANGUAGES, oneOf, type Language } from '../shared/enums';

export { LANGUAGES, type Language };

export const FALLBACK_LANGUAGE: Language = 'en';

/** Each language named in itself, for the language menu. */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  sv: 'Svenska',
  fi: 'Suomi',
  nb: 'Norsk bokmål',
};

export function isLanguage(value: unknown): value is Language {
  return oneOf(LANGUAGES, value) !== undefined;
}

/** Maps a BCP 47 tag ("sv-SE", "no", "nn-NO") to a supported language. */
export function toLanguage(tag: string): Language | null {
  const base = tag.toLowerCase().split(/[-_]/)[0] ?? '';
  if (base === 'no' || base === 'nn' || base === 'nb') return 'nb';
  return isLanguage(base) ? base : null;
}
