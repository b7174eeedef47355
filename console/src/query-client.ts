import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { authKeys } from './auth/api';
import { isApiError } from './shared/api-error';
import { setCsrfToken } from './shared/csrf';

/** A 401 from any call means the session ended: forget the caller, so protected pages go to /login. */
function onError(error: unknown): void {
  if (isApiError(error) && error.status === 401 && queryClient.getQueryData(authKeys.me)) {
    setCsrfToken(null);
    queryClient.setQueryData(authKeys.me, null);
  }
}

export const queryClient: QueryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      // Client errors (4xx) do not get better by asking again.
      retry: (failures, error) => (isApiError(error) && error.status >= 400 && error.status < 500 ? false : failures < 2),
    },
  },
});
