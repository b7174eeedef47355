import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from './api-error';
import { useOptionalText } from './use-optional-text';

/**
 * Problem `code`s are translated here and only here (i18n errors.json); an unknown code falls back
 * to the problem's title.
 */
export function useProblemText(): (error: unknown) => string {
  const { t } = useTranslation('errors');
  const optionalText = useOptionalText();
  return useCallback(
    (error: unknown) => {
      if (!isApiError(error)) return t('unknown');
      const fallback = error.title || error.detail || t('unknown');
      return optionalText(`errors:${error.code}`, fallback, { count: error.retryAfter ?? 0 });
    },
    [t, optionalText],
  );
}
