import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBodySchema } from '../../../contracts/errors.js';
import { createLtiPlatformSchema, ltiCheckResultSchema, ltiPlatformEnvelopeSchema, ltiPlatformListSchema, ltiRosterResultSchema } from '../../../contracts/lti.js';
import { setRefreshCookie } from '../../lib/session-cookie.js';
import { LTI_SCORES_EVERY_MS, ltiScoresJob } from './ags.js';
import { AUTO_POST_SCRIPT, autoPostPage, deepLinkResponse, type PageLanguage, pickerPage } from './deep-linking.js';
import { finishLaunch, loginParamsSchema, LtiRefusal, platformById, startLogin } from './launch.service.js';
import { syncRoster } from './nrps.js';
import { refusalPage } from './refusal-page.js';
import * as platforms from './platforms.service.js';
import { toolJwks } from './tool-keys.js';

const idParams = z.object({ id: z.uuid() });
const platformParams = z.object({ id: z.uuid(), platformId: z.uuid() });
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };

const languageOf = (request: FastifyRequest): PageLanguage => (/^es\b/i.test(request.headers['accept-language'] ?? '') ? 'es' : 'en');
const wantsHtml = (request: FastifyRequest) => (request.headers.accept ?? '').includes('text/html');

/**
 * The pages a platform shows in its iframe (the deep-linking picker, the auto-post back, a refusal):
 * framable by any origin (the platform's, which we only know per registration), scripts only from
 * here, forms only to here and the return address.
 */
function framablePage(reply: FastifyReply, html: string, status = 200, formTarget?: string): FastifyReply {
  const formAction = ["'self'", ...(formTarget ? [new URL(formTarget).origin] : [])].join(' ');
  // helmet's X-Frame-Options (set on the raw response) would forbid the frame that CSP allows.
  reply.raw.removeHeader('x-frame-options');
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('content-security-policy', `default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; form-action ${formAction}; frame-ancestors *; base-uri 'none'`)
    .send(html);
}

/** LTI 1.3 Advantage, tool side (§10.2, ADR 0045). */
export function registerLtiRoutes(app: FastifyInstance): void {
  const { config, tokens, limiter } = app.services;
  const r = app.withTypeProvider<ZodTypeProvider>();
  app.jobs.every(ltiScoresJob, LTI_SCORES_EVERY_MS, {});

  /** A refused launch: the error shape for programs, a short page for a person in a browser. Logged, not audited: anyone can send one. */
  const refuse = async (request: FastifyRequest, reply: FastifyReply, error: unknown) => {
    if (!(error instanceof LtiRefusal)) throw error;
    request.log.warn({ event: 'lti.refused', code: error.code, detail: error.detail }, error.message);
    if (wantsHtml(request)) {
      return framablePage(reply, refusalPage(error, languageOf(request)), error.status);
    }
    return reply.status(error.status).send({ error: { code: error.code, message: error.message, requestId: request.id } });
  };

  const limited = async (request: FastifyRequest, key: string) =>
    (await limiter.hit(`lti-${key}:ip:${request.ip}`, config.LOGIN_LIMIT_PER_IP * 4, config.LOGIN_LIMIT_WINDOW_SECONDS)).allowed;
  const tooMany = (request: FastifyRequest, reply: FastifyReply) => reply.status(429).send({ error: { code: 'rate_limited', message: 'Too many launches from this address. Please wait and try again.', requestId: request.id } });

  r.get('/lti/jwks', { schema: { tags: ['lti'], description: 'The tool’s public keys (JWKS) platforms verify our messages with.' } }, async (request, reply) =>
    reply.header('cache-control', 'public, max-age=300').send(await request.asAnonymous((ctx) => toolJwks(ctx, config))),
  );

  r.get('/lti/auto-post.js', { schema: { hide: true } }, (_request, reply) => reply.header('content-type', 'text/javascript; charset=utf-8').header('cache-control', 'public, max-age=3600').send(AUTO_POST_SCRIPT));

  const login = async (request: FastifyRequest, reply: FastifyReply, raw: unknown) => {
    if (!(await limited(request, 'login'))) return tooMany(request, reply);
    const params = loginParamsSchema.safeParse(raw);
    if (!params.success) return refuse(request, reply, new LtiRefusal('lti_token_invalid', 400, 'The platform’s login request is missing iss, login_hint or target_link_uri.', { reason: 'login_params' }));
    try {
      return await reply.redirect(await startLogin((fn) => request.asAnonymous(fn), config, params.data), 302);
    } catch (error) {
      return refuse(request, reply, error);
    }
  };
  r.get('/lti/login', { schema: { tags: ['lti'], description: 'Third-party-initiated login (query string).' } }, (request, reply) => login(request, reply, request.query));

  // Platforms post forms: their own scope, so form bodies are parsed only on these routes.
  void app.register((scope, _options, done) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 256 * 1024 }, (_request, body, parsed) => {
      const form = new URLSearchParams(String(body));
      const entries: Record<string, string | string[]> = {};
      for (const key of new Set(form.keys())) {
        const all = form.getAll(key);
        entries[key] = all.length > 1 ? all : (all[0] as string);
      }
      parsed(null, entries);
    });
    const s = scope.withTypeProvider<ZodTypeProvider>();
    s.post('/lti/login', { schema: { tags: ['lti'], description: 'Third-party-initiated login (form post): redirects to the platform with state and nonce (kept server-side, single use).' } }, (request, reply) =>
      login(request, reply, request.body),
    );
    s.post(
      '/lti/launch',
      {
        schema: {
          tags: ['lti'],
          description: 'The launch: id_token verified against the platform keyset; signs the learner in (refresh cookie) and opens the exercise or program, or shows the deep-linking picker.',
          body: z.object({ id_token: z.string().max(200_000).optional(), state: z.string().max(200).optional() }).passthrough(),
        },
      },
      async (request, reply) => {
        if (!(await limited(request, 'launch'))) return tooMany(request, reply);
        try {
          const outcome = await finishLaunch((fn) => request.asAnonymous(fn), { config, tokens }, request.body, request.headers['user-agent']);
          if (outcome.kind === 'deep_link') return framablePage(reply, pickerPage(outcome.picker, languageOf(request)));
          request.log.info({ event: 'lti.launch', userId: outcome.session.user.id }, 'signed in through an LTI launch');
          setRefreshCookie(reply, config, outcome.session.refreshToken, { embeddedIn: outcome.frameOrigin });
          return await reply.redirect(outcome.redirectTo, 302);
        } catch (error) {
          return refuse(request, reply, error);
        }
      },
    );
    s.post(
      '/lti/deep-link',
      {
        schema: {
          tags: ['lti'],
          description: 'The picker’s answer: the chosen exercises and programs as a signed LtiDeepLinkingResponse, auto-posted to the platform.',
          body: z.object({ token: z.string().min(1).max(8000), item: z.union([z.string().max(100), z.array(z.string().max(100)).max(200)]).optional() }),
        },
      },
      async (request, reply) => {
        const chosen = request.body.item === undefined ? [] : Array.isArray(request.body.item) ? request.body.item : [request.body.item];
        const answer = await request.asAnonymous((ctx) => deepLinkResponse(ctx, config, platformById, request.body.token, chosen));
        if (!answer) return refuse(request, reply, new LtiRefusal('lti_state_invalid', 400, 'This choice has expired. Open the selection again from your course.', { reason: 'picker_token' }));
        return framablePage(reply, autoPostPage(answer, languageOf(request)), 200, answer.returnUrl);
      },
    );
    done();
  });

  const tags = ['communities'];
  r.get('/api/communities/:id/lti-platforms', { schema: { tags, params: idParams, response: { 200: ltiPlatformListSchema, ...errors } } }, (request) =>
    request.asUser((ctx) => platforms.listPlatforms(ctx, config, request.params.id)),
  );
  r.post(
    '/api/communities/:id/lti-platforms',
    { schema: { tags, description: 'Admins: registers an LTI 1.3 platform (LMS) for the community.', params: idParams, body: createLtiPlatformSchema, response: { 201: ltiPlatformEnvelopeSchema, ...errors } } },
    async (request, reply) => reply.status(201).send({ platform: await request.asUser((ctx) => platforms.createPlatform(ctx, request.params.id, request.body)) }),
  );
  r.delete('/api/communities/:id/lti-platforms/:platformId', { schema: { tags, params: platformParams, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
    await request.asUser((ctx) => platforms.deletePlatform(ctx, request.params.id, request.params.platformId));
    return reply.status(204).send(null);
  });
  r.post('/api/communities/:id/lti-platforms/:platformId/check', { schema: { tags, params: platformParams, response: { 200: ltiCheckResultSchema, ...errors } } }, (request) =>
    request.asUser((ctx) => platforms.checkPlatform(ctx, request.params.id, request.params.platformId)),
  );
  r.post(
    '/api/communities/:id/lti-platforms/:platformId/roster',
    { schema: { tags, description: 'Admins: pre-enrols the roster of every course of this platform that launched AI GYM (NRPS).', params: platformParams, response: { 200: ltiRosterResultSchema, ...errors, 503: errorBodySchema } } },
    (request) => syncRoster((work) => request.asUser(work), config, request.params.id, request.params.platformId),
  );
}
