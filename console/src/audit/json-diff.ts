/** Ids and bookkeeping in an event's views that say nothing to a reader (the export leaves them out too). */
export const HIDDEN_FIELDS = new Set(['id', 'orgId', 'accountId', 'personId', 'createdAt', 'updatedAt', 'effectiveModules']);

export type DiffKind = 'added' | 'removed' | 'changed' | 'unchanged';

export interface DiffLine {
  path: string;
  kind: DiffKind;
  before: unknown;
  after: unknown;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Field-by-field difference of an audit event's before and after states. Nested objects are
 * walked (paths like "address.city"); arrays and scalars are compared whole.
 */
export function diffStates(before: unknown, after: unknown, prefix = ''): DiffLine[] {
  if (!isPlainObject(before) || !isPlainObject(after)) {
    if (prefix === '' && (isPlainObject(before) || isPlainObject(after))) {
      return diffStates(isPlainObject(before) ? before : {}, isPlainObject(after) ? after : {}, prefix);
    }
    return [{ path: prefix || '·', kind: same(before, after) ? 'unchanged' : 'changed', before, after }];
  }
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((key) => prefix || !HIDDEN_FIELDS.has(key)).sort();
  return keys.flatMap((key): DiffLine[] => {
    const path = prefix ? `${prefix}.${key}` : key;
    const inBefore = key in before;
    const inAfter = key in after;
    if (!inBefore) return [{ path, kind: 'added', before: undefined, after: after[key] }];
    if (!inAfter) return [{ path, kind: 'removed', before: before[key], after: undefined }];
    if (isPlainObject(before[key]) && isPlainObject(after[key])) return diffStates(before[key], after[key], path);
    return [{ path, kind: same(before[key], after[key]) ? 'unchanged' : 'changed', before: before[key], after: after[key] }];
  });
}

export function showValue(value: unknown): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
