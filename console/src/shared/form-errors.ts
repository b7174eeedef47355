import type { ApiError } from './api-error';

/** Turns a problem's `errors[].path` ("contractOwner.email", "/businessId", "body.seats.payroll") into a dotted field key. */
export function normalizeFieldPath(path: string): string {
  return path
    .replace(/^\/+/, '')
    .replace(/\//g, '.')
    .replace(/\[(\w+)\]/g, '.$1')
    .replace(/^body\./, '');
}

/** Field errors for Mantine inputs' `error` props, keyed by dotted path; the first message per field wins. */
export function fieldErrorsFrom(error: ApiError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const { path, message } of error.errors) {
    const key = normalizeFieldPath(path ?? '');
    if (key && !(key in fields)) fields[key] = message;
  }
  return fields;
}

/** Field errors whose path is not among the form's fields (shown above the form instead). */
export function unplacedFieldErrors(fields: Record<string, string>, known: readonly string[]): string[] {
  return Object.entries(fields)
    .filter(([key]) => !known.includes(key))
    .map(([key, message]) => `${key}: ${message}`);
}
