import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type AppErrorCode } from '../lib/app-error.js';
import { isDatabaseUnavailable } from '../lib/database.js';
import { baselineSecurityHeaders, jsonDepthExceeds, MAX_JSON_DEPTH } from '../lib/security-headers.js';
import { markRequestFailed } from './tracing.js';

interface ErrorPayload {
  code: AppErrorCode;
  message: string;
  status: number;
  details?: unknown;
  headers?: Record<string, string>;
}

const frameworkCodes: Record<string, Pick<ErrorPayload, 'code' | 'message'>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'payload_too_large', message: 'The request body is too large.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'unsupported_media_type', message: 'That content type is not accepted here.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'bad_request', message: 'The request body is empty; send JSON.' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'bad_request', message: 'The request body is not valid JSON.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'bad_request', message: 'The Content-Length header does not match the body.' },
  FST_ERR_CTP_INVALID_TYPE: { code: 'bad_request', message: 'The Content-Type header is not valid.' },
};

interface ValidationIssue {
  instancePath?: string;
  message?: string;
  params?: { issue?: { path?: PropertyKey[]; message?: string; code?: string; origin?: string; minimum?: unknown; maximum?: unknown; format?: string } };
}

/** The zod issue's code and facts, so a client can word it in its own language (issue 23): "too_small", origin "string", minimum 3. */
function issueFacts(issue: NonNullable<ValidationIssue['params']>['issue']): Record<string, string | number> {
  const facts: Record<string, string | number> = {};
  if (!issue?.code) return facts;
  facts.code = issue.code;
  if (issue.origin) facts.origin = issue.origin;
  if (typeof issue.minimum === 'number' || typeof issue.minimum === 'bigint') facts.minimum = Number(issue.minimum);
  if (typeof issue.maximum === 'number' || typeof issue.maximum === 'bigint') facts.maximum = Number(issue.maximum);
  if (issue.format) facts.format = issue.format;
  return facts;
}

function describeValidation(error: { validation: ValidationIssue[]; validationContext?: string }): ErrorPayload {
  const issues = error.validation.map((v: ValidationIssue) => {
    const issue = v.params?.issue;
    const issuePath = issue?.path?.map(String).join('.') ?? v.instancePath?.replace(/^\//, '').replaceAll('/', '.') ?? '';
    return { path: issuePath, message: issue?.message ?? v.message ?? 'is not valid', ...issueFacts(issue) };
  });
  const first = issues[0];
  const where = error.validationContext ?? 'request';
  const message = first ? `${first.path ? `${first.path}: ` : ''}${first.message}` : `The ${where} is not valid.`;
  return { code: 'validation_failed', message, status: 400, details: { in: where, issues } };
}

export function isClientDisconnect(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return (code === 'ECONNRESET' && error.message === 'aborted') || code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'FST_REQ_ABORTED';
}

/** Maps anything thrown to the contract's error shape; 5xx messages never carry internals. */
export function toErrorPayload(error: unknown): ErrorPayload {
  if (error instanceof AppError) {
    return { code: error.code, message: error.message, status: error.status, details: error.details, headers: error.headers };
  }
  // A client that hung up mid-body (Node's "aborted", code ECONNRESET) is not a database outage and
  // not our failure: a 4xx, logged at info (issue 26). A database reset says "read ECONNRESET".
  if (isClientDisconnect(error)) return { code: 'bad_request', message: 'The request was interrupted before it arrived in full.', status: 400 };
  if (isDatabaseUnavailable(error)) {
    return { code: 'database_unavailable', message: 'The service is temporarily unavailable. Please try again shortly.', status: 503, headers: { 'retry-after': '2' } };
  }
  const sqlState = (error as { code?: unknown }).code;
  if (typeof sqlState === 'string' && /^2[23][0-9A-Z]{3}$/.test(sqlState)) {
    // The database refused a value the schemas let through (a NUL character, a violated check):
    // the client's input, not our failure.
    return sqlState === '23505'
      ? { code: 'conflict', message: 'That conflicts with something that already exists.', status: 409 }
      : { code: 'bad_request', message: 'The request contains a value that cannot be stored (for example a NUL character).', status: 400 };
  }
  if (sqlState === '40P01' || sqlState === '40001') {
    // Two changes to the same rows at the same moment (two admins' bulk edits, say): the database
    // undid this one whole, so nothing is half-saved and sending it again is safe (ADR 0028).
    return { code: 'conflict', message: 'Someone else was changing the same items at the same moment. Nothing was saved; please try again.', status: 409, headers: { 'retry-after': '1' } };
  }
  const fastifyError = error as Partial<FastifyError> & { validation?: ValidationIssue[] };
  if (hasZodFastifySchemaValidationErrors(error) || Array.isArray(fastifyError.validation)) {
    return describeValidation(fastifyError as unknown as { validation: ValidationIssue[]; validationContext?: string });
  }
  const known = fastifyError.code ? frameworkCodes[fastifyError.code] : undefined;
  if (known) return { ...known, status: fastifyError.statusCode ?? 400 };
  if (fastifyError.statusCode === 429) {
    return { code: 'rate_limited', message: 'Too many requests. Please wait and try again.', status: 429 };
  }
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { code: 'bad_request', message: fastifyError.message ?? 'The request is not valid.', status };
  }
  return { code: 'internal_error', message: 'Something went wrong on our side. Please try again.', status: 500 };
}

export function sendError(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  const payload = toErrorPayload(error);
  if (payload.status >= 500) {
    request.log.error({ err: error, event: 'http.error' }, 'request failed');
    markRequestFailed(request, error);
  } else {
    request.log.info({ code: payload.code, status: payload.status, event: 'http.client_error' }, payload.message);
  }
  for (const [name, value] of Object.entries(payload.headers ?? {})) reply.header(name, value);
  return reply.status(payload.status).send({
    error: {
      code: payload.code,
      message: payload.message,
      requestId: request.id,
      ...(payload.details === undefined ? {} : { details: payload.details }),
    },
  });
}

/** Fastify's router errors (a malformed URL) skip the hooks: the security headers are added here. */
export function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  for (const [name, value] of Object.entries(baselineSecurityHeaders)) reply.header(name, value);
  const known = error.code === 'FST_ERR_BAD_URL' ? new AppError('bad_request', 'The address is not valid.') : error;
  sendError(request, reply, known);
}

/**
 * JSON bodies: refused before parsing when nested deeper than MAX_JSON_DEPTH (recursive parsing and
 * validation of a hostile body would otherwise exhaust the stack: a 500), and, as Fastify's own
 * parser does, when they carry a `__proto__` key.
 */
function registerJsonParser(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(new AppError('bad_request', 'The request body is empty; send JSON.'), undefined);
    if (jsonDepthExceeds(text)) return done(new AppError('bad_request', `The JSON is nested too deeply (at most ${MAX_JSON_DEPTH} levels).`), undefined);
    try {
      const parsed: unknown = JSON.parse(text, (key, value: unknown) => {
        if (key === '__proto__') throw new AppError('bad_request', 'The request body contains a forbidden key.');
        return value;
      });
      return done(null, parsed);
    } catch (error) {
      return done(error instanceof AppError ? error : new AppError('bad_request', 'The request body is not valid JSON.'), undefined);
    }
  });
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => sendError(request, reply, error));
  registerJsonParser(app);
  // Answers from /api are about the caller (or depend on them): no shared or browser cache may keep
  // them unless a route says otherwise.
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });
}
