import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { detectLanguage, rememberLanguage } from './detect-language';
import { FALLBACK_LANGUAGE, LANGUAGES, type Language } from './languages';
import { NAMESPACES, resources } from './resources';

void i18n.use(initReactI18next).init({
  resources,
  lng: detectLanguage(),
  fallbackLng: FALLBACK_LANGUAGE,
  supportedLngs: [...LANGUAGES],
  ns: [...NAMESPACES],
  defaultNS: 'common',
  interpolation: { escapeValue: false },
  returnNull: false,
});

document.documentElement.lang = i18n.language;
i18n.on('languageChanged', (language) => {
  document.documentElement.lang = language;
});

/** Switches the UI language now and remembers it on this browser. */
export function switchLanguage(language: Language): Promise<unknown> {
  rememberLanguage(language);
  return i18n.changeLanguage(language);
}

export default i18n;
