import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/browser';
import type { Account } from '../auth/api';
import { setCsrfToken } from '../shared/csrf';
import { api } from '../shared/http';

export type MfaMethod = 'totp' | 'webauthn' | 'recovery';

/** POST /auth/login answers this instead of a session when the account has a second factor. */
export interface MfaChallenge {
  token: string;
  methods: MfaMethod[];
}

export interface SessionResult {
  account: Account;
  csrfToken: string;
}

export interface MyMfa {
  totp: boolean;
  passkeys: { id: string; name: string; createdAt: string; lastUsedAt: string | null }[];
  recoveryCodesLeft: number;
  /** This session passed a second factor. */
  verified: boolean;
  operatorRequired: boolean;
}

export const mfaKeys = {
  mine: ['mfa', 'me'] as const,
  orgPolicy: (orgId: string) => ['mfa', 'org', orgId] as const,
};

async function session(result: Promise<SessionResult>) {
  const r = await result;
  setCsrfToken(r.csrfToken);
  return r;
}

export const signInWithTotp = (token: string, code: string) => session(api('/auth/mfa/totp', { method: 'POST', body: { token, code } }));
export const signInWithRecoveryCode = (token: string, code: string) => session(api('/auth/mfa/recovery', { method: 'POST', body: { token, code } }));
export const passkeySignInOptions = (token: string) =>
  api<PublicKeyCredentialRequestOptionsJSON>('/auth/mfa/webauthn/options', { method: 'POST', body: { token } });
export const signInWithPasskey = (token: string, response: AuthenticationResponseJSON) =>
  session(api('/auth/mfa/webauthn', { method: 'POST', body: { token, response } }));

export const fetchMyMfa = () => api<MyMfa>('/me/mfa');
export const startTotp = () => api<{ secret: string; uri: string }>('/me/mfa/totp', { method: 'POST' });
export const confirmTotp = (code: string) => api<{ recoveryCodes: string[] | null }>('/me/mfa/totp/confirm', { method: 'POST', body: { code } });
export const removeTotp = () => api<void>('/me/mfa/totp', { method: 'DELETE' });
export const renewRecoveryCodes = () => api<{ recoveryCodes: string[] | null }>('/me/mfa/recovery-codes', { method: 'POST' });
export const passkeyRegistrationOptions = () => api<PublicKeyCredentialCreationOptionsJSON>('/me/mfa/webauthn/options', { method: 'POST' });
export const registerPasskey = (name: string, response: RegistrationResponseJSON) =>
  api<{ id: string; recoveryCodes: string[] | null }>('/me/mfa/webauthn', { method: 'POST', body: { name, response } });
export const removePasskey = (id: string) => api<void>(`/me/mfa/webauthn/${encodeURIComponent(id)}`, { method: 'DELETE' });

export const fetchOrgMfaPolicy = (orgId: string) => api<{ required: boolean }>(`/orgs/${orgId}/mfa-policy`);
export const setOrgMfaPolicy = (orgId: string, required: boolean) =>
  api<{ required: boolean }>(`/orgs/${orgId}/mfa-policy`, { method: 'PUT', body: { required } });
