import type { SafeParse } from '../session-guards.js';
import { ApiError, errorFromResponse, type RawResponse } from './api-error.js';
import { sendAuthorized, sessionEndedError } from './refresh.js';
import { rememberEtag } from './etags.js';
import { currentToken, getRequestTimeoutMs } from './session.js';
import { buildUrl, fetchJson, type HttpMethod, type QueryValue } from './transport.js';
import { i18n } from '../i18n.js';

/**
 * auth: 'required' (default) sends the bearer token and refreshes once on 401;
 * 'optional' sends the token when there is one but never refreshes; 'none' sends nothing.
 */
export type AuthMode = 'required' | 'optional' | 'none';

export interface RequestOptions {
  method?: HttpMethod;
  /** A JSON-serialisable value, or FormData / Blob sent as they are (multipart uploads, text/csv). */
  body?: unknown;
  query?: Record<string, QueryValue>;
  signal?: AbortSignal;
  timeoutMs?: number;
  auth?: AuthMode;
  /** Sent as If-Match: the edit applies only to the version the editor started from (else 412). */
  ifMatch?: string;
}

function rejected(raw: RawResponse): ApiError {
  const error = errorFromResponse(raw);
  return error.status === 401 ? error : sessionEndedError();
}

/**
 * 401 codes about what was typed, answered to a valid token (a wrong two-factor code or current
 * password on the profile page). Refreshing and sending the same input again would count it twice
 * against the sign-in limits, and its second 401 would end the session: one typo signed people out.
 */
const INPUT_REFUSALS = new Set(['invalid_code', 'invalid_credentials', 'current_password_wrong']);
const refusesInput = (raw: RawResponse): boolean => INPUT_REFUSALS.has(errorFromResponse(raw).code);

async function rawRequest(path: string, options: RequestOptions): Promise<RawResponse> {
  const method = options.method ?? 'GET';
  const auth = options.auth ?? 'required';
  const timeoutMs = options.timeoutMs ?? getRequestTimeoutMs();
  const url = buildUrl(path, options.query);
  const send = (token: string | null): Promise<RawResponse> =>
    fetchJson(url, { method, body: options.body, token, ...(options.ifMatch ? { headers: { 'If-Match': options.ifMatch } } : {}) }, timeoutMs, options.signal);

  if (auth === 'none') return send(null);
  if (auth === 'optional') return send(currentToken());
  return sendAuthorized(send, { rejected, refusesInput });
}

/** A JSON request whose answer is validated by `schema` (a zod schema, or a guard with the same safeParse). */
export async function apiRequest<T>(path: string, schema: SafeParse<T>, options: RequestOptions = {}): Promise<T> {
  const raw = await rawRequest(path, options);
  if (raw.status < 200 || raw.status >= 300) throw errorFromResponse(raw);
  if (!options.query && (options.method === undefined || options.method === 'GET' || options.method === 'PATCH')) rememberEtag(path, raw.headers.get('etag'));
  const parsed = schema.safeParse(raw.body);
  if (!parsed.success) {
    throw new ApiError({
      kind: 'invalid_response',
      status: raw.status,
      code: 'invalid_response',
      message: i18n.t('common:http.invalidResponse'),
      requestId: raw.headers.get('x-request-id') ?? undefined,
      details: parsed.error,
    });
  }
  return parsed.data;
}

/** A request whose answer body is not needed (204 and the like). */
export async function apiSend(path: string, options: RequestOptions = {}): Promise<void> {
  const raw = await rawRequest(path, options);
  if (raw.status < 200 || raw.status >= 300) throw errorFromResponse(raw);
}
