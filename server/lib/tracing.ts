import { type Context, context, createContextKey, type Span, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { NodeTracerProvider, SpanProcessor } from '@opentelemetry/sdk-trace-node';
import { ATTR_DB_QUERY_TEXT, ATTR_DB_SYSTEM_NAME, ATTR_ERROR_TYPE, ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

/**
 * Explicit OpenTelemetry spans for HTTP requests, SQL statements and AI provider calls (the
 * auto-instrumentation packages need Node 22; see ADR 0017). Nothing is registered unless
 * `startTracing` is called, so with tracing off every helper here returns at its first line.
 */

const TRACER_NAME = 'aigym';
/** Our request id travels in the context so spans below the HTTP span can carry it too. */
const requestIdKey = createContextKey('aigym.request_id');
export const ATTR_REQUEST_ID = 'aigym.request_id';

let provider: NodeTracerProvider | undefined;

export interface TracingOptions {
  serviceName: string;
  /** OTLP/HTTP collector, e.g. http://otel-collector:4318 (the exporter adds /v1/traces). */
  endpoint?: string | undefined;
  /** Tests pass an in-memory exporter's processor instead of an endpoint. */
  processor?: SpanProcessor;
}

/**
 * Registers the global tracer provider once per process; returns how to flush and stop it. The SDK
 * and the exporter are loaded only here, so a server without tracing does not hold them.
 */
export async function startTracing(options: TracingOptions): Promise<{ shutdown(): Promise<void> }> {
  const [{ OTLPTraceExporter }, { resourceFromAttributes }, { BatchSpanProcessor, NodeTracerProvider }] = await Promise.all([
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/sdk-trace-node'),
  ]);
  if (provider) throw new Error('tracing is already started');
  const processors: SpanProcessor[] = [];
  if (options.processor) processors.push(options.processor);
  if (options.endpoint) processors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url: `${options.endpoint.replace(/\/$/, '')}/v1/traces` })));
  const started = new NodeTracerProvider({ resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: options.serviceName }), spanProcessors: processors });
  // Sets the AsyncLocalStorage context manager and the W3C traceparent propagator.
  started.register();
  provider = started;
  return {
    async shutdown() {
      await started.shutdown();
      trace.disable();
      context.disable();
      provider = undefined;
    },
  };
}

export function isTracing(): boolean {
  return provider !== undefined;
}

export function tracer() {
  return trace.getTracer(TRACER_NAME);
}

export function withRequestId(parent: Context, requestId: string): Context {
  return parent.setValue(requestIdKey, requestId);
}

export function activeRequestId(): string | undefined {
  const value = context.active().getValue(requestIdKey);
  return typeof value === 'string' ? value : undefined;
}

/** Marks a span failed with the error's type and message (never its parameters). */
export function recordFailure(span: Span, error: unknown): void {
  const err = error instanceof Error ? error : new Error(String(error));
  span.recordException(err);
  span.setAttribute(ATTR_ERROR_TYPE, err.name);
  span.setStatus({ code: SpanStatusCode.ERROR, message: err.message });
}

const operationPattern = /^\s*(\w+)/;

/**
 * One span per SQL statement, created after the fact from Kysely's log event (start = end −
 * duration), so the query path itself is not wrapped. The statement text is kept, its bound
 * parameters never are (they hold user data).
 */
export function recordQuerySpan(event: { level: 'query' | 'error'; query: { sql: string }; queryDurationMillis: number; error?: unknown }, system: 'postgresql'): void {
  if (!provider) return;
  const end = Date.now();
  const operation = operationPattern.exec(event.query.sql)?.[1]?.toLowerCase() ?? 'query';
  const requestId = activeRequestId();
  const span = tracer().startSpan(`db ${operation}`, {
    kind: SpanKind.CLIENT,
    startTime: end - event.queryDurationMillis,
    attributes: { [ATTR_DB_SYSTEM_NAME]: system, [ATTR_DB_QUERY_TEXT]: event.query.sql, ...(requestId ? { [ATTR_REQUEST_ID]: requestId } : {}) },
  });
  if (event.level === 'error') recordFailure(span, event.error);
  span.end(end);
}

export interface ProviderSpan {
  end(outcome: { status: string; inputTokens: number | null; outputTokens: number | null; firstTokenMs: number | null; failure: string | null }): void;
}

/** A span for one streamed answer from an AI provider (GenAI semantic conventions' names). */
export function startProviderSpan(model: string, providerName: string): ProviderSpan | undefined {
  if (!provider) return undefined;
  const requestId = activeRequestId();
  const span = tracer().startSpan(`chat ${model}`, {
    kind: SpanKind.CLIENT,
    attributes: {
      'gen_ai.operation.name': 'chat',
      'gen_ai.request.model': model,
      'gen_ai.provider.name': providerName,
      ...(requestId ? { [ATTR_REQUEST_ID]: requestId } : {}),
    },
  });
  return {
    end(outcome) {
      span.setAttribute('aigym.answer.status', outcome.status);
      if (outcome.inputTokens !== null) span.setAttribute('gen_ai.usage.input_tokens', outcome.inputTokens);
      if (outcome.outputTokens !== null) span.setAttribute('gen_ai.usage.output_tokens', outcome.outputTokens);
      if (outcome.firstTokenMs !== null) span.setAttribute('aigym.time_to_first_token_ms', outcome.firstTokenMs);
      if (outcome.failure) span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.failure });
      span.end();
    },
  };
}
