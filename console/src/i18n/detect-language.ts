import { FALLBACK_LANGUAGE, isLanguage, toLanguage, type Language } from './languages';

const STORAGE_KEY = 'nyckel.language';

/** Signed out: the last language picked on this browser, else the browser's languages, else English. */
export function detectLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    // storage may be unavailable (private mode); fall through to the browser's languages
  }
  const tags = navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const tag of tags) {
    const language = tag ? toLanguage(tag) : null;
    if (language) return language;
  }
  return FALLBACK_LANGUAGE;
}

export function rememberLanguage(language: Language): void {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // not remembered; the browser default applies next time
  }
}
