import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { auditEntrySchema, listAuditQuerySchema } from '../../../contracts/audit.js';
import { errorBodySchema } from '../../../contracts/errors.js';
import { pageSchema } from '../../../contracts/pagination.js';
import { listAudit } from './audit.service.js';

export function registerAuditRoutes(app: FastifyInstance): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/audit',
    { schema: { tags: ['audit'], querystring: listAuditQuerySchema, response: { 200: pageSchema(auditEntrySchema), 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema } } },
    (request) => request.asUser((ctx) => listAudit(ctx, request.query)),
  );
}
