/**
 * Only same-site paths are followed after sign-in ("/orgs/1", not "//evil.example" or "https://…");
 * otherwise "/", which leads to the caller's start page (HomeRedirect).
 */
export function safeNextPath(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next.startsWith('/login')) return '/';
  return next;
}

export function loginPathFor(path: string): string {
  return path && path !== '/' ? `/login?next=${encodeURIComponent(path)}` : '/login';
}
