import { useQuery } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useOptionalText } from '../shared/use-optional-text';
import { fetchModules, fetchPackages, moduleKeys, packageKeys, type Module, type Package } from './api';

export function useModules() {
  return useQuery({
    queryKey: moduleKeys.all,
    queryFn: ({ signal }) => fetchModules(signal),
    staleTime: 10 * 60_000,
  });
}

export function usePackages() {
  return useQuery({
    queryKey: packageKeys.all,
    queryFn: ({ signal }) => fetchPackages(signal),
    staleTime: 10 * 60_000,
  });
}

/** A module's name in the UI language; keys outside the default catalogue keep the server's name. */
export function useModuleName(): (module: Pick<Module, 'key' | 'name'>) => string {
  const optionalText = useOptionalText();
  return useCallback((module) => optionalText(`common:modules.${module.key}`, module.name), [optionalText]);
}

/** A module's name from its key alone (licenses, problems, effective modules). */
export function useModuleKeyName(): (key: string) => string {
  const optionalText = useOptionalText();
  return useCallback((key: string) => optionalText(`common:modules.${key}`, key), [optionalText]);
}

/** An access package's name in the UI language; unknown packages keep the server's name. */
export function usePackageName(): (pkg: Pick<Package, 'key' | 'name'>) => string {
  const optionalText = useOptionalText();
  return useCallback((pkg) => optionalText(`common:packages.${pkg.key}`, pkg.name), [optionalText]);
}
