import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { Redis } from 'ioredis';
import { type Config, fastifyTrustProxy } from './config.js';
import { AnalyticsReplica } from './lib/analytics-replica.js';
import { connectionErrorHandler, enforceBodyDeadline, serverTimeoutOptions } from './lib/connection-limits.js';
import { configureOutboundGuard } from './lib/outbound-guard.js';
import { redactingStream } from './lib/secret-redaction.js';
import { type DatabaseHandle, openDatabase } from './lib/database.js';
import { type Mailer, OutboxMailer, SmtpMailer } from './lib/mailer.js';
import { FailoverCounterStore, MemoryCounterStore, RateLimiter, RedisCounterStore, registerFallbackMetric } from './lib/rate-limiter.js';
import { AccessTokens } from './lib/tokens.js';
import { registerAuthRoutes } from './modules/auth/auth.routes.js';
import { registerClientErrorRoutes } from './modules/client-errors/client-errors.routes.js';
import { registerErrorGroupRoutes } from './modules/error-groups/error-groups.routes.js';
import { ErrorRecorder } from './modules/error-groups/error-recorder.js';
import { startSentry } from './lib/error-reporting.js';
import { registerCommunityRoutes } from './modules/communities/communities.routes.js';
import { registerAnalyticsRoutes } from './modules/analytics/analytics.routes.js';
import { registerAiRoutes } from './modules/ai/ai.routes.js';
import { registerLabRoutes } from './modules/ai/lab.routes.js';
import { registerAuditRoutes } from './modules/audit/audit.routes.js';
import { registerChatRoutes } from './modules/chat/chat.routes.js';
import { registerContentRoutes } from './modules/content/content.routes.js';
import { registerConversationRoutes } from './modules/conversations/conversations.routes.js';
import { registerExerciseRoutes } from './modules/exercises/exercises.routes.js';
import { publishGuard } from './modules/exercises/exercises.service.js';
import { registerFlagRoutes } from './modules/flags/flags.routes.js';
import { registerHealthRoutes } from './modules/health/health.routes.js';
import { createKnowledgeRuntime } from './modules/knowledge/knowledge-runtime.js';
import { registerKnowledgeRoutes } from './modules/knowledge/knowledge.routes.js';
import { registerLanguageRoutes } from './modules/profile/language.routes.js';
import { registerProgramRoutes } from './modules/programs/programs.routes.js';
import { registerPrivacyRoutes } from './modules/privacy/privacy.routes.js';
import { registerReviewRoutes } from './modules/reviews/reviews.routes.js';
import { registerUserRoutes } from './modules/users/users.routes.js';
import { registerProfileRoutes } from './modules/profile/profile.routes.js';
import { registerSsoRoutes } from './modules/sso/sso.routes.js';
import { sessionRecheck } from './modules/sso/sso.service.js';
import { registerScimRoutes } from './modules/scim/scim.routes.js';
import { registerSamlRoutes } from './modules/sso/saml.routes.js';
import { registerVitalsRoutes } from './modules/vitals/vitals.routes.js';
import { registerXapiRoutes } from './modules/xapi/xapi.routes.js';
import { registerOpenBadgesRoutes } from './modules/open-badges/open-badges.routes.js';
import { registerLtiRoutes } from './modules/lti/lti.routes.js';
import { registerDrain } from './plugins/drain.js';
import { frameworkErrorHandler, registerErrorHandling } from './plugins/errors.js';
import { createMetrics, registerMetrics } from './plugins/metrics.js';
import { registerRequestContext } from './plugins/request-context.js';
import { registerResponseSerialization } from './plugins/response-serialization.js';
import { registerSecurity } from './plugins/security.js';
import { registerTracing } from './plugins/tracing.js';
import { registerWebApp } from './plugins/web-app.js';
import { registerCompression } from './plugins/compression.js';
import { JobRunner, sendMailJob } from './platform/jobs/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** dist/web beside dist/server when built; the repository's dist/web when run from source. */
const defaultWebDir = path.resolve(here, here.includes(`${path.sep}dist${path.sep}`) ? '../web' : '../dist/web');

export interface BuildOptions {
  /** An already-open (and migrated) database; otherwise one is opened from the config and closed with the app. */
  database?: DatabaseHandle;
  mailer?: Mailer;
  webDir?: string;
  logger?: boolean;
  /** Where log lines go (tests capture them); stdout by default. */
  logStream?: { write(line: string): void };
}

const requestIdPattern = /^[\w.:-]{1,64}$/;

/** Builds the whole application: plugins, then modules, each registered explicitly. Never listens. */
export async function buildApp(config: Readonly<Config>, options: BuildOptions = {}): Promise<FastifyInstance> {
  configureOutboundGuard({ allowPrivate: config.AI_ALLOW_PRIVATE_BASE_URLS });
  const app = Fastify({
    logger:
      options.logger === false
        ? false
        : {
            level: config.LOG_LEVEL,
            redact: {
              paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.accessToken', '*.refreshToken', '*.token', '*.apiKey', '*.api_key_encrypted'],
              censor: '[redacted]',
            },
            // Every line is scrubbed of API keys, whichever error object carried one there (issue 26).
            stream: redactingStream(options.logStream ?? process.stdout),
          },
    bodyLimit: config.BODY_LIMIT_BYTES,
    ...serverTimeoutOptions(config),
    clientErrorHandler: connectionErrorHandler,
    frameworkErrors: frameworkErrorHandler,
    // Fastify's own per-request lines are replaced by one structured line (plugins/metrics.ts).
    logController: new LogController({ disableRequestLogging: true }),
    trustProxy: fastifyTrustProxy(config.TRUST_PROXY),
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && requestIdPattern.test(incoming) ? incoming : randomUUID();
    },
  });
  enforceBodyDeadline(app.server, config);
  // Answers are written by serializers compiled from the contracts; tests also check each one (ADR 0048).
  registerResponseSerialization(app, { checkResponses: config.NODE_ENV === 'test' || process.env.NODE_ENV === 'test' || process.env.RESPONSE_CHECKS === '1' });
  registerErrorHandling(app);
  registerTracing(app);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // API answers are per user: no shared cache may keep one (response-cache.test.ts).
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'private, no-store');
  });
  registerDrain(app);

  const database =
    options.database ??
    (await openDatabase({
      url: config.DATABASE_URL,
      pgliteDir: path.join(config.DATA_DIR, 'pgdata'),
      poolMax: config.DB_POOL_MAX,
      pooler: config.DATABASE_POOLER,
      statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS,
      onPoolError: (err) => app.log.warn({ err, event: 'db.pool.error' }, 'database connection lost'),
    }));
  const analyticsReplica = config.ANALYTICS_DATABASE_URL
    ? new AnalyticsReplica(await openDatabase({ url: config.ANALYTICS_DATABASE_URL, poolMax: config.DB_POOL_MAX, pooler: config.DATABASE_POOLER, statementTimeoutMs: config.DB_STATEMENT_TIMEOUT_MS }), config.ANALYTICS_MAX_LAG_SECONDS)
    : undefined;
  if (analyticsReplica) app.addHook('onClose', () => analyticsReplica.close());
  // Redis only speeds limits up (ADR 0038): no offline queue, so a command fails at once while it is
  // down and the counters fall back to this process's (FailoverCounterStore).
  const redis = config.REDIS_URL ? new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false }) : undefined;
  redis?.on('error', (err) => app.log.warn({ err, event: 'redis.error' }, 'redis error'));
  const onFallback = (usingFallback: boolean, err?: unknown) =>
    usingFallback
      ? app.log.warn({ err, event: 'ratelimit.fallback' }, 'Redis does not answer: rate limits are counted in this process until it is back')
      : app.log.info({ event: 'ratelimit.redis_back' }, 'Redis answers again: rate limits are shared across instances');
  const counters = redis ? new FailoverCounterStore(redis, new RedisCounterStore(redis), { onChange: onFallback }) : undefined;
  const globalCounters = redis ? new FailoverCounterStore(redis, new RedisCounterStore(redis, 'aigym:global-rl:'), { onChange: onFallback }) : undefined;
  // Work outside requests (ADR 0034). Polling starts in main.ts; tests run due jobs with runDue().
  const jobs = new JobRunner(app, { concurrency: config.JOBS_CONCURRENCY, pollMs: config.JOBS_POLL_MS });
  app.decorate('jobs', jobs);
  jobs.register(sendMailJob);
  app.addHook('onClose', async () => {
    await jobs.stop();
    if (!options.database) await database.close();
    await redis?.quit().catch(() => undefined);
  });

  await app.register(cookie);
  await registerCompression(app);
  await app.register(multipart, { limits: { fileSize: 2 * 1024 * 1024, files: 1, fields: 10 } });
  mkdirSync(path.resolve(config.DATA_DIR, 'uploads'), { recursive: true, mode: 0o700 });
  // Uploaded thumbnails; names are random UUIDs, types were checked by content on upload.
  await app.register(fastifyStatic, { root: path.resolve(config.DATA_DIR, 'uploads'), prefix: '/uploads/', decorateReply: false, index: false });
  await registerSecurity(app, config, globalCounters);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'AI GYM API', version: '1.0.0', description: 'Every error is {"error":{"code","message","requestId"}}.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  registerRequestContext(app, {
    config,
    database,
    db: database.db,
    tokens: new AccessTokens(config.AUTH_SECRET, config.ACCESS_TOKEN_TTL_SECONDS),
    limiter: new RateLimiter(counters ?? new MemoryCounterStore()),
    mailer: options.mailer ?? (config.SMTP_URL ? new SmtpMailer(config.SMTP_URL) : new OutboxMailer(path.join(config.DATA_DIR, 'outbox'))),
    analyticsReplica,
  });
  const metrics = createMetrics(database);
  registerMetrics(app, metrics);
  if (counters && globalCounters) registerFallbackMetric(metrics.registry, [counters, globalCounters]);

  registerHealthRoutes(app, counters);
  registerAuthRoutes(app, sessionRecheck(app.services));
  registerSsoRoutes(app);
  registerSamlRoutes(app);
  registerScimRoutes(app);
  registerUserRoutes(app);
  registerProfileRoutes(app);
  registerLanguageRoutes(app);
  registerCommunityRoutes(app);
  registerContentRoutes(app, publishGuard(app.services.config));
  registerConversationRoutes(app);
  const knowledge = await createKnowledgeRuntime(database.db, app.log, { singleInstance: database.kind === 'pglite' });
  registerChatRoutes(app, metrics, knowledge);
  registerKnowledgeRoutes(app, knowledge);
  registerFlagRoutes(app);
  registerAuditRoutes(app);
  registerAnalyticsRoutes(app);
  const sentry = config.SENTRY_DSN ? await startSentry(config.SENTRY_DSN, config.NODE_ENV) : undefined;
  if (sentry) app.addHook('onClose', () => sentry.flush());
  const errorRecorder = new ErrorRecorder(database.db, sentry);
  registerErrorGroupRoutes(app, errorRecorder);
  registerClientErrorRoutes(app, metrics, errorRecorder);
  registerVitalsRoutes(app, metrics.registry);
  registerExerciseRoutes(app);
  registerProgramRoutes(app);
  registerReviewRoutes(app);
  registerAiRoutes(app);
  registerLabRoutes(app);
  registerXapiRoutes(app);
  registerOpenBadgesRoutes(app);
  registerLtiRoutes(app);
  registerPrivacyRoutes(app);

  // Source maps help in development; in production they would publish the source.
  await registerWebApp(app, options.webDir ?? defaultWebDir, { serveSourceMaps: config.NODE_ENV !== 'production' });
  return app;
}
