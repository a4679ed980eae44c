import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  acceptInvitationSchema,
  forgotPasswordSchema,
  loginResponseSchema,
  loginSchema,
  meResponseSchema,
  mfaEnrolSchema,
  mfaSessionResponseSchema,
  mfaVerifySchema,
  resetPasswordSchema,
  sessionResponseSchema,
  totpSetupSchema,
} from '../../../contracts/auth.js';
import { errorBodySchema } from '../../../contracts/errors.js';
import { AppError } from '../../lib/app-error.js';
import { BackgroundWork } from '../../lib/background.js';
import { AuthLimits, DEVICE_COOKIE, DeviceCookies, type SignInSource } from './auth-limits.js';
import * as auth from './auth.service.js';
import { clearRefreshCookie as clearCookie, REFRESH_COOKIE, setRefreshCookie as setCookie } from '../../lib/session-cookie.js';
import { languageFromHeader } from '../../lib/email-i18n.js';

export { REFRESH_COOKIE } from '../../lib/session-cookie.js';

/**
 * The refresh and logout endpoints act on a cookie, so a cross-site page could trigger them:
 * SameSite=Strict stops the cookie, and this stops the request when a browser says where it came from.
 */
function assertSameOrigin(request: FastifyRequest, appUrl: string): void {
  const origin = request.headers.origin;
  if (!origin) return;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    throw new AppError('forbidden', 'Cross-site requests are not allowed here.');
  }
  if (originHost !== request.headers.host && originHost !== new URL(appUrl).host) {
    throw new AppError('forbidden', 'Cross-site requests are not allowed here.');
  }
}

export function registerAuthRoutes(app: FastifyInstance, recheckSession: auth.SessionRecheck): void {
  const { config, limiter, tokens, mailer } = app.services;
  const deps = { config, tokens, mailer };
  const limits = new AuthLimits(limiter, config);
  const devices = new DeviceCookies(config.AUTH_SECRET);
  const background = new BackgroundWork(app.log);
  app.addHook('onClose', () => background.drain());
  const r = app.withTypeProvider<ZodTypeProvider>();
  const errors = { 400: errorBodySchema, 401: errorBodySchema, 429: errorBodySchema };

  const setRefreshCookie = (reply: FastifyReply, token: string) => setCookie(reply, config, token);
  const clearRefreshCookie = (reply: FastifyReply) => clearCookie(reply);
  const setDeviceCookie = (reply: FastifyReply, email: string) =>
    reply.setCookie(DEVICE_COOKIE, devices.issue(email), {
      httpOnly: true,
      sameSite: 'strict',
      secure: config.APP_URL.startsWith('https:'),
      path: '/api/auth/login',
      maxAge: 180 * 86_400,
    });
  const sessionBody = ({ accessToken, expiresIn, user }: auth.IssuedSession) => ({ accessToken, expiresIn, user });

  r.post(
    '/api/auth/login',
    {
      schema: {
        tags: ['auth'],
        description: 'A session, or — when the account has two-factor sign-in or must set it up — `{mfaRequired, mfaToken, enrolmentRequired}` for POST /api/auth/mfa.',
        body: loginSchema,
        response: { 200: loginResponseSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { email } = request.body;
      const source: SignInSource = { ip: request.ip, deviceId: devices.verify(request.cookies[DEVICE_COOKIE], email) };
      await limits.beforeSignIn(email, source);
      try {
        const outcome = await auth.login((fn) => request.asAnonymous(fn), deps, request.body, request.headers['user-agent']);
        if (outcome.kind === 'mfa') {
          // The password was right; the failures it forgives are this source's, as for any success.
          await limits.signInSucceeded(email, source);
          request.log.info({ event: 'auth.login.second_step', enrolment: outcome.challenge.enrolmentRequired }, 'password accepted, second factor needed');
          return outcome.challenge;
        }
        const { session } = outcome;
        await limits.signInSucceeded(email, source);
        request.log.info({ event: 'auth.login.succeeded', userId: session.user.id }, 'signed in');
        setRefreshCookie(reply, session.refreshToken);
        setDeviceCookie(reply, email);
        return sessionBody(session);
      } catch (error) {
        if (error instanceof AppError && error.code === 'invalid_credentials') {
          await limits.signInFailed(email, source);
          request.log.warn({ event: 'auth.login.failed', trustedDevice: source.deviceId !== null }, 'sign-in failed');
        }
        throw error;
      }
    },
  );

  r.post(
    '/api/auth/mfa/enrol',
    {
      schema: {
        tags: ['auth'],
        description: 'During sign-in, for an account that must have two-factor and has none yet: a new authenticator key (confirm it with POST /api/auth/mfa).',
        body: mfaEnrolSchema,
        response: { 200: totpSetupSchema, ...errors, 409: errorBodySchema },
      },
    },
    (request) => auth.enrolDuringSignIn((fn) => request.asAnonymous(fn), deps, request.body.mfaToken),
  );

  r.post(
    '/api/auth/mfa',
    {
      schema: {
        tags: ['auth'],
        description: 'The second sign-in step: `{mfaToken, code}` or `{mfaToken, recoveryCode}`. Throttled like passwords. The answer is a session (+ refresh cookie).',
        body: mfaVerifySchema,
        response: { 200: mfaSessionResponseSchema, ...errors },
      },
    },
    async (request, reply) => {
      const run = <T>(fn: Parameters<typeof request.asAnonymous<T>>[0]) => request.asAnonymous(fn);
      const account = await auth.findMfaAccount(run, request.body.mfaToken);
      const source: SignInSource = { ip: request.ip, deviceId: devices.verify(request.cookies[DEVICE_COOKIE], account.email) };
      await limits.beforeSignIn(account.email, source);
      try {
        const { session, recoveryCodes } = await auth.completeMfa(run, deps, request.body, request.headers['user-agent']);
        await limits.signInSucceeded(account.email, source);
        request.log.info({ event: 'auth.mfa.succeeded', userId: session.user.id, recovery: request.body.recoveryCode !== undefined }, 'signed in with a second factor');
        setRefreshCookie(reply, session.refreshToken);
        setDeviceCookie(reply, account.email);
        return { ...sessionBody(session), ...(recoveryCodes ? { recoveryCodes } : {}) };
      } catch (error) {
        if (error instanceof AppError && error.code === 'invalid_code') {
          await limits.signInFailed(account.email, source);
          request.log.warn({ event: 'auth.mfa.failed', userId: account.user_id }, 'second factor refused');
        }
        throw error;
      }
    },
  );

  r.post(
    '/api/auth/refresh',
    { schema: { tags: ['auth'], response: { 200: sessionResponseSchema, ...errors } } },
    async (request, reply) => {
      assertSameOrigin(request, config.APP_URL);
      const token = request.cookies[REFRESH_COOKIE];
      if (!token) throw new AppError('unauthenticated', 'Sign in to continue.');
      await limits.beforeRefresh(request.ip);
      const outcome = await request.asAnonymous((ctx) => auth.refresh(ctx, deps, token));
      if (!outcome.ok) {
        await limits.refreshFailed(request.ip);
        clearRefreshCookie(reply);
        throw outcome.error;
      }
      if (outcome.idpLink) {
        const recheck = await recheckSession((fn) => request.asAnonymous(fn), outcome.session, outcome.idpLink);
        if (recheck === 'unreachable') request.log.warn({ event: 'sso.recheck.unreachable', userId: outcome.session.user.id }, 'identity provider unreachable; session kept');
        if (recheck === 'revoked') {
          request.log.info({ event: 'sso.recheck.revoked', userId: outcome.session.user.id }, 'identity provider refused; session ended');
          clearRefreshCookie(reply);
          throw new AppError('unauthenticated', 'Your organisation’s sign-in no longer accepts this account. Please sign in again.');
        }
      }
      setRefreshCookie(reply, outcome.session.refreshToken);
      return sessionBody(outcome.session);
    },
  );

  r.post('/api/auth/logout', { schema: { tags: ['auth'], response: { 204: z.null() } } }, async (request, reply) => {
    assertSameOrigin(request, config.APP_URL);
    const token = request.cookies[REFRESH_COOKIE];
    if (token) await request.asAnonymous((ctx) => auth.logoutByRefreshToken(ctx, token));
    if (request.headers.authorization) {
      // A stale or already-revoked access token makes logout a no-op, not an error.
      await request
        .asUser((ctx) => auth.revokeSessions(ctx, { sessionId: ctx.actor.sessionId }, 'logout'))
        .catch((error: unknown) => {
          if (!(error instanceof AppError)) throw error;
        });
    }
    clearRefreshCookie(reply);
    return reply.status(204).send(null);
  });

  r.get('/api/auth/me', { schema: { tags: ['auth'], response: { 200: meResponseSchema, 401: errorBodySchema } } }, (request) =>
    request.asUser((ctx) => auth.me(ctx)),
  );

  r.post(
    '/api/auth/password/forgot',
    { schema: { tags: ['auth'], body: forgotPasswordSchema, response: { 202: z.object({ message: z.string() }), ...errors } } },
    async (request, reply) => {
      await limits.countAttempt('forgot', request.ip);
      await limits.countResetRequest(request.body.email);
      const { email } = request.body;
      const language = languageFromHeader(request.headers['accept-language']);
      // Whether the account exists changes only what happens after the answer, never the answer or its timing.
      background.run(
        'auth.forgot',
        async () => {
          await auth.prepareResetMail((fn) => request.asAnonymous(fn), deps, email, language);
        },
        { requestId: request.id },
      );
      return reply.status(202).send({ message: 'If an account exists for that email, a reset link is on its way.' });
    },
  );

  r.post(
    '/api/auth/password/reset',
    { schema: { tags: ['auth'], body: resetPasswordSchema, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await limits.countAttempt('reset', request.ip);
      await auth.resetPassword((fn) => request.asAnonymous(fn), request.body.token, request.body.password);
      return reply.status(204).send(null);
    },
  );

  r.post(
    '/api/auth/invitations/accept',
    { schema: { tags: ['auth'], body: acceptInvitationSchema, response: { 200: sessionResponseSchema, ...errors } } },
    async (request, reply) => {
      await limits.countAttempt('invitation', request.ip);
      const session = await auth.acceptInvitation((fn) => request.asAnonymous(fn), deps, request.body, request.headers['user-agent']);
      setRefreshCookie(reply, session.refreshToken);
      return sessionBody(session);
    },
  );
}
