import { type Context, context, propagation, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { ATTR_HTTP_REQUEST_METHOD, ATTR_HTTP_RESPONSE_STATUS_CODE, ATTR_HTTP_ROUTE, ATTR_URL_PATH } from '@opentelemetry/semantic-conventions';
import type { FastifyInstance, FastifyRequest, RouteHandlerMethod } from 'fastify';
import { ATTR_REQUEST_ID, isTracing, recordFailure, tracer, withRequestId } from '../lib/tracing.js';

const contexts = new WeakMap<FastifyRequest, Context>();
const spans = new WeakMap<FastifyRequest, Span>();

/**
 * A server span per request, parented on an incoming `traceparent`. Route handlers run inside the
 * span's context (body parsing happens in socket callbacks, which would lose it otherwise), so SQL
 * and AI spans become its children. Must be registered before the routes. Does nothing when
 * tracing is off.
 */
export function registerTracing(app: FastifyInstance): void {
  if (!isTracing()) return;

  app.addHook('onRoute', (route) => {
    const handler = route.handler as RouteHandlerMethod;
    route.handler = function traced(this: FastifyInstance, request, reply) {
      const ctx = contexts.get(request);
      return ctx ? context.with(ctx, () => handler.call(this, request, reply)) : handler.call(this, request, reply);
    } as RouteHandlerMethod;
  });

  app.addHook('onRequest', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const parent = propagation.extract(context.active(), request.headers);
    const span = tracer().startSpan(
      `${request.method} ${route}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          [ATTR_HTTP_REQUEST_METHOD]: request.method,
          [ATTR_HTTP_ROUTE]: route,
          [ATTR_URL_PATH]: request.url.split('?')[0] ?? '/',
          [ATTR_REQUEST_ID]: request.id,
        },
      },
      parent,
    );
    const ctx = withRequestId(trace.setSpan(parent, span), request.id);
    contexts.set(request, ctx);
    spans.set(request, span);
    // Every log line of this request (including the http.request line) carries the trace.
    const { traceId, spanId } = span.spanContext();
    request.log = request.log.child({ traceId, spanId });
    // 'close' fires for every answer, streamed (hijacked) ones included; onResponse does not.
    reply.raw.once('close', () => {
      const status = reply.raw.statusCode;
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, status);
      if (request.userId) span.setAttribute('enduser.id', request.userId);
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(ctx, done);
  });
}

/** The error handler marks the request's span failed on a 5xx. */
export function markRequestFailed(request: FastifyRequest, error: unknown): void {
  const span = spans.get(request);
  if (span) recordFailure(span, error);
}
