import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  budgetInputSchema,
  budgetStatusSchema,
  connectionSchema,
  connectionTestResultSchema,
  costsQuerySchema,
  costsSchema,
  createConnectionSchema,
  pricesSchema,
  testConnectionSchema,
  updateConnectionSchema,
} from '../../../contracts/ai.js';
import { errorBodySchema } from '../../../contracts/errors.js';
import { pageSchema } from '../../../contracts/pagination.js';
import { requireBudgetReader, budgetStatus, putBudget } from './budget.service.js';
import * as connections from './connections.service.js';
import { costs, costsCsv } from './costs.service.js';
import { listPrices, replacePrices } from './prices.service.js';
import { checkOutboundUrl } from '../../lib/outbound-guard.js';

const idParams = z.object({ id: z.uuid() });
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };

/** AI connections, the price table, community budgets and cost analytics (ARCHITECTURE §9.3). */
export function registerAiRoutes(app: FastifyInstance): void {
  const { config } = app.services;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['ai'];

  r.get('/api/ai/connections', { schema: { tags, response: { 200: pageSchema(connectionSchema), ...errors } } }, async (request) => ({
    items: await request.asUser((ctx) => connections.listConnections(ctx)),
    nextCursor: null,
  }));
  r.post('/api/ai/connections', { schema: { tags, body: createConnectionSchema, response: { 201: connectionSchema, ...errors } } }, async (request, reply) => {
    if (request.body.baseUrl) await checkOutboundUrl(request.body.baseUrl);
    const created = await request.asUser((ctx) => connections.createConnection(ctx, config, request.body));
    return reply.status(201).send(created);
  });
  r.get('/api/ai/connections/:id', { schema: { tags, params: idParams, response: { 200: connectionSchema, ...errors } } }, (request) =>
    request.asUser((ctx) => connections.getConnection(ctx, request.params.id)),
  );
  r.patch('/api/ai/connections/:id', { schema: { tags, params: idParams, body: updateConnectionSchema, response: { 200: connectionSchema, ...errors } } }, async (request) => {
    if (request.body.baseUrl) await checkOutboundUrl(request.body.baseUrl);
    return request.asUser((ctx) => connections.updateConnection(ctx, config, request.params.id, request.body));
  });
  r.delete('/api/ai/connections/:id', { schema: { tags, params: idParams, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
    await request.asUser((ctx) => connections.deleteConnection(ctx, request.params.id));
    return reply.status(204).send(null);
  });
  r.post(
    '/api/ai/connections/:id/test',
    {
      schema: {
        tags,
        description: 'Sends a one-word prompt through the connection: its latency, or the provider’s error in plain words.',
        params: idParams,
        body: testConnectionSchema.optional(),
        response: { 200: connectionTestResultSchema, ...errors },
      },
    },
    async (request) => {
      const connection = await request.asUser((ctx) => connections.requireConnectionForTest(ctx, config, request.params.id));
      const result = await connections.testConnection(connection, request.body?.model);
      request.log.info({ event: 'ai.connection.test', connectionId: connection.id, ok: result.ok, latencyMs: result.latencyMs }, 'connection tested');
      return result;
    },
  );

  r.get('/api/ai/prices', { schema: { tags, response: { 200: pricesSchema, ...errors } } }, (request) => request.asUser((ctx) => listPrices(ctx)));
  r.put('/api/ai/prices', { schema: { tags, description: 'Replaces the whole price table.', body: pricesSchema, response: { 200: pricesSchema, ...errors } } }, (request) =>
    request.asUser((ctx) => replacePrices(ctx, request.body)),
  );

  r.get('/api/communities/:id/budget', { schema: { tags, params: idParams, response: { 200: budgetStatusSchema, ...errors } } }, (request) =>
    request.asUser(async (ctx) => {
      await requireBudgetReader(ctx, request.params.id);
      return budgetStatus(ctx, request.params.id);
    }),
  );
  r.put('/api/communities/:id/budget', { schema: { tags, params: idParams, body: budgetInputSchema, response: { 200: budgetStatusSchema, ...errors } } }, (request) =>
    request.asUser((ctx) => putBudget(ctx, request.params.id, request.body)),
  );

  r.get(
    '/api/analytics/costs',
    { schema: { tags: ['analytics'], querystring: costsQuerySchema, response: { 200: z.union([costsSchema, z.string()]), ...errors } } },
    async (request, reply) => {
      const report = await request.asUser((ctx) => costs(ctx, request.query));
      if (request.query.format !== 'csv') return report;
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="ai-costs-${report.range.from}-to-${report.range.to}.csv"`)
        // A byte-order mark, so Excel reads the names (Sofía Núñez) as UTF-8, like the progress CSV (issue 25).
        .send(`\uFEFF${costsCsv(report)}`);
    },
  );
}
