import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBodySchema } from '../../../contracts/errors.js';
import { lrsEnvelopeSchema, lrsTestResultSchema, putLrsSchema } from '../../../contracts/xapi.js';
import * as lrs from './lrs.service.js';
import { xapiProfile } from './xapi-profile.js';
import { XAPI_SYNC_EVERY_MS, xapiSyncJob } from './xapi-jobs.js';

const idParams = z.object({ id: z.uuid() });
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };

/** xAPI to each community's own LRS (§10.2, ADR 0043). */
export function registerXapiRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['xapi'];
  const { config } = app.services;
  app.jobs.every(xapiSyncJob, XAPI_SYNC_EVERY_MS, {});

  r.get('/api/communities/:id/lrs', { schema: { tags, params: idParams, response: { 200: lrsEnvelopeSchema, ...errors } } }, async (request) => ({
    lrs: await request.asUser((ctx) => lrs.getLrs(ctx, request.params.id)),
  }));

  r.put('/api/communities/:id/lrs', { schema: { tags, params: idParams, body: putLrsSchema, response: { 200: lrsEnvelopeSchema, ...errors } } }, async (request) => ({
    lrs: await request.asUser((ctx) => lrs.putLrs(ctx, config, request.params.id, request.body)),
  }));

  r.delete('/api/communities/:id/lrs', { schema: { tags, params: idParams, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
    await request.asUser((ctx) => lrs.deleteLrs(ctx, request.params.id));
    return reply.status(204).send(null);
  });

  r.post('/api/communities/:id/lrs/resend', { schema: { tags, params: idParams, response: { 200: lrsEnvelopeSchema, ...errors } } }, async (request) => ({
    lrs: await request.asUser((ctx) => lrs.resendLrs(ctx, request.params.id)),
  }));

  r.post('/api/communities/:id/lrs/test', { schema: { tags, params: idParams, response: { 200: lrsTestResultSchema, ...errors } } }, (request) =>
    request.asUser((ctx) => lrs.testLrs(ctx, config, request.params.id)),
  );

  // The AI GYM xAPI profile: public, like any vocabulary an LRS or a report may look up.
  r.get('/xapi/profile', { schema: { tags, hide: true } }, async (_request, reply) => reply.header('content-type', 'application/ld+json; charset=utf-8').header('cache-control', 'public, max-age=3600').send(xapiProfile));
}
