import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBodySchema } from '../../../contracts/errors.js';
import { createFlagSchema, flagSchema, updateFlagSchema } from '../../../contracts/flags.js';
import { assertIfMatch, etagOf, ifMatchOf, withEtag } from '../../lib/etag.js';
import * as flags from './flags.service.js';

const keyParams = z.object({ key: z.string().max(63) });
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };

export function registerFlagRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['flags'];

  // Flags are edited from one list: its ETag is the version a PATCH of any flag must match.
  r.get('/api/flags', { schema: { tags, response: { 200: z.object({ items: z.array(flagSchema) }), ...errors } } }, async (request, reply) =>
    withEtag(reply, { items: await request.asUser((ctx) => flags.listFlags(ctx)) }),
  );

  r.post('/api/flags', { schema: { tags, body: createFlagSchema, response: { 201: flagSchema, ...errors } } }, async (request, reply) => {
    const flag = await request.asUser((ctx) => flags.createFlag(ctx, request.body));
    return reply.status(201).send(flag);
  });

  r.patch('/api/flags/:key', { schema: { tags, params: keyParams, body: updateFlagSchema, response: { 200: flagSchema, ...errors } } }, async (request, reply) => {
    const { key } = request.params;
    return request.asUser(async (ctx) => {
      await assertIfMatch(ctx, ifMatchOf(request), { table: 'feature_flags', key }, async () => ({ items: await flags.listFlags(ctx) }));
      const flag = await flags.updateFlag(ctx, key, request.body);
      reply.header('etag', etagOf({ items: await flags.listFlags(ctx) }));
      return flag;
    });
  });

  r.delete('/api/flags/:key', { schema: { tags, params: keyParams, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
    await request.asUser((ctx) => flags.deleteFlag(ctx, request.params.key));
    return reply.status(204).send(null);
  });
}
