import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { switchLanguage } from '../i18n';
import { isLanguage, type Language } from '../i18n/languages';
import { setCsrfToken } from '../shared/csrf';
import {
  acceptInvitation,
  authKeys,
  fetchLinkStatus,
  fetchMe,
  forgotPassword,
  login,
  logout,
  resetPassword,
  updateMe,
  type LoginBody,
  type Me,
  type MePatch,
} from './api';

export function useMe() {
  return useQuery({ queryKey: authKeys.me, queryFn: fetchMe, staleTime: 60_000 });
}

/** Whether the caller may create organisations: operators, and administrators of an agency (R-A1). */
export function canCreateOrgs(me: Me | null | undefined): boolean {
  if (!me) return false;
  return me.operator || me.organisations.some((org) => org.kind === 'agency' && org.admin);
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: LoginBody) => login(body),
    onSuccess: async (result) => {
      if ('mfa' in result) return; // the second factor comes next (SecondFactorForm)
      const { account } = result;
      // The signed-in account's language wins over the browser's.
      if (isLanguage(account.language)) await switchLanguage(account.language);
      queryClient.setQueryData(authKeys.me, await fetchMe());
    },
  });
}

export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: logout,
    onSettled: () => {
      setCsrfToken(null);
      queryClient.clear();
      queryClient.setQueryData(authKeys.me, null);
    },
  });
}

/** Switches the language at once; signed in, it is also saved on the account (PATCH /me). */
export function useChangeLanguage() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (language: Language) => {
      await switchLanguage(language);
      const me = queryClient.getQueryData<Me | null>(authKeys.me);
      if (!me) return null;
      return updateMe({ language });
    },
    onSuccess: (result) => {
      if (!result) return;
      queryClient.setQueryData<Me | null>(authKeys.me, (me) => (me ? { ...me, account: result.account } : me));
    },
  });
}

/** R-C15, R-F3: the caller's own names, phone, language and e-mail settings (PATCH /me). */
export function useUpdateProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (patch: MePatch) => updateMe(patch),
    onSuccess: async (result) => {
      queryClient.setQueryData<Me | null>(authKeys.me, (me) => (me ? { ...me, account: result.account, emailSettings: result.emailSettings } : me));
      if (isLanguage(result.account.language)) await switchLanguage(result.account.language);
    },
  });
}

/**
 * Where "/" leads: operators and administrators to the organisations; somebody who administers nothing
 * (e.g. a user without system access, R-C5) to their own profile.
 */
export function homePathFor(me: Me): string {
  return me.operator || me.organisations.some((o) => o.admin) ? '/orgs' : '/profile';
}

/**
 * Where somebody lands after signing in from an invitation (issue 14 item 5): their organisation's page when they
 * belong to one, the organisations (the chooser) when several, otherwise the usual home.
 */
export function landingPathFor(me: Me): string {
  if (me.operator) return homePathFor(me);
  if (me.organisationsTotal === 1 && me.organisations[0]) return `/orgs/${me.organisations[0].id}`;
  if (me.organisationsTotal > 1) return '/orgs';
  return homePathFor(me);
}

export function useForgotPassword() {
  return useMutation({ mutationFn: (email: string) => forgotPassword(email) });
}

export function useSetPassword(purpose: 'reset' | 'invitation') {
  return useMutation({
    mutationFn: ({ token, password }: { token: string; password: string }) =>
      purpose === 'reset' ? resetPassword(token, password) : acceptInvitation(token, password),
  });
}

/** The state of the link the page was opened with; not retried, not refetched (a link's state changes by use only). */
export function useLinkStatus(token: string, purpose: 'reset' | 'invitation') {
  return useQuery({
    queryKey: ['link-status', purpose, token],
    queryFn: () => fetchLinkStatus(token, purpose),
    enabled: token.length > 0,
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  });
}
