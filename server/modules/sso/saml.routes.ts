import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBodySchema } from '../../../contracts/errors.js';
import { putSamlConfigSchema, samlSettingsResponseSchema } from '../../../contracts/identity.js';
import { runAnonymous } from '../../lib/transactions.js';
import { setRefreshCookie } from '../../lib/session-cookie.js';
import * as saml from './saml.service.js';
import { auditRefusal, type SsoDeps, SsoRefusal } from './sso.service.js';

const communityParams = z.object({ id: z.uuid() });
const signInParams = z.object({ communityId: z.uuid() });
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };

/** SAML 2.0 sign-in per community (ADR 0041): SP metadata, start (HTTP-Redirect), ACS (HTTP-POST), admin set-up. */
export function registerSamlRoutes(app: FastifyInstance): void {
  const { config, tokens, limiter, db } = app.services;
  const deps: SsoDeps = { config, tokens };
  const r = app.withTypeProvider<ZodTypeProvider>();

  /** Same as OIDC: a refusal changes nothing, is audited in its own transaction, and the login page explains it. */
  const refuse = async (request: FastifyRequest, reply: FastifyReply, error: unknown) => {
    if (!(error instanceof SsoRefusal)) throw error;
    await runAnonymous(db, request.meta(), (ctx) => auditRefusal(ctx, error));
    request.log.warn({ event: 'saml.refused', code: error.code, reason: error.audit.detail?.reason }, error.message);
    return reply.redirect(`/login?ssoError=${error.code}`, 303);
  };

  r.get(
    '/api/auth/saml/:communityId/metadata',
    { schema: { tags: ['auth'], description: 'The service provider metadata a client’s identity provider imports.', params: signInParams } },
    (request, reply) => reply.type('application/samlmetadata+xml').send(saml.spMetadata(config, request.params.communityId)),
  );

  r.get(
    '/api/auth/saml/:communityId/start',
    { schema: { tags: ['auth'], description: 'Redirects to the community’s SAML identity provider with a fresh AuthnRequest.', params: signInParams } },
    async (request, reply) => {
      const limit = await limiter.hit(`saml-start:ip:${request.ip}`, config.LOGIN_LIMIT_PER_IP * 4, config.LOGIN_LIMIT_WINDOW_SECONDS);
      if (!limit.allowed) return reply.redirect('/login?ssoError=sso_rate_limited', 303);
      try {
        const url = await saml.startSamlSignIn((fn) => request.asAnonymous(fn), config, request.params.communityId);
        return await reply.redirect(url, 303);
      } catch (error) {
        return refuse(request, reply, error);
      }
    },
  );

  // The identity provider posts a form here: its own scope, so form bodies are parsed only on this route.
  void app.register((scope, _options, done) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 512 * 1024 }, (_request, body, parsed) => {
      parsed(null, Object.fromEntries(new URLSearchParams(String(body))));
    });
    scope.withTypeProvider<ZodTypeProvider>().post(
      '/api/auth/saml/:communityId/acs',
      {
        schema: {
          tags: ['auth'],
          description: 'Assertion consumer service: the identity provider posts the signed answer here; signs the person in and opens the app.',
          params: signInParams,
          body: z.object({ SAMLResponse: z.string().max(400_000).optional(), RelayState: z.string().max(2000).optional() }),
        },
      },
      async (request, reply) => {
        const limit = await limiter.hit(`saml-acs:ip:${request.ip}`, config.LOGIN_LIMIT_PER_IP * 4, config.LOGIN_LIMIT_WINDOW_SECONDS);
        if (!limit.allowed) return reply.redirect('/login?ssoError=sso_rate_limited', 303);
        try {
          const session = await saml.finishSamlSignIn(
            (fn) => request.asAnonymous(fn),
            deps,
            request.params.communityId,
            request.body.SAMLResponse,
            request.headers['user-agent'],
          );
          request.log.info({ event: 'saml.sign_in', userId: session.user.id }, 'signed in through a SAML identity provider');
          setRefreshCookie(reply, config, session.refreshToken);
          return await reply.redirect('/dashboard', 303);
        } catch (error) {
          return refuse(request, reply, error);
        }
      },
    );
    done();
  });

  const tags = ['communities'];
  r.get('/api/communities/:id/saml', { schema: { tags, params: communityParams, response: { 200: samlSettingsResponseSchema, ...errors } } }, (request) =>
    request.asUser((ctx) => saml.getSamlSettings(ctx, config, request.params.id)),
  );
  r.put(
    '/api/communities/:id/saml',
    {
      schema: {
        tags,
        description: 'Admins: the community’s SAML identity provider, from its metadata XML, and the email domains it vouches for.',
        params: communityParams,
        body: putSamlConfigSchema,
        response: { 200: samlSettingsResponseSchema, ...errors },
      },
    },
    (request) => request.asUser((ctx) => saml.putSamlConfig(ctx, config, request.params.id, request.body)),
  );
  r.delete('/api/communities/:id/saml', { schema: { tags, params: communityParams, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
    await request.asUser((ctx) => saml.deleteSamlConfig(ctx, config, request.params.id));
    return reply.status(204).send(null);
  });
}
