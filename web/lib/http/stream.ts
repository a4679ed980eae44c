import { errorFromResponse, type ApiError } from './api-error.js';
import { sendAuthorized } from './refresh.js';
import { getRequestTimeoutMs } from './session.js';
import { fetchUntilHeaders } from './transport.js';

async function readErrorResponse(response: Response): Promise<ApiError> {
  let body: unknown = undefined;
  try {
    const text = await response.text();
    body = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    body = undefined;
  }
  return errorFromResponse({ status: response.status, headers: response.headers, body });
}

/**
 * A fetch for streamed answers (the AI SDK chat transport), with the same bearer token and the
 * same single refresh-and-retry on 401 as `apiRequest` (both go through `sendAuthorized`).
 * Differences, on purpose:
 * - the timeout covers the wait for the response headers only; the body then streams for as long
 *   as it needs, so the caller bounds it (its abort signal, an idle watchdog);
 * - a non-2xx answer is thrown as `ApiError` (parsed like any other), so an error body is never
 *   read as a stream and 429's Retry-After survives.
 * `init.body` must be replayable (a string), as it is sent again after a refresh.
 */
export async function authorizedFetch(input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> {
  const response = await sendAuthorized((token) => fetchUntilHeaders(input, init, token, getRequestTimeoutMs()), {
    rejected: readErrorResponse,
    discard: async (first) => {
      await first.body?.cancel().catch(() => undefined);
    },
  });
  if (!response.ok) throw await readErrorResponse(response);
  return response;
}
