// The CSRF token comes from POST /auth/login and GET /me; every non-GET request with the cookie sends it.
let token: string | null = null;

export function setCsrfToken(value: string | null): void {
  token = value;
}

export function getCsrfToken(): string | null {
  return token;
}
