import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorGroupSchema, listErrorGroupsQuerySchema } from '../../../contracts/error-groups.js';
import { errorBodySchema } from '../../../contracts/errors.js';
import { pageSchema } from '../../../contracts/pagination.js';
import { toErrorPayload } from '../../plugins/errors.js';
import type { ErrorRecorder } from './error-recorder.js';
import { listErrorGroups, resolveErrorGroup } from './error-groups.service.js';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };

/** Groups every unexpected server failure (5xx other than "database down") and lets admins read and resolve groups. */
export function registerErrorGroupRoutes(app: FastifyInstance, recorder: ErrorRecorder): void {
  app.addHook('onError', async (request, _reply, error) => {
    const payload = toErrorPayload(error);
    // While the database is down there is nowhere to record it, and the 503s are the alert; a
    // restart's 503s (draining) are expected, not a new kind of failure (issue 26).
    if (payload.status < 500 || payload.code === 'database_unavailable' || payload.code === 'service_unavailable') return;
    void recorder.record(
      {
        source: 'server',
        name: error.name || 'Error',
        message: error.message,
        location: `${request.method} ${request.routeOptions.url ?? 'unmatched'}`,
        stack: error.stack ?? null,
        requestId: request.id,
      },
      error,
      request.log,
    );
  });

  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/error-groups',
    { schema: { tags: ['monitoring'], querystring: listErrorGroupsQuerySchema, response: { 200: pageSchema(errorGroupSchema), ...errors } } },
    (request) => request.asUser((ctx) => listErrorGroups(ctx, request.query)),
  );
  r.delete(
    '/api/error-groups/:fingerprint',
    { schema: { tags: ['monitoring'], params: z.object({ fingerprint: z.string().regex(/^[0-9a-f]{40}$/) }), response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await request.asUser((ctx) => resolveErrorGroup(ctx, request.params.fingerprint));
      return reply.status(204).send(null);
    },
  );
}
