import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { IncomingMessage } from 'node:http';
import helmet from 'helmet';
import { EMBEDDED_COOKIE, frameOriginShape } from '../lib/session-cookie.js';
import type { Config } from '../config.js';
import { AppError } from '../lib/app-error.js';
import { type CounterStore, fastifyRateLimitStore } from '../lib/rate-limiter.js';
import { isWebAppFileRequest } from './web-app.js';

/** The platform origin in the LTI embedded marker cookie, when well formed. */
export function embeddedFrameOrigin(cookieHeader: string | undefined): string | null {
  const value = cookieHeader?.split(';').map((part) => part.trim()).find((part) => part.startsWith(`${EMBEDDED_COOKIE}=`))?.slice(EMBEDDED_COOKIE.length + 1);
  let origin: string | null = null;
  try {
    origin = value ? decodeURIComponent(value) : null;
  } catch {
    return null;
  }
  return origin && frameOriginShape.test(origin) ? origin : null;
}

/** Security headers (CSP first) and a generous ceiling on every request, per user or, when anonymous, per address. */
export async function registerSecurity(app: FastifyInstance, config: Readonly<Config>, counters: CounterStore | undefined): Promise<void> {
  // Built once: @fastify/helmet builds helmet's middleware again on every request (parsing the
  // policy each time), which was 4% of a request's CPU. No route has options of its own.
  const setSecurityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Mantine injects its CSS variables in <style> elements at run time.
        styleSrc: ["'self'", "'unsafe-inline'"],
        // No other origin: an image URL in a model's answer must not be fetched (it could carry the conversation out).
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameSrc: ['https://www.youtube-nocookie.com', 'https://www.youtube.com', 'https://player.vimeo.com', "'self'"],
        mediaSrc: ["'self'", 'https:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        // No framing, except by the learning platform an LTI session was opened from (its origin is
        // in the embedded marker, which only this server sets; ADR 0045).
        frameAncestors: [(request: IncomingMessage) => embeddedFrameOrigin(request.headers.cookie) ?? "'none'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
    hsts: config.APP_URL.startsWith('https:'),
  });
  app.addHook('onRequest', (request, reply, done) => {
    setSecurityHeaders(request.raw, reply.raw, (error?: unknown) => done(error instanceof Error ? error : undefined));
  });

  await app.register(rateLimit, {
    global: true,
    max: config.API_RATE_LIMIT_PER_MINUTE,
    timeWindow: 60_000,
    // Shared through Redis when there is one, falling back to this process's counters when it does not answer.
    ...(counters ? { store: fastifyRateLimitStore(counters) } : {}),
    // Per user when signed in, so a room behind one office address does not share one budget (ADR 0007).
    keyGenerator: async (request) => {
      // Not counted (allowList below): skip reading the token for them.
      if (isWebAppFileRequest(request)) return 'web-app-file';
      const claims = await request.optionalClaims();
      return claims ? `user:${claims.sub}` : `ip:${request.ip}`;
    },
    // Static files of the web app never count (contract §10.5, ADR 0040); health checks neither.
    allowList: (request) => isWebAppFileRequest(request),
    errorResponseBuilder: (_request, context) =>
      new AppError('rate_limited', 'Too many requests. Please wait and try again.', {
        headers: { 'retry-after': String(Math.max(1, Math.ceil(context.ttl / 1000))) },
      }),
  });
}
