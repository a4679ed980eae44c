import type { FastifyReply } from 'fastify';
import type { Config } from '../config.js';

export const REFRESH_COOKIE = 'aigym_refresh';
export const REFRESH_COOKIE_PATH = '/api/auth';
/** Marks a session opened inside a platform's iframe (LTI launch, ADR 0045): the platform's origin, nothing secret. */
export const EMBEDDED_COOKIE = 'aigym_embedded';

/** An origin as the embedded marker may hold it (scheme, host, optional port; nothing else). */
export const frameOriginShape = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i;

/**
 * The one refresh cookie, whichever way the person signed in (password, two-factor, single sign-on,
 * an LTI launch). A session opened by an LTI launch may live inside the platform's iframe, a
 * third-party context where only a SameSite=None; Secure cookie is sent, and browsers that block
 * third-party cookies keep only a Partitioned one (CHIPS). Such sessions carry the embedded marker
 * (the platform's origin, same attributes, so it exists only in that partition): refreshes keep the
 * attributes, and the app's pages let that origin frame them (security plugin). Over plain http
 * (development) browsers refuse SameSite=None: the cookie stays strict and the tool works only when
 * the platform opens it in its own window.
 */
export function setRefreshCookie(reply: FastifyReply, config: Pick<Config, 'APP_URL' | 'SESSION_MAX_AGE_DAYS'>, token: string, options: { embeddedIn?: string } = {}): void {
  const secure = config.APP_URL.startsWith('https:');
  const marker = options.embeddedIn ?? reply.request.cookies?.[EMBEDDED_COOKIE];
  const embeddedIn = secure && marker && frameOriginShape.test(marker) ? marker : null;
  const attributes = {
    httpOnly: true,
    sameSite: embeddedIn ? ('none' as const) : ('strict' as const),
    secure,
    maxAge: config.SESSION_MAX_AGE_DAYS * 86_400,
    ...(embeddedIn ? { partitioned: true } : {}),
  };
  reply.setCookie(REFRESH_COOKIE, token, { ...attributes, path: REFRESH_COOKIE_PATH });
  if (embeddedIn) reply.setCookie(EMBEDDED_COOKIE, embeddedIn, { ...attributes, path: '/' });
}

export function clearRefreshCookie(reply: FastifyReply): void {
  reply.clearCookie(REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH });
  if (reply.request.cookies?.[EMBEDDED_COOKIE]) {
    const embedded = { sameSite: 'none' as const, secure: true, partitioned: true };
    reply.clearCookie(REFRESH_COOKIE, { ...embedded, path: REFRESH_COOKIE_PATH });
    reply.clearCookie(EMBEDDED_COOKIE, { ...embedded, path: '/' });
  }
}
