import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  activitySchema,
  analyticsQuerySchema,
  communityStatsSchema,
  engagementSchema,
  memberHomeSchema,
  memberReportSchema,
  memberStatsSchema,
  summarySchema,
  topAgentsSchema,
} from '../../../contracts/analytics.js';
import { errorBodySchema } from '../../../contracts/errors.js';
import * as analytics from './analytics.service.js';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema };

/** One endpoint per dashboard panel, so each loads and fails on its own; read from the analytics replica when there is one (ADR 0039). */
export function registerAnalyticsRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['analytics'];
  const panel = { tags, querystring: analyticsQuerySchema };

  r.get('/api/analytics/summary', { schema: { ...panel, response: { 200: summarySchema, ...errors } } }, (request) =>
    request.asAnalyticsReader((ctx) => analytics.summary(ctx, request.query)),
  );
  r.get('/api/analytics/activity', { schema: { ...panel, response: { 200: activitySchema, ...errors } } }, (request) =>
    request.asAnalyticsReader((ctx) => analytics.activity(ctx, request.query)),
  );
  r.get('/api/analytics/top-agents', { schema: { ...panel, response: { 200: topAgentsSchema, ...errors } } }, (request) =>
    request.asAnalyticsReader((ctx) => analytics.topAgents(ctx, request.query)),
  );
  r.get('/api/analytics/content-engagement', { schema: { ...panel, response: { 200: engagementSchema, ...errors } } }, (request) =>
    request.asAnalyticsReader((ctx) => analytics.contentEngagement(ctx, request.query)),
  );
  r.get('/api/analytics/communities', { schema: { ...panel, response: { 200: communityStatsSchema, ...errors } } }, (request) =>
    request.asAnalyticsReader((ctx) => analytics.communityStats(ctx, request.query)),
  );
  r.get('/api/analytics/members', { schema: { ...panel, response: { 200: memberStatsSchema, ...errors } } }, (request) =>
    request.asAnalyticsReader((ctx) => analytics.memberStats(ctx, request.query)),
  );
  r.get(
    '/api/analytics/members/:userId',
    { schema: { tags, params: z.object({ userId: z.uuid() }), response: { 200: memberReportSchema, ...errors } } },
    (request) => request.asAnalyticsReader((ctx) => analytics.memberReport(ctx, request.params.userId)),
  );
  r.get('/api/analytics/me', { schema: { tags, response: { 200: memberHomeSchema, ...errors } } }, (request) =>
    request.asAnalyticsReader((ctx) => analytics.memberHome(ctx)),
  );
}
