import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBodySchema } from '../../../contracts/errors.js';
import { scimStatusSchema, scimTokenResponseSchema } from '../../../contracts/identity.js';
import type { AnonymousContext } from '../../lib/transactions.js';
import * as scim from './scim.service.js';

const { SCIMMY } = scim;
const communityParams = z.object({ id: z.uuid() });
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };

type Query = Record<string, string | undefined>;
type PatchMessage = Parameters<InstanceType<typeof SCIMMY.Resources.User>['patch']>[0];
type Handler = (request: FastifyRequest, call: scim.ScimCall) => Promise<unknown>;

/** A SCIM error as RFC 7644 §3.12 shapes it (SCIMMY builds it). */
function scimErrorBody(status: number, scimType: string | undefined, detail: string) {
  return new SCIMMY.Messages.ErrorResponse(new SCIMMY.Types.Error(status, scimType as string, detail));
}

/** SCIMMY reports unknown failures as plain errors: those stay 500 without internals; its own are sent as they are. */
function toScimError(error: unknown): { status: number; body: unknown } {
  if (error instanceof SCIMMY.Types.Error) {
    const body = new SCIMMY.Messages.ErrorResponse(error);
    return { status: Number(body.status), body };
  }
  const fastifyError = error as { statusCode?: number; code?: string; message?: string };
  if (fastifyError.code?.startsWith('FST_ERR_CTP') || fastifyError.statusCode === 400) {
    return { status: 400, body: scimErrorBody(400, 'invalidSyntax', 'The request body is not valid JSON.') };
  }
  if (fastifyError.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || fastifyError.statusCode === 415) {
    return { status: 400, body: scimErrorBody(400, 'invalidSyntax', 'Send application/scim+json or application/json.') };
  }
  if (fastifyError.statusCode === 429) return { status: 429, body: scimErrorBody(429, undefined, 'Too many requests. Please wait and try again.') };
  return { status: 500, body: scimErrorBody(500, undefined, 'Something went wrong on our side. Please try again.') };
}

/**
 * SCIM 2.0 at /scim/v2 (ADR 0041). Its own encapsulated scope: SCIM speaks application/scim+json and
 * its own error shape (schemas, status, scimType, detail), not the API's. Every call runs in one
 * anonymous transaction that first resolves the bearer token to its community.
 */
export function registerScimRoutes(app: FastifyInstance): void {
  const { config } = app.services;
  scim.declareScimResources(scim.scimBaseUrl(config.APP_URL));

  void app.register(
    (scope, _options, done) => {
      scope.addContentTypeParser(scim.SCIM_CONTENT_TYPE, { parseAs: 'string' }, (_request, body, parsed) => {
        try {
          parsed(null, JSON.parse(String(body)) as unknown);
        } catch {
          parsed(new SCIMMY.Types.Error(400, 'invalidSyntax', 'The request body is not valid JSON.'), undefined);
        }
      });
      scope.setErrorHandler((error, request, reply) => {
        const { status, body } = toScimError(error);
        if (status >= 500) request.log.error({ err: error, event: 'scim.failed' }, 'provisioning call failed');
        else request.log.info({ event: 'scim.refused', status }, error instanceof Error ? error.message : 'refused');
        // Sent as text: SCIMMY's ErrorResponse is an Error, which Fastify would treat as a new failure.
        return reply.status(status).type(scim.SCIM_CONTENT_TYPE).send(JSON.stringify(body));
      });
      scope.setNotFoundHandler((request, reply) =>
        reply
          .status(404)
          .type(scim.SCIM_CONTENT_TYPE)
          .send(JSON.stringify(scimErrorBody(404, undefined, `There is no ${request.method} ${request.url.split('?')[0]}.`))),
      );

      const handle = (fn: Handler, status = 200) => async (request: FastifyRequest, reply: FastifyReply) => {
        const result = await request.asAnonymous(async (ctx: AnonymousContext) => {
          const communityId = await scim.authenticateScim(ctx, request.headers.authorization);
          if (!communityId) throw new SCIMMY.Types.Error(401, null as unknown as string, 'The provisioning token is missing, not valid, or was replaced by a newer one.');
          request.log.info({ event: 'scim.call', communityId, method: request.method }, 'provisioning call');
          return fn(request, { ctx, communityId });
        });
        if (result === undefined) return reply.status(204).send();
        return reply.status(status).type(scim.SCIM_CONTENT_TYPE).send(result);
      };
      const id = (request: FastifyRequest) => (request.params as { id: string }).id;
      const query = (request: FastifyRequest) => scim.listOptions(request.query as Query);
      const patchBody = (request: FastifyRequest) => scim.normalisePatch(request.body) as PatchMessage;

      scope.get('/ServiceProviderConfig', handle(() => new SCIMMY.Resources.ServiceProviderConfig().read()));
      scope.get('/ResourceTypes', handle(() => new SCIMMY.Resources.ResourceType().read()));
      scope.get('/ResourceTypes/:id', handle((r) => new SCIMMY.Resources.ResourceType(id(r)).read()));
      scope.get('/Schemas', handle(() => new SCIMMY.Resources.Schema().read()));
      scope.get('/Schemas/:id', handle((r) => new SCIMMY.Resources.Schema(id(r)).read()));

      for (const Resource of [SCIMMY.Resources.User, SCIMMY.Resources.Group]) {
        const path = Resource.endpoint;
        scope.get(path, handle((r, call) => new Resource(undefined, query(r) as unknown as Record<string, string>).read(call)));
        scope.post(path, handle((r, call) => new Resource().write(r.body, call), 201));
        scope.get(`${path}/:id`, handle((r, call) => new Resource(id(r)).read(call)));
        scope.put(`${path}/:id`, handle((r, call) => new Resource(id(r)).write(r.body, call)));
        // SCIMMY answers undefined when a patch changed nothing: SCIM says 204 then, or the resource.
        scope.patch(`${path}/:id`, handle(async (r, call) => (await new Resource(id(r)).patch(patchBody(r), call)) ?? new Resource(id(r)).read(call)));
        scope.delete(`${path}/:id`, handle(async (r, call) => {
          await new Resource(id(r)).dispose(call);
          return undefined;
        }));
      }
      done();
    },
    { prefix: scim.SCIM_PREFIX },
  );

  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['communities'];
  r.post(
    '/api/communities/:id/scim-token',
    {
      schema: {
        tags,
        description: 'Admins: a new provisioning (SCIM) bearer token for the community, shown once. It replaces the old one at once.',
        params: communityParams,
        response: { 201: scimTokenResponseSchema, ...errors },
      },
    },
    async (request, reply) => {
      const token = await request.asUser((ctx) => scim.createScimToken(ctx, request.params.id));
      return reply.status(201).send({ token });
    },
  );
  r.get(
    '/api/communities/:id/scim',
    { schema: { tags, description: 'Admins: provisioning status (token set, last sync, tenant URL).', params: communityParams, response: { 200: scimStatusSchema, ...errors } } },
    (request) => request.asUser((ctx) => scim.scimStatus(ctx, config.APP_URL, request.params.id)),
  );
}
