import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { appKeys, disableApp, fetchApps, registerApp, rotateAppSecret, type AppInput } from './api';

export function useApps() {
  return useQuery({ queryKey: appKeys.all, queryFn: ({ signal }) => fetchApps(signal) });
}

function useAppMutation<I, O>(fn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => queryClient.invalidateQueries({ queryKey: appKeys.all }) });
}

export const useRegisterApp = () => useAppMutation((input: AppInput) => registerApp(input));
export const useRotateAppSecret = () => useAppMutation((id: string) => rotateAppSecret(id));
export const useDisableApp = () => useAppMutation((id: string) => disableApp(id));
