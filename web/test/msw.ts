import { http, HttpResponse, type RequestHandler } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { resetApiClientForTests, startSession } from '../lib/http/session.js';

/**
 * A mocked network for component tests: the real http layer (timeouts, refresh, error parsing)
 * talks to MSW handlers instead of a server. Call `useMockApi()` at the top of a test file, then
 * `server.use(...)` per test. Unhandled requests fail the test, so nothing is silently skipped.
 */
export const server = setupServer();

export const signedInUser = {
  id: '0b7f6a57-3c34-4a4e-9d8e-2f1f4d1a0001',
  email: 'ada@example.com',
  displayName: 'Ada Admin',
  role: 'admin' as const,
  status: 'active' as const,
  createdAt: '2025-01-01T00:00:00.000Z',
  lastLoginAt: null,
  language: null,
};

export function useMockApi(): void {
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => {
    server.resetHandlers();
    resetApiClientForTests();
  });
  afterAll(() => server.close());
}

/** Pretend someone is signed in: requests carry a token and no refresh is attempted. */
export function signIn(): void {
  startSession({ accessToken: 'test-token', expiresIn: 900, user: signedInUser });
}

/** The server's error shape. */
export function apiError(status: number, code: string, message: string) {
  return HttpResponse.json({ error: { code, message, requestId: 'req-test' } }, { status });
}

export { http, HttpResponse, type RequestHandler };
