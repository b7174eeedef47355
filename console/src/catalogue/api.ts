import { api } from '../shared/http';
import type { Page } from '../shared/page';

export interface Module {
  key: string;
  name: string;
  licensed: boolean;
}

/** An access package: a named bundle of modules (SPEC §2; seed 001's "profile"). */
export interface Package {
  key: string;
  name: string;
  modules: string[];
}

export const moduleKeys = { all: ['modules'] as const };
export const packageKeys = { all: ['packages'] as const };

export function fetchModules(signal?: AbortSignal): Promise<Page<Module>> {
  return api('/modules', { signal });
}

export function fetchPackages(signal?: AbortSignal): Promise<Page<Package>> {
  return api('/packages', { signal });
}
