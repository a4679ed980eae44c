import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { AppError } from '../lib/app-error.js';
import type { DatabaseHandle } from '../lib/database.js';

export interface Metrics {
  registry: Registry;
  dbQueryDuration: Histogram;
  httpDuration: Histogram<'method' | 'route' | 'status'>;
  failedLogins: Counter;
  rateLimited: Counter<'scope'>;
  clientErrors: Counter;
  aiFirstToken: Histogram<'model'>;
  aiTokens: Counter<'direction'>;
  aiAnswers: Counter<'status'>;
}

/** One registry per app instance, so tests building several apps do not collide. */
export function createMetrics(database: DatabaseHandle): Metrics {
  const { pool } = database;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new Gauge({
    name: 'db_pool_connections',
    help: 'Database pool connections by state',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      this.set({ state: 'total' }, pool.totalCount);
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'waiting' }, pool.waitingCount);
    },
  });
  const dbQueryDuration = new Histogram({
    name: 'db_query_duration_seconds',
    help: 'Database query duration',
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers: [registry],
  });
  database.onQuery = (ms) => dbQueryDuration.observe(ms / 1000);
  const failedLogins = new Counter({ name: 'auth_failed_logins_total', help: 'Failed sign-in attempts', registers: [registry] });
  const rateLimited = new Counter({ name: 'rate_limited_total', help: 'Requests refused by a rate limit', labelNames: ['scope'] as const, registers: [registry] });
  const clientErrors = new Counter({ name: 'client_errors_total', help: 'Errors reported by the web app', registers: [registry] });
  const aiFirstToken = new Histogram({
    name: 'ai_time_to_first_token_seconds',
    help: 'Time from sending a chat turn to the first streamed token',
    labelNames: ['model'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers: [registry],
  });
  const aiTokens = new Counter({ name: 'ai_tokens_total', help: 'Tokens used by chat answers', labelNames: ['direction'] as const, registers: [registry] });
  const aiAnswers = new Counter({ name: 'ai_answers_total', help: 'Chat answers by outcome', labelNames: ['status'] as const, registers: [registry] });
  return { registry, dbQueryDuration, httpDuration, failedLogins, rateLimited, clientErrors, aiFirstToken, aiTokens, aiAnswers };
}

const loopback = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * With METRICS_TOKEN, a scraper presents it as a bearer token; without, only this host may read
 * metrics — both the connection and the client a trusted proxy names must be loopback, so a local
 * nginx forwarding an outside request does not count as local.
 */
function assertMetricsAccess(request: FastifyRequest, token: string | undefined): void {
  if (token) {
    const given = Buffer.from(/^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '');
    const expected = Buffer.from(token);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new AppError('unauthenticated', 'Metrics need the metrics token.');
    return;
  }
  if (!loopback.has(request.ip) || !loopback.has(request.socket.remoteAddress ?? '')) throw new AppError('not_found', 'Not found.');
}

export function registerMetrics(app: FastifyInstance, metrics: Metrics): void {
  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, not the URL, keeps label cardinality bounded.
    const route = request.routeOptions.url ?? 'unmatched';
    // One structured line per request (Fastify's own request logging is off).
    request.log.info(
      { event: 'http.request', method: request.method, route, url: request.url.split('?')[0], status: reply.statusCode, durationMs: Math.round(reply.elapsedTime), userId: request.userId },
      'request completed',
    );
    metrics.httpDuration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    if (reply.statusCode === 429) metrics.rateLimited.inc({ scope: route });
    if (route === '/api/auth/login' && reply.statusCode === 401) metrics.failedLogins.inc();
  });
  const { METRICS_TOKEN } = app.services.config;
  app.get('/metrics', { schema: { hide: true }, onRequest: async (request) => assertMetricsAccess(request, METRICS_TOKEN) }, async (_request, reply) => {
    reply.header('content-type', metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}
