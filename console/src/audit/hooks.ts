import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../shared/format';
import { useOptionalText } from '../shared/use-optional-text';
import { auditKeys, fetchOrgAudit, type AuditEvent, type AuditFilters } from './api';

export function useOrgAudit(orgId: string, filters: AuditFilters, cursor: string | null, limit: number) {
  return useQuery({
    queryKey: auditKeys.org(orgId, filters, cursor, limit),
    queryFn: ({ signal }) => fetchOrgAudit(orgId, { ...filters, cursor, limit }, signal),
    placeholderData: keepPreviousData,
  });
}

const keyOf = (action: string) => action.replace(/\./g, '_');

/** An audit action key ("org.created") in words; unknown keys are shown as they are. */
export function useActionLabel(): (action: string) => string {
  const optionalText = useOptionalText();
  return useCallback((action: string) => optionalText(`audit:actions.${keyOf(action)}`, action), [optionalText]);
}

/** A target type ("membership", "org") in words. */
export function useTargetLabel(): (targetType: string) => string {
  const optionalText = useOptionalText();
  return useCallback((targetType: string) => optionalText(`audit:targets.${targetType}`, targetType), [optionalText]);
}

/** An event as a sentence: "Anna Andersson deactivated Erik Berg" (the system when no one acted). */
export function useEventSentence(): (event: AuditEvent) => string {
  const { t } = useTranslation('audit');
  const optionalText = useOptionalText();
  return useCallback(
    (event: AuditEvent) => {
      const actor = event.actor?.name || t('system');
      const target = event.targetName ?? (event.targetType ? optionalText(`audit:targets.${event.targetType}`, event.targetType) : '');
      const key = `audit:sentences.${keyOf(event.action)}`;
      const said = optionalText(key, '');
      return said ? t(`sentences.${keyOf(event.action)}` as never, { actor, target }) : `${actor}: ${event.action} ${target}`.trim();
    },
    [t, optionalText],
  );
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T/;

/** A field's label and value in words: enums translated, lists joined, dates formatted, yes/no; "—" for none. */
export function useFieldText() {
  const { t } = useTranslation('audit');
  const optionalText = useOptionalText();
  const format = useFormatters();
  const label = useCallback((field: string) => optionalText(`audit:fields.${field.split('.').pop()}`, field), [optionalText]);
  const value = useCallback(
    (field: string, v: unknown): string => {
      const name = field.split('.').pop() ?? field;
      if (v === null || v === undefined || v === '') return '—';
      if (typeof v === 'boolean') return v ? t('values.yes') : t('values.no');
      const enums: Record<string, string> = { type: 'users:type', status: 'users:status', resellerRole: 'users:resellerRole' };
      if (typeof v === 'string') {
        if (enums[name]) return optionalText(`${enums[name]}.${v}`, v);
        if (DAY.test(v)) return format.date(v);
        if (INSTANT.test(v)) return format.dateTime(v);
        return v;
      }
      if (Array.isArray(v)) {
        const items = v.map((item) => {
          if (typeof item === 'string') {
            if (name === 'packages') return optionalText(`common:packages.${item}`, item);
            if (name === 'modules') return optionalText(`common:modules.${item}`, item);
            return item;
          }
          if (isObject(item) && typeof item.key === 'string') return optionalText(`common:modules.${item.key}`, item.key);
          if (isObject(item) && typeof item.role === 'string') return optionalText(`roles:names.${item.role}`, item.role);
          return JSON.stringify(item);
        });
        return items.join(', ') || '—';
      }
      if (isObject(v)) return typeof v.name === 'string' ? v.name : JSON.stringify(v);
      return String(v);
    },
    [t, optionalText, format],
  );
  return { label, value };
}
