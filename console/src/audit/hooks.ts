import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useOptionalText } from '../shared/use-optional-text';
import { auditKeys, fetchOrgAudit } from './api';

export function useOrgAudit(orgId: string, cursor: string | null, limit: number) {
  return useQuery({
    queryKey: auditKeys.org(orgId, cursor, limit),
    queryFn: ({ signal }) => fetchOrgAudit(orgId, { cursor, limit }, signal),
    placeholderData: keepPreviousData,
  });
}

/** An audit action key ("org.created") in words; unknown keys are shown as they are. */
export function useActionLabel(): (action: string) => string {
  const optionalText = useOptionalText();
  return useCallback((action: string) => optionalText(`audit:actions.${action.replace(/\./g, '_')}`, action), [optionalText]);
}

/** A target type ("user", "org") in words. */
export function useTargetLabel(): (targetType: string) => string {
  const optionalText = useOptionalText();
  return useCallback((targetType: string) => optionalText(`audit:targets.${targetType}`, targetType), [optionalText]);
}
