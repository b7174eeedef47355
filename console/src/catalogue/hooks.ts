import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useOptionalText } from '../shared/use-optional-text';
import { fetchModules, moduleKeys, type Module } from './api';

export function useModules() {
  return useQuery({
    queryKey: moduleKeys.all,
    queryFn: ({ signal }) => fetchModules(signal),
    staleTime: 10 * 60_000,
  });
}

/** A module's name in the UI language; keys outside the default catalogue keep the server's name. */
export function useModuleName(): (module: Pick<Module, 'key' | 'name'>) => string {
  const optionalText = useOptionalText();
  return useCallback((module) => optionalText(`common:modules.${module.key}`, module.name), [optionalText]);
}
