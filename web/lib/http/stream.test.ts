import { describe, expect, it, vi } from 'vitest';
import { ApiError } from './api-error.js';
import { accessTokenFor, json, member, pathOf, useFakeFetch } from '../../test/fake-fetch.js';
import { configureApiClient, startSession } from './session.js';
import { authorizedFetch } from './stream.js';

const authOf = (init: RequestInit | undefined) => new Headers(init?.headers).get('Authorization');

describe('authorizedFetch (streamed answers)', () => {
  const fetchMock = useFakeFetch();

  it('sends the bearer token and, on a 401, refreshes once and sends the same body again', async () => {
    startSession({ accessToken: 'old', expiresIn: 900, user: member });
    const fresh = accessTokenFor(member.id, 'new');
    const seen: Array<[string, string | null, unknown]> = [];
    fetchMock.mockImplementation(async (input, init) => {
      const path = pathOf(input);
      seen.push([path, authOf(init), init?.body]);
      if (path === '/api/auth/refresh') return json(200, { accessToken: fresh, expiresIn: 900, user: member });
      return authOf(init) === `Bearer ${fresh}` ? new Response('data: {}\n\n', { status: 200 }) : json(401, { error: { code: 'unauthenticated', message: 'Expired.' } });
    });
    const response = await authorizedFetch('/api/conversations/c/messages', { method: 'POST', body: '{"text":"hi"}' });
    expect(response.status).toBe(200);
    expect(seen).toEqual([
      ['/api/conversations/c/messages', 'Bearer old', '{"text":"hi"}'],
      ['/api/auth/refresh', null, undefined],
      ['/api/conversations/c/messages', `Bearer ${fresh}`, '{"text":"hi"}'],
    ]);
  });

  it('throws an ApiError carrying Retry-After for a 429, instead of handing the error body to the stream reader', async () => {
    startSession({ accessToken: 't', expiresIn: 900, user: member });
    fetchMock.mockResolvedValue(json(429, { error: { code: 'rate_limited', message: 'Slow down.' } }, { 'Retry-After': '12' }));
    const error = await authorizedFetch('/api/x', { method: 'POST', body: '{}' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 429, code: 'rate_limited', retryAfterSeconds: 12 });
  });

  it('times out while waiting for the headers, but not once the body is streaming', async () => {
    vi.useFakeTimers();
    configureApiClient({ timeoutMs: 1_000 });
    startSession({ accessToken: 't', expiresIn: 900, user: member });
    fetchMock.mockImplementation(
      (_input, init) =>
        new Promise((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    );
    const pending = authorizedFetch('/api/x', { method: 'POST', body: '{}' }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1_001);
    expect(await pending).toMatchObject({ kind: 'timeout' });

    let signal: AbortSignal | undefined;
    fetchMock.mockImplementation(async (_input, init) => {
      signal = init?.signal ?? undefined;
      return new Response(new ReadableStream(), { status: 200 });
    });
    const caller = new AbortController();
    await authorizedFetch('/api/x', { method: 'POST', body: '{}', signal: caller.signal });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(signal?.aborted).toBe(false);
    caller.abort();
    expect(signal?.aborted).toBe(true);
  });
});
