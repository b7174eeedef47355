/** Only same-site paths are followed after sign-in ("/orgs/1", not "//evil.example" or "https://…"). */
export function safeNextPath(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/orgs';
  if (next.startsWith('/login')) return '/orgs';
  return next;
}

export function loginPathFor(path: string): string {
  return path && path !== '/' ? `/login?next=${encodeURIComponent(path)}` : '/login';
}
