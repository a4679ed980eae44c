import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { AppError } from '../../lib/app-error.js';

export function registerHealthRoutes(app: FastifyInstance): void {
  const { db } = app.services;

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { hide: true } }, async () => {
    try {
      await sql`select 1`.execute(db);
    } catch (error) {
      throw new AppError('database_unavailable', 'The database is not reachable.', { cause: error });
    }
    return { status: 'ready' };
  });
}
