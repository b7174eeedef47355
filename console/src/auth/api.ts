import { isApiError } from '../shared/api-error';
import { setCsrfToken } from '../shared/csrf';
import { api } from '../shared/http';
import type { Language } from '../i18n/languages';
import type { OrgKind } from '../orgs/api';

export interface Account {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  phone: string | null;
  language: Language;
  homeOrgId: string | null;
  active: boolean;
  loginValidUntil: string | null;
}

export interface MyOrganisation {
  id: string;
  name: string;
  kind: OrgKind;
  admin: boolean;
  /** Modules the caller administers there as program administrator (R-J2). */
  programAdminOf: string[];
}

export interface EmailSettings {
  /** Mail about access given or changed (R-C2). */
  accessNotices: boolean;
  productNews: boolean;
}

export interface Me {
  account: Account;
  /** R-C15: the caller's own e-mail settings. */
  emailSettings: EmailSettings;
  operator: boolean;
  /** null when the caller uses a bearer token instead of the session cookie. */
  csrfToken: string | null;
  /** The first page (by name); organisationsTotal tells how many there are, GET /me/organisations pages the rest. */
  organisations: MyOrganisation[];
  organisationsTotal: number;
  organisationsNextCursor: string | null;
}

export interface LoginBody {
  email: string;
  password: string;
}

export interface LoginResult {
  account: Account;
  csrfToken: string;
}

export interface MePatch {
  language?: Language;
  firstName?: string;
  lastName?: string;
  phone?: string | null;
  emailSettings?: EmailSettings;
}

export const authKeys = {
  me: ['me'] as const,
};

/** The signed-in caller, or null when signed out (401). Keeps the CSRF token for later writes. */
export async function fetchMe(): Promise<Me | null> {
  try {
    const me = await api<Me>('/me');
    setCsrfToken(me.csrfToken);
    return me;
  } catch (error) {
    if (isApiError(error) && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export async function login(body: LoginBody): Promise<LoginResult> {
  const result = await api<LoginResult>('/auth/login', { method: 'POST', body });
  setCsrfToken(result.csrfToken);
  return result;
}

export async function logout(): Promise<void> {
  await api<void>('/auth/logout', { method: 'POST' });
  setCsrfToken(null);
}

export function updateMe(body: MePatch): Promise<{ account: Account; emailSettings: EmailSettings }> {
  return api('/me', { method: 'PATCH', body });
}

export function forgotPassword(email: string): Promise<unknown> {
  return api('/auth/forgot-password', { method: 'POST', body: { email } });
}

export function resetPassword(token: string, password: string): Promise<void> {
  return api('/auth/reset-password', { method: 'POST', body: { token, password } });
}

export function acceptInvitation(token: string, password: string): Promise<void> {
  return api('/auth/accept-invitation', { method: 'POST', body: { token, password } });
}

export type LinkState = 'valid' | 'used' | 'expired' | 'withdrawn' | 'unknown';

/** What an invitation or reset link is now (R-C11): asked before the form is shown. */
export function fetchLinkStatus(token: string, purpose: 'reset' | 'invitation'): Promise<{ state: LinkState; email: string | null }> {
  return api('/auth/link-status', { method: 'POST', body: { token, purpose } });
}
