const AUTH_PATHS = ['/login', '/logout', '/forgot-password', '/reset-password', '/invite'];

/** Only same-app paths are allowed as a post-login destination (no open redirect, no auth pages). */
export function safeNextPath(value: string | null | undefined, fallback = '/dashboard'): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return fallback;
  const path = value.split(/[?#]/)[0] ?? '';
  if (AUTH_PATHS.some((p) => path === p || path.startsWith(`${p}/`))) return fallback;
  return value;
}

export function loginPathFor(location: { pathname: string; search: string; hash?: string }): string {
  const here = `${location.pathname}${location.search}${location.hash ?? ''}`;
  const next = safeNextPath(here, '');
  return next ? `/login?next=${encodeURIComponent(next)}` : '/login';
}
