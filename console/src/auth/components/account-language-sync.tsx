import { useEffect } from 'react';
import { switchLanguage } from '../../i18n';
import { isLanguage } from '../../i18n/languages';
import { useMe } from '../hooks';

/** On load the signed-in account's language wins over the browser's (and over a signed-out choice). */
export function AccountLanguageSync() {
  const language = useMe().data?.account.language;
  useEffect(() => {
    if (isLanguage(language)) void switchLanguage(language);
  }, [language]);
  return null;
}
