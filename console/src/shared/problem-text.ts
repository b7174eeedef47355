import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError, type FieldProblem } from './api-error';
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

/**
 * Field error `code`s (required, unknown_module, ends_before_start, …) are translated here too (errors.json
 * `fields`); a code this console does not know yet falls back to the server's English message.
 */
export function useFieldErrorText(): (field: FieldProblem) => string {
  const optionalText = useOptionalText();
  return useCallback((field: FieldProblem) => (field.code ? optionalText(`errors:fields.${field.code}`, field.message) : field.message), [optionalText]);
}
