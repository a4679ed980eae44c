import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Database } from '../db-schema.js';
import { type AnalyticsReplica, runAnalyticsAsUser } from '../lib/analytics-replica.js';
import { AppError } from '../lib/app-error.js';
import type { DatabaseHandle } from '../lib/database.js';
import type { Mailer } from '../lib/mailer.js';
import type { RateLimiter } from '../lib/rate-limiter.js';
import type { AccessClaims, AccessTokens } from '../lib/tokens.js';
import { type AnonymousContext, type RequestMeta, runAnonymous, runAsUser, type UserContext } from '../lib/transactions.js';

/** What every module may use: built once in buildApp, shared by all requests. */
export interface Services {
  config: Readonly<Config>;
  database: DatabaseHandle;
  db: Kysely<Database>;
  tokens: AccessTokens;
  limiter: RateLimiter;
  mailer: Mailer;
  /** Where analytics reads go when ANALYTICS_DATABASE_URL is set (analytics-replica.ts). */
  analyticsReplica?: AnalyticsReplica | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
  interface FastifyRequest {
    /** The signed-in user, once a token has been verified (for logs). */
    userId?: string;
    /** Verifies the bearer token (401 in the error shape on any defect); once per request. */
    requireClaims(): Promise<AccessClaims>;
    /** The verified claims, or null for an anonymous caller or a bad token (the route decides). */
    optionalClaims(): Promise<AccessClaims | null>;
    verifiedClaims: Promise<AccessClaims> | null;
    /** Runs `fn` in one transaction as the signed-in user, under row-level security. */
    asUser<T>(fn: (ctx: UserContext) => Promise<T>): Promise<T>;
    /** As asUser, read-only, on the analytics replica when one is set and fresh enough. */
    asAnalyticsReader<T>(fn: (ctx: UserContext) => Promise<T>): Promise<T>;
    /** Runs `fn` in one transaction with no identity: policies match no row. */
    asAnonymous<T>(fn: (ctx: AnonymousContext) => Promise<T>): Promise<T>;
    meta(): RequestMeta;
  }
}

function bearerToken(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match?.[1] ?? null;
}

export function registerRequestContext(app: FastifyInstance, services: Services): void {
  app.decorate('services', services);

  app.decorateRequest('verifiedClaims', null);
  // The rate limiter keys by user and the route acts as one: one verification serves both.
  app.decorateRequest('requireClaims', function requireClaims(this: FastifyRequest) {
    if (!this.verifiedClaims) {
      const token = bearerToken(this);
      this.verifiedClaims = token ? services.tokens.verify(token) : Promise.reject(new AppError('unauthenticated', 'Sign in to continue.'));
      // Whoever awaits it sees the rejection; this only stops an unawaited one being reported as unhandled.
      this.verifiedClaims.catch(() => undefined);
    }
    return this.verifiedClaims;
  });

  app.decorateRequest('optionalClaims', function optionalClaims(this: FastifyRequest) {
    if (!this.headers.authorization) return Promise.resolve(null);
    return this.requireClaims().catch(() => null);
  });

  app.decorateRequest('meta', function meta(this: FastifyRequest): RequestMeta {
    return {
      requestId: this.id,
      ip: this.ip,
      onBackgroundError: (err: unknown) => this.log.error({ err, event: 'request.after_commit_failed' }, 'after-commit task failed'),
    };
  });

  app.decorateRequest('asUser', async function asUser<T>(this: FastifyRequest, fn: (ctx: UserContext) => Promise<T>) {
    const claims = await this.requireClaims();
    this.userId = claims.sub;
    // GET and HEAD are safe methods: their transaction is READ ONLY, so PostgreSQL itself refuses a
    // write hidden in one, and its COMMIT costs the request no round trip.
    const readOnly = this.method === 'GET' || this.method === 'HEAD';
    const result = await runAsUser(services.db, claims, this.meta(), fn, { readOnly });
    return result;
  });

  app.decorateRequest('asAnalyticsReader', async function asAnalyticsReader<T>(this: FastifyRequest, fn: (ctx: UserContext) => Promise<T>) {
    const claims = await this.requireClaims();
    this.userId = claims.sub;
    return runAnalyticsAsUser(services.db, services.analyticsReplica, claims, this.meta(), fn);
  });

  app.decorateRequest('asAnonymous', function asAnonymous<T>(this: FastifyRequest, fn: (ctx: AnonymousContext) => Promise<T>) {
    return runAnonymous(services.db, this.meta(), fn);
  });
}
