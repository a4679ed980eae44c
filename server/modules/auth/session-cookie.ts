import type { FastifyReply } from 'fastify';
import type { Config } from '../../config.js';

export const REFRESH_COOKIE = 'aigym_refresh';
export const REFRESH_COOKIE_PATH = '/api/auth';

/** The one refresh cookie, whichever way the person signed in (password, two-factor, single sign-on). */
export function setRefreshCookie(reply: FastifyReply, config: Pick<Config, 'APP_URL' | 'SESSION_MAX_AGE_DAYS'>, token: string): void {
  reply.setCookie(REFRESH_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: config.APP_URL.startsWith('https:'),
    path: REFRESH_COOKIE_PATH,
    maxAge: config.SESSION_MAX_AGE_DAYS * 86_400,
  });
}

export function clearRefreshCookie(reply: FastifyReply): void {
  reply.clearCookie(REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH });
}
