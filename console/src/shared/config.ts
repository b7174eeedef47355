import { useQuery } from '@tanstack/react-query';
import { api } from './http';

export interface ServerConfig {
  devMailbox: boolean;
  languages: string[];
  version: string;
}

export const configKeys = { config: ['config'] as const };

export function fetchConfig(): Promise<ServerConfig> {
  return api<ServerConfig>('/config');
}

export function useConfig() {
  return useQuery({ queryKey: configKeys.config, queryFn: fetchConfig, staleTime: Infinity });
}
