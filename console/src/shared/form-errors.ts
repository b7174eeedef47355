import { useCallback } from 'react';
import type { ApiError, FieldProblem } from './api-error';
import { useFieldErrorText } from './problem-text';

/** Turns a problem's `errors[].path` ("contractOwner.email", "/businessId", "body.seats.payroll") into a dotted field key. */
export function normalizeFieldPath(path: string): string {
  return path
    .replace(/^\/+/, '')
    .replace(/\//g, '.')
    .replace(/\[(\w+)\]/g, '.$1')
    .replace(/^body\./, '');
}

/**
 * Field errors for Mantine inputs' `error` props, keyed by dotted path; the first message per field wins.
 * `text` turns a field error into what is shown (by default the server's English message).
 */
export function fieldErrorsFrom(error: ApiError, text: (field: FieldProblem) => string = (field) => field.message): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const field of error.errors) {
    const key = normalizeFieldPath(field.path ?? '');
    if (key && !(key in fields)) fields[key] = text(field);
  }
  return fields;
}

/** fieldErrorsFrom with each field error translated by its code in the user's language. */
export function useFieldErrors(): (error: ApiError) => Record<string, string> {
  const fieldText = useFieldErrorText();
  return useCallback((error: ApiError) => fieldErrorsFrom(error, fieldText), [fieldText]);
}

/** Field errors whose path is not among the form's fields (shown above the form instead). */
export function unplacedFieldErrors(fields: Record<string, string>, known: readonly string[]): string[] {
  return Object.entries(fields)
    .filter(([key]) => !known.includes(key))
    .map(([key, message]) => `${key}: ${message}`);
}
