import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clientErrorSchema } from '../../../contracts/client-errors.js';
import { errorBodySchema } from '../../../contracts/errors.js';
import { AppError } from '../../lib/app-error.js';
import type { Metrics } from '../../plugins/metrics.js';
import type { ErrorRecorder } from '../error-groups/error-recorder.js';
import { normalisePath } from '../error-groups/fingerprint.js';

const REPORTS_PER_MINUTE = 30;

/** "TypeError: x is undefined" → TypeError; the browser's message carries the kind first. */
const errorName = (message: string): string => /^([A-Z]\w*(?:Error|Exception)):/.exec(message)?.[1] ?? 'Error';

/** Crashes in the browser, reported by the SPA's error boundaries, land in the server log and in error groups. */
export function registerClientErrorRoutes(app: FastifyInstance, metrics: Metrics, recorder: ErrorRecorder): void {
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
      const report = request.body;
      const name = errorName(report.message);
      const error = Object.assign(new Error(report.message), { name, stack: report.stack ?? report.message });
      void recorder.record(
        { source: 'client', name, message: report.message, location: normalisePath(report.url), stack: report.stack ?? null, requestId: request.id },
        error,
        request.log,
      );
      return reply.status(204).send(null);
    },
  );
}
