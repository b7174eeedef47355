import { consoleText } from '../kernel/console-texts.js';
import type { Language } from '../kernel/enums.js';

/**
 * The audit log in words, for the server's own output (the .xlsx export): the same sentences, labels and value words
 * as the console (console/src/audit/describe.ts), read from the console's translations.
 */
export const actionKey = (action: string) => action.replace(/\./g, '_');

/** "Anna Andersson deactivated Erik Berg". */
export function sentence(language: Language, action: string, actor: string | null, target: string | null): string {
  const values = { actor: actor || (consoleText(language, 'audit:system') ?? 'System'), target: target || '' };
  return consoleText(language, `audit:sentences.${actionKey(action)}`, values) ?? `${values.actor}: ${action} ${values.target}`.trim();
}

export function actionLabel(language: Language, action: string): string {
  return consoleText(language, `audit:actions.${actionKey(action)}`) ?? action;
}

export function targetLabel(language: Language, targetType: string): string {
  return consoleText(language, `audit:targets.${targetType}`) ?? targetType;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A field's value in words: enums translated, lists joined, yes/no, empty as "—". */
export function valueText(language: Language, field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return consoleText(language, value ? 'audit:values.yes' : 'audit:values.no') ?? String(value);
  const enums: Record<string, string> = { type: 'users:type', status: 'users:status', resellerRole: 'users:resellerRole' };
  if (typeof value === 'string' && enums[field]) return consoleText(language, `${enums[field]}.${value}`) ?? value;
  if (Array.isArray(value)) {
    return (
      value
        .map((item) => {
          if (typeof item === 'string') {
            if (field === 'packages') return consoleText(language, `common:packages.${item}`) ?? item;
            if (field === 'modules' || field === 'effectiveModules') return consoleText(language, `common:modules.${item}`) ?? item;
            return item;
          }
          if (isObject(item) && typeof item.key === 'string') return consoleText(language, `common:modules.${item.key}`) ?? item.key;
          if (isObject(item) && typeof item.role === 'string') return item.role;
          return JSON.stringify(item);
        })
        .join(', ') || '—'
    );
  }
  if (isObject(value)) return typeof value.name === 'string' ? value.name : JSON.stringify(value);
  return String(value);
}

/** Ids and bookkeeping in an event's views that say nothing to a reader (the console hides them too). */
export const HIDDEN_FIELDS = new Set(['id', 'orgId', 'accountId', 'personId', 'createdAt', 'updatedAt', 'effectiveModules']);

/** The fields an event changed, as "Label: before → after" lines. */
export function changeLines(language: Language, before: unknown, after: unknown): string[] {
  const b = isObject(before) ? before : {};
  const a = isObject(after) ? after : {};
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
  const lines: string[] = [];
  for (const key of keys) {
    if (HIDDEN_FIELDS.has(key) || JSON.stringify(b[key]) === JSON.stringify(a[key])) continue;
    const label = consoleText(language, `audit:fields.${key}`) ?? key;
    if (!isObject(before)) lines.push(`${label}: ${valueText(language, key, a[key])}`);
    else if (!isObject(after)) lines.push(`${label}: ${valueText(language, key, b[key])}`);
    else lines.push(`${label}: ${valueText(language, key, b[key])} → ${valueText(language, key, a[key])}`);
  }
  return lines;
}
