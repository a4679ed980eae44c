import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Config } from '../config.js';
import type { ErrorCode } from '../../contracts/errors.js';
import { baselineSecurityHeaders } from './security-headers.js';

type TimeoutConfig = Pick<Config, 'REQUEST_TIMEOUT_MS' | 'HEADERS_TIMEOUT_MS'>;

/**
 * Node's own limits on a slow client: the headers must arrive within HEADERS_TIMEOUT_MS and the
 * whole request (body included) within REQUEST_TIMEOUT_MS, else 408 and the connection is closed.
 * Node checks them on an interval (30 s by default), which would let a timeout overrun by as much;
 * a quarter of the shorter limit keeps the overrun small. Responses (streamed answers) are not limited.
 */
export function serverTimeoutOptions(config: TimeoutConfig) {
  const headersTimeout = Math.min(config.HEADERS_TIMEOUT_MS, config.REQUEST_TIMEOUT_MS);
  return {
    requestTimeout: config.REQUEST_TIMEOUT_MS,
    http: {
      requestTimeout: config.REQUEST_TIMEOUT_MS,
      headersTimeout,
      connectionsCheckingInterval: Math.max(100, Math.min(5_000, Math.floor(headersTimeout / 4))),
    },
  };
}

const connectionErrors: Record<string, { status: number; reason: string; code: ErrorCode; message: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, reason: 'Request Timeout', code: 'request_timeout', message: 'The request took too long to arrive.' },
  HPE_HEADER_OVERFLOW: { status: 431, reason: 'Request Header Fields Too Large', code: 'bad_request', message: 'The request headers are too large.' },
};
const malformed: { status: number; reason: string; code: ErrorCode; message: string } = { status: 400, reason: 'Bad Request', code: 'bad_request', message: 'The request is not valid HTTP.' };

/**
 * Errors Node raises before Fastify sees a request (timeouts, malformed HTTP) answered in the error
 * shape with the headers every response carries, instead of Fastify's own body.
 */
export function connectionErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const known = (error.code ? connectionErrors[error.code] : undefined) ?? malformed;
  const body = JSON.stringify({ error: { code: known.code, message: known.message, requestId: randomUUID() } });
  if (socket.writable) {
    socket.write(
      [
        `HTTP/1.1 ${known.status} ${known.reason}`,
        'Content-Type: application/json; charset=utf-8',
        `Content-Length: ${Buffer.byteLength(body)}`,
        'Connection: close',
        ...Object.entries(baselineSecurityHeaders).map(([name, value]) => `${name}: ${value}`),
        '',
        body,
      ].join('\r\n'),
    );
  }
  socket.destroy(error);
}

/**
 * A deadline of our own on every request body, besides Node's requestTimeout: Node checks only the
 * connections its parser still lists as active, and the red team saw a trickling body outlive the
 * limit (50 s and more against 30 s) once an address had been answered early (429s) many times
 * (issue 26). Whatever Node's state, a body unfinished REQUEST_TIMEOUT_MS after its headers ends
 * the connection. Streamed responses are not affected: only the request's completeness is checked.
 */
export function enforceBodyDeadline(server: Server, config: TimeoutConfig): void {
  // A backstop: Node's own check (408) normally comes first, at most one checking interval late.
  const deadlineMs = config.REQUEST_TIMEOUT_MS + serverTimeoutOptions(config).http.connectionsCheckingInterval + 500;
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (request.complete) return;
    const timer = setTimeout(() => {
      if (request.complete || request.socket.destroyed) return;
      if (response.headersSent) request.socket.destroy();
      else connectionErrorHandler(Object.assign(new Error('request body not received in time'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' }), request.socket);
    }, deadlineMs);
    timer.unref();
    // 'end': the whole body arrived (read or discarded). Not 'close', which may come with the response, before the body.
    request.once('end', () => clearTimeout(timer));
  });
}
