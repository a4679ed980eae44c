import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clientErrorSchema } from '../../../contracts/client-errors.js';
import { errorBodySchema } from '../../../contracts/errors.js';
import { AppError } from '../../lib/app-error.js';
import type { Metrics } from '../../plugins/metrics.js';
import { type ErrorRecorder, normalisePath } from '../error-groups/error-groups.service.js';

const REPORTS_PER_MINUTE = 30;
/**
 * Reports without a session (the sign-in page, or anyone with curl) are only logged, never grouped:
 * an error group is an admin-facing alert, and anonymous text and links must not create them
 * (issue 26: 30 groups a minute). They are also limited per address and in total.
 */
const ANONYMOUS_PER_MINUTE_PER_IP = 5;
const ANONYMOUS_PER_MINUTE_TOTAL = 60;

/** "TypeError: x is undefined" → TypeError; the browser's message carries the kind first. */
const errorName = (message: string): string => /^([A-Z]\w*(?:Error|Exception)):/.exec(message)?.[1] ?? 'Error';

/** Crashes in the browser, reported by the SPA's error boundaries, land in the server log and in error groups. */
export function registerClientErrorRoutes(app: FastifyInstance, metrics: Metrics, recorder: ErrorRecorder): void {
  const { limiter } = app.services;
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/client-errors',
    { schema: { tags: ['monitoring'], body: clientErrorSchema, response: { 204: z.null(), 400: errorBodySchema, 429: errorBodySchema } } },
    async (request, reply) => {
      const claims = await request.optionalClaims().catch(() => null);
      const limits = claims
        ? [await limiter.hit(`client-errors:user:${claims.sub}`, REPORTS_PER_MINUTE, 60)]
        : [await limiter.hit(`client-errors:anon:ip:${request.ip}`, ANONYMOUS_PER_MINUTE_PER_IP, 60), await limiter.hit('client-errors:anon:all', ANONYMOUS_PER_MINUTE_TOTAL, 60)];
      const refused = limits.find((l) => !l.allowed);
      if (refused) {
        throw new AppError('rate_limited', 'Too many error reports.', { headers: { 'retry-after': String(refused.retryAfterSeconds) } });
      }
      metrics.clientErrors.inc();
      if (!claims) {
        request.log.info({ event: 'client.error.anonymous', message: request.body.message.slice(0, 200), location: normalisePath(request.body.url) }, 'web app reported an error (no session)');
        return reply.status(204).send(null);
      }
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
