import { api } from '../shared/http';
import type { Page } from '../shared/page';

export interface Module {
  key: string;
  name: string;
  licensed: boolean;
}

export const moduleKeys = { all: ['modules'] as const };

export function fetchModules(signal?: AbortSignal): Promise<Page<Module>> {
  return api('/modules', { signal });
}
