import { afterEach, beforeEach, vi } from 'vitest';
import type { User } from '../../contracts/users.js';
import { resetApiClientForTests } from '../lib/http/session.js';

/**
 * For tests of the http layer itself (where MSW would hide what is sent): `fetch` replaced by a
 * mock per test, and small builders for the answers it gives.
 */
export const member: User = {
  id: '0b7f6a57-3c34-4a4e-9d8e-2f1f4d1a0001',
  email: 'mia@example.com',
  displayName: 'Mia',
  role: 'member',
  status: 'active',
  createdAt: '2025-01-01T00:00:00.000Z',
  lastLoginAt: null,
  language: null,
};

/**
 * A JWT-shaped access token whose payload names `sub` (omit it for a token naming nobody). Unsigned:
 * the client only reads the claim, and `tag` tells tokens apart.
 */
export function accessTokenFor(sub: string | undefined, tag: string): string {
  const part = (value: object) => btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  return `${part({ alg: 'HS256', typ: 'at+jwt' })}.${part(sub === undefined ? { jti: tag } : { sub, jti: tag })}.${tag}`;
}

/** A JSON answer (`undefined` for an empty body). */
export const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(body === undefined ? null : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

export const pathOf = (input: RequestInfo | URL): string => (typeof input === 'string' ? input : input instanceof URL ? input.pathname : input.url);

/** Call at the top of a describe: a fresh client and a fresh `fetch` mock before each test. */
export function useFakeFetch(): ReturnType<typeof vi.fn<typeof fetch>> {
  const fetchMock = vi.fn<typeof fetch>();
  beforeEach(() => {
    resetApiClientForTests();
    fetchMock.mockReset();
    vi.stubGlobal('fetch', fetchMock);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });
  return fetchMock;
}
