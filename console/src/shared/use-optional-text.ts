import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';

type LooseT = (key: string, options?: Record<string, unknown>) => string;

/**
 * Translates a key built from server data ("errors:license_in_use", "audit:actions.org_created"),
 * falling back to the given text when the key is not translated.
 */
export function useOptionalText(): (key: string, fallback: string, options?: Record<string, unknown>) => string {
  const { t, i18n } = useTranslation();
  return useCallback((key, fallback, options) => (i18n.exists(key) ? (t as unknown as LooseT)(key, options) : fallback), [t, i18n]);
}
