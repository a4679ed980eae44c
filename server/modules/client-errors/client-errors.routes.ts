import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clientErrorSchema } from '../../../contracts/client-errors.js';
import { errorBodySchema } from '../../../contracts/errors.js';
import { AppError } from '../../lib/app-error.js';
import type { Metrics } from '../../plugins/metrics.js';

const REPORTS_PER_MINUTE = 30;

/** Crashes in the browser, reported by the SPA's error boundaries, land in the server log. */
export function registerClientErrorRoutes(app: FastifyInstance, metrics: Metrics): void {
  const { limiter } = app.services;
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/client-errors',
    { schema: { tags: ['monitoring'], body: clientErrorSchema, response: { 204: z.null(), 400: errorBodySchema, 429: errorBodySchema } } },
    async (request, reply) => {
      const limit = await limiter.hit(`client-errors:ip:${request.ip}`, REPORTS_PER_MINUTE, 60);
      if (!limit.allowed) {
        throw new AppError('rate_limited', 'Too many error reports.', { headers: { 'retry-after': String(limit.retryAfterSeconds) } });
      }
      metrics.clientErrors.inc();
      request.log.warn({ event: 'client.error', report: request.body }, 'web app reported an error');
      return reply.status(204).send(null);
    },
  );
}
