import { describe, expect, it, vi } from 'vitest';
import { ApiError, describeError } from './api-error.js';
import { refreshSession } from './refresh.js';
import { apiRequest } from './request.js';
import { accessTokenFor, json, member, pathOf, useFakeFetch } from '../../test/fake-fetch.js';
import { configureApiClient, hasAccessToken, onSessionEnded, startSession } from './session.js';

const anything = { safeParse: (value: unknown) => ({ success: true as const, data: value }) };

const tokenOf = (tag: string) => accessTokenFor(member.id, tag);
const session = (tag: string) => json(200, { accessToken: tokenOf(tag), expiresIn: 900, user: member });

function authOf(init: RequestInit | undefined): string | undefined {
  return (init?.headers as Record<string, string> | undefined)?.Authorization;
}

describe('api client', () => {
  const fetchMock = useFakeFetch();

  it('shares one refresh between concurrent requests that get a 401, then retries each once', async () => {
    startSession({ accessToken: 'old', expiresIn: 900, user: member });
    let refreshes = 0;
    let releaseRefresh: () => void = () => undefined;
    fetchMock.mockImplementation(async (input, init) => {
      const path = pathOf(input);
      if (path === '/api/auth/refresh') {
        refreshes += 1;
        await new Promise<void>((resolve) => {
          releaseRefresh = resolve;
        });
        return session('new');
      }
      return authOf(init) === `Bearer ${tokenOf('new')}` ? json(200, { path }) : json(401, { error: { code: 'unauthenticated', message: 'no' } });
    });

    const requests = Promise.all([
      apiRequest('/api/a', anything),
      apiRequest('/api/b', anything),
      apiRequest('/api/c', anything),
    ]);
    await vi.waitFor(() => expect(refreshes).toBe(1));
    releaseRefresh();
    await expect(requests).resolves.toEqual([{ path: '/api/a' }, { path: '/api/b' }, { path: '/api/c' }]);
    expect(refreshes).toBe(1);
  });

  it('de-duplicates direct refresh calls too', async () => {
    fetchMock.mockImplementation(async () => session('t1'));
    const [a, b] = await Promise.all([refreshSession(), refreshSession()]);
    expect(a).toEqual(b);
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(hasAccessToken()).toBe(true);
  });

  it('ends the session, without looping, when a freshly issued token is refused as well', async () => {
    startSession({ accessToken: 'bad', expiresIn: 900, user: member });
    const ended = vi.fn();
    onSessionEnded(ended);
    fetchMock.mockImplementation(async (input) =>
      pathOf(input) === '/api/auth/refresh' ? session('still-bad') : json(401, { error: { code: 'bad_jwt', message: 'Invalid token.' } }),
    );

    const error = await apiRequest('/api/auth/me', anything).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(401);
    expect(ended).toHaveBeenCalled();
    expect(hasAccessToken()).toBe(false);
    // me, refresh, me again: nothing more.
    expect(fetchMock).toHaveBeenCalledTimes(3);
  });

  it('ends the session when the refresh is refused', async () => {
    startSession({ accessToken: 'expired', expiresIn: 900, user: member });
    const ended = vi.fn();
    onSessionEnded(ended);
    fetchMock.mockImplementation(async () => json(401, { error: { code: 'unauthenticated', message: 'Sign in.' } }));
    await expect(apiRequest('/api/users', anything)).rejects.toMatchObject({ status: 401 });
    expect(ended).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['names nobody (no sub)', accessTokenFor(undefined, 'x')],
    ['names another user', accessTokenFor('9d0c1b2a-0000-4000-8000-000000000000', 'x')],
    ['is not a JWT', 'opaque-token'],
  ])('refuses a refreshed token that %s, without sending it anywhere', async (_what, accessToken) => {
    fetchMock.mockImplementation(async () => json(200, { accessToken, expiresIn: 900, user: member }));
    await expect(refreshSession()).resolves.toEqual({ ok: false });
    await expect(apiRequest('/api/auth/me', anything)).rejects.toMatchObject({ status: 401, code: 'session_ended' });
    expect(hasAccessToken()).toBe(false);
    expect(fetchMock.mock.calls.map(([input]) => pathOf(input))).toEqual(['/api/auth/refresh', '/api/auth/refresh']);
  });

  it('treats a malformed refresh answer as "nobody signed in"', async () => {
    fetchMock.mockImplementation(async () => json(200, { accessToken: '', user: 'garbage' }));
    await expect(refreshSession()).resolves.toEqual({ ok: false });
    expect(hasAccessToken()).toBe(false);
  });

  it('does not sign out on a network failure or a 5xx', async () => {
    startSession({ accessToken: 'good', expiresIn: 900, user: member });
    const ended = vi.fn();
    onSessionEnded(ended);
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    await expect(apiRequest('/api/users', anything)).rejects.toMatchObject({ kind: 'network', status: 0 });
    fetchMock.mockResolvedValueOnce(json(503, { error: { code: 'unavailable', message: 'Down for a moment.' } }));
    await expect(apiRequest('/api/users', anything)).rejects.toMatchObject({ status: 503, isTransient: true });
    expect(ended).not.toHaveBeenCalled();
    expect(hasAccessToken()).toBe(true);
  });

  it('times out a request that never answers', async () => {
    vi.useFakeTimers();
    configureApiClient({ timeoutMs: 2_000 });
    fetchMock.mockImplementation(
      (_input, init) =>
        new Promise((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    );
    const pending = apiRequest('/api/health', anything, { auth: 'none' }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(2_001);
    const error = await pending;
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).kind).toBe('timeout');
  });

  it('also times out a shared refresh that never answers', async () => {
    vi.useFakeTimers();
    configureApiClient({ timeoutMs: 1_000 });
    fetchMock.mockImplementation(
      (_input, init) =>
        new Promise((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    );
    const pending = refreshSession().catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1_001);
    await expect(pending).resolves.toMatchObject({ kind: 'timeout' });
  });

  it('parses the error shape and Retry-After into a typed error and a readable sentence', async () => {
    fetchMock.mockResolvedValueOnce(
      json(429, { error: { code: 'rate_limited', message: 'Too many attempts', requestId: 'req-1' } }, { 'Retry-After': '90' }),
    );
    const error = (await apiRequest('/api/auth/login', anything, { method: 'POST', body: {}, auth: 'none' }).catch(
      (e: unknown) => e,
    )) as ApiError;
    expect(error).toMatchObject({ status: 429, code: 'rate_limited', requestId: 'req-1', retryAfterSeconds: 90 });
    expect(describeError(error).message).toBe('Too many requests in a short time. Try again in 2 min.');
  });

  it('rejects an answer that does not match the schema', async () => {
    fetchMock.mockResolvedValueOnce(json(200, { nope: true }));
    const strict = { safeParse: () => ({ success: false as const, error: new Error('bad') }) };
    await expect(apiRequest('/api/x', strict, { auth: 'none' })).rejects.toMatchObject({ kind: 'invalid_response' });
  });

  it('sends FormData and Blob bodies as they are, and everything else as JSON', async () => {
    fetchMock.mockImplementation(async () => json(200, { ok: true }));
    const form = new FormData();
    form.append('file', new Blob(['x'], { type: 'image/png' }), 'x.png');
    const csv = new Blob(['email\nmia@example.com'], { type: 'text/csv' });
    await apiRequest('/api/upload', anything, { method: 'POST', body: form, auth: 'none' });
    await apiRequest('/api/import', anything, { method: 'POST', body: csv, auth: 'none' });
    await apiRequest('/api/json', anything, { method: 'POST', body: { a: 1 }, auth: 'none' });
    const [upload, importing, jsonCall] = fetchMock.mock.calls.map(([, init]) => init);
    expect(upload?.body).toBe(form);
    expect((upload?.headers as Record<string, string>)['Content-Type']).toBeUndefined();
    expect(importing?.body).toBe(csv);
    expect((importing?.headers as Record<string, string>)['Content-Type']).toBeUndefined();
    expect(jsonCall?.body).toBe('{"a":1}');
    expect((jsonCall?.headers as Record<string, string>)['Content-Type']).toBe('application/json');
  });
});
