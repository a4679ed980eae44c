import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { AppError } from '../../lib/app-error.js';
import type { FailoverCounterStore } from '../../lib/rate-limiter.js';

export function registerHealthRoutes(app: FastifyInstance, counters?: FailoverCounterStore): void {
  const { db } = app.services;

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { hide: true } }, async () => {
    try {
      await sql`select 1`.execute(db);
    } catch (error) {
      throw new AppError('database_unavailable', 'The database is not reachable.', { cause: error });
    }
    // Redis is not a readiness condition (ADR 0038): without it limits are counted per instance.
    if (!counters) return { status: 'ready' };
    return { status: 'ready', rateLimits: counters.usingFallback ? 'in-process (Redis does not answer)' : 'redis' };
  });
}
