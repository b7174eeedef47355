import { startAuthentication, startRegistration } from '@simplewebauthn/browser';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { authKeys, fetchMe } from '../auth/api';
import { switchLanguage } from '../i18n';
import { isLanguage } from '../i18n/languages';
import * as mfa from './api';

/** After the second factor: the session exists; load the caller like a password sign-in does. */
function useSignedIn() {
  const queryClient = useQueryClient();
  return async ({ account }: mfa.SessionResult) => {
    if (isLanguage(account.language)) await switchLanguage(account.language);
    queryClient.setQueryData(authKeys.me, await fetchMe());
  };
}

/** Sign-in step 2: a TOTP code, a recovery code, or a passkey (navigator.credentials.get through @simplewebauthn/browser). */
export function useSecondFactor(token: string) {
  const onSuccess = useSignedIn();
  return useMutation({
    mutationFn: async (input: { method: mfa.MfaMethod; code?: string }) => {
      if (input.method === 'totp') return mfa.signInWithTotp(token, input.code ?? '');
      if (input.method === 'recovery') return mfa.signInWithRecoveryCode(token, input.code ?? '');
      const optionsJSON = await mfa.passkeySignInOptions(token);
      return mfa.signInWithPasskey(token, await startAuthentication({ optionsJSON }));
    },
    onSuccess,
  });
}

export function useMyMfa() {
  return useQuery({ queryKey: mfa.mfaKeys.mine, queryFn: mfa.fetchMyMfa });
}

function useRefresh() {
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries();
}

export function useStartTotp() {
  return useMutation({ mutationFn: mfa.startTotp });
}

export function useConfirmTotp() {
  const onSuccess = useRefresh();
  return useMutation({ mutationFn: mfa.confirmTotp, onSuccess });
}

export function useRemoveTotp() {
  const onSuccess = useRefresh();
  return useMutation({ mutationFn: mfa.removeTotp, onSuccess });
}

export function useRenewRecoveryCodes() {
  const onSuccess = useRefresh();
  return useMutation({ mutationFn: mfa.renewRecoveryCodes, onSuccess });
}

/** Passkey enrolment: options from the server, navigator.credentials.create, the answer back. */
export function useAddPasskey() {
  const onSuccess = useRefresh();
  return useMutation({
    mutationFn: async (name: string) => {
      const optionsJSON = await mfa.passkeyRegistrationOptions();
      return mfa.registerPasskey(name, await startRegistration({ optionsJSON }));
    },
    onSuccess,
  });
}

export function useRemovePasskey() {
  const onSuccess = useRefresh();
  return useMutation({ mutationFn: mfa.removePasskey, onSuccess });
}

export function useOrgMfaPolicy(orgId: string) {
  return useQuery({ queryKey: mfa.mfaKeys.orgPolicy(orgId), queryFn: () => mfa.fetchOrgMfaPolicy(orgId) });
}

export function useSetOrgMfaPolicy(orgId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (required: boolean) => mfa.setOrgMfaPolicy(orgId, required),
    onSuccess: (result) => queryClient.setQueryData(mfa.mfaKeys.orgPolicy(orgId), result),
  });
}
