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

/** Saves a Blob as a file through a temporary link (the browser's download, no new tab). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: some browsers start reading the blob only after click() has returned.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Fetches a file the server answers as an attachment and saves it under the name the server gave (or `fallbackName`). */
export async function downloadAttachment(url: string, fallbackName: string, init: RequestInit = {}): Promise<void> {
  const response = await authorizedFetch(url, init);
  const blob = await response.blob();
  const name = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1];
  saveBlob(blob, name ?? fallbackName);
}
