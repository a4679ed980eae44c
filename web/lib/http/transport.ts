import { abortError, transportError, type RawResponse } from './api-error.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryValue = string | number | boolean | null | undefined;

export function buildUrl(path: string, query: Record<string, QueryValue> | undefined): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** fetch + body read under one timeout. Throws ApiError for network/timeout; rethrows caller aborts. */
export async function fetchJson(
  url: string,
  init: { method: HttpMethod; body?: unknown; token: string | null; headers?: Record<string, string> },
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<RawResponse> {
  if (signal?.aborted) throw abortError(signal);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onAbort = (): void => controller.abort();
  signal?.addEventListener('abort', onAbort, { once: true });

  // FormData (multipart uploads) and Blob (e.g. a text/csv body) go out as they are; the browser
  // sets their Content-Type. Anything else is sent as JSON.
  const raw = init.body instanceof FormData || init.body instanceof Blob ? init.body : undefined;
  const headers: Record<string, string> = { Accept: 'application/json', ...init.headers };
  if (init.body !== undefined && !raw) headers['Content-Type'] = 'application/json';
  if (init.token) headers.Authorization = `Bearer ${init.token}`;

  try {
    const response = await fetch(url, {
      method: init.method,
      headers,
      body: raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
      credentials: 'same-origin',
      cache: 'no-store',
      signal: controller.signal,
    });
    const text = await response.text();
    let body: unknown = undefined;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    return { status: response.status, headers: response.headers, body };
  } catch (error) {
    throw transportError(error, timedOut, signal);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

/** fetch() with the timeout covering only the wait for the response headers (streamed bodies). */
export async function fetchUntilHeaders(url: RequestInfo | URL, init: RequestInit, token: string | null, timeoutMs: number): Promise<Response> {
  const signal = init.signal ?? undefined;
  if (signal?.aborted) throw abortError(signal);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  // Kept after the headers arrive: the caller's abort (Stop) must also end the body stream.
  const onAbort = (): void => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  const headers = new Headers(init.headers);
  if (!headers.has('Accept')) headers.set('Accept', 'text/event-stream, application/json');
  if (token) headers.set('Authorization', `Bearer ${token}`);
  try {
    return await fetch(url, { ...init, headers, credentials: 'same-origin', cache: 'no-store', signal: controller.signal });
  } catch (error) {
    signal?.removeEventListener('abort', onAbort);
    throw transportError(error, timedOut, signal);
  } finally {
    clearTimeout(timer);
  }
}
