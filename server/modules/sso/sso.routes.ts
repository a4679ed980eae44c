import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBodySchema } from '../../../contracts/errors.js';
import { putSsoConfigSchema, ssoConfigResponseSchema, ssoDiscoverResponseSchema, ssoDiscoverSchema } from '../../../contracts/sso.js';
import { runAnonymous } from '../../lib/transactions.js';
import { setRefreshCookie } from '../../lib/session-cookie.js';
import * as sso from './sso.service.js';

export const SSO_STATE_COOKIE = 'aigym_sso_state';
const CALLBACK_PATH = '/api/auth/sso/callback';
const communityParams = z.object({ id: z.uuid() });
const startParams = z.object({ communityId: z.uuid() });
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema, 429: errorBodySchema };

export function registerSsoRoutes(app: FastifyInstance): void {
  const { config, tokens, limiter, db } = app.services;
  const deps: sso.SsoDeps = { config, tokens };
  const r = app.withTypeProvider<ZodTypeProvider>();

  /** Refusals change nothing but are audited (in their own transaction), then the login page explains them. */
  const refuse = async (request: FastifyRequest, reply: FastifyReply, error: unknown) => {
    if (!(error instanceof sso.SsoRefusal)) throw error;
    // Forged or stray callbacks (unknown state, another browser's) are only logged: anyone can send
    // them, and an audit row each would let them flood the admins' trail (issue 26).
    await runAnonymous(db, request.meta(), (ctx) => sso.auditRefusal(ctx, error));
    request.log.warn({ event: 'sso.refused', code: error.code, reason: error.audit.detail?.reason }, error.message);
    return reply.redirect(`/login?ssoError=${error.code}`, 303);
  };

  r.post(
    '/api/auth/sso/discover',
    {
      schema: {
        tags: ['auth'],
        description: 'Whether this email’s domain signs in through its community’s identity provider, and where to start. Says nothing about whether an account exists.',
        body: ssoDiscoverSchema,
        response: { 200: ssoDiscoverResponseSchema, ...errors },
      },
    },
    (request) => request.asAnonymous((ctx) => sso.discover(ctx, request.body.email)),
  );

  r.get(
    '/api/auth/sso/:communityId/start',
    {
      schema: {
        tags: ['auth'],
        description: 'Redirects to the community’s identity provider with state, nonce and PKCE (kept server-side, single use, ten minutes).',
        params: startParams,
        querystring: z.object({ login_hint: z.string().max(254).optional() }),
      },
    },
    async (request, reply) => {
      // Each start stores a state row: counted per address like the other anonymous sign-in endpoints.
      const limit = await limiter.hit(`sso-start:ip:${request.ip}`, config.LOGIN_LIMIT_PER_IP * 4, config.LOGIN_LIMIT_WINDOW_SECONDS);
      if (!limit.allowed) return reply.redirect('/login?ssoError=sso_rate_limited', 303);
      try {
        const { url, state } = await sso.startSignIn((fn) => request.asAnonymous(fn), config, request.params.communityId, request.query.login_hint);
        // Binds the sign-in to this browser (login CSRF): Lax, so the provider's top-level redirect back carries it.
        reply.setCookie(SSO_STATE_COOKIE, state, { httpOnly: true, sameSite: 'lax', secure: config.APP_URL.startsWith('https:'), path: CALLBACK_PATH, maxAge: sso.STATE_TTL_SECONDS });
        return await reply.redirect(url, 303);
      } catch (error) {
        return refuse(request, reply, error);
      }
    },
  );

  r.get(
    '/api/auth/sso/callback',
    { schema: { tags: ['auth'], description: 'Where the identity provider sends the person back. Signs them in (refresh cookie) and opens the app.' } },
    async (request, reply) => {
      const callbackUrl = new URL(request.url, sso.redirectUriOf(config));
      try {
        const browserState = request.cookies[SSO_STATE_COOKIE];
        reply.clearCookie(SSO_STATE_COOKIE, { path: CALLBACK_PATH });
        const session = await sso.finishSignIn((fn) => request.asAnonymous(fn), deps, callbackUrl, request.headers['user-agent'], browserState);
        request.log.info({ event: 'sso.sign_in', userId: session.user.id }, 'signed in through an identity provider');
        setRefreshCookie(reply, config, session.refreshToken);
        // The app restores the session from the cookie with its usual refresh.
        return await reply.redirect('/dashboard', 303);
      } catch (error) {
        return refuse(request, reply, error);
      }
    },
  );

  const tags = ['communities'];
  r.get('/api/communities/:id/sso', { schema: { tags, params: communityParams, response: { 200: ssoConfigResponseSchema, ...errors } } }, (request) =>
    request.asUser((ctx) => sso.getSsoConfig(ctx, config, request.params.id)),
  );
  r.put(
    '/api/communities/:id/sso',
    {
      schema: {
        tags,
        description: 'Admins: the community’s OpenID provider. The client secret is write-only (answers say `clientSecretSet`); omit it to keep the stored one.',
        params: communityParams,
        body: putSsoConfigSchema,
        response: { 200: ssoConfigResponseSchema, ...errors },
      },
    },
    (request) => request.asUser((ctx) => sso.putSsoConfig(ctx, config, request.params.id, request.body)),
  );
  r.delete('/api/communities/:id/sso', { schema: { tags, params: communityParams, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
    await request.asUser((ctx) => sso.deleteSsoConfig(ctx, config, request.params.id));
    return reply.status(204).send(null);
  });
}
