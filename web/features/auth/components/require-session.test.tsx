import { MantineProvider } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider, useLocation } from 'react-router';
import { beforeEach, describe, expect, it } from 'vitest';
import { configureApiClient, onSessionEnded } from '../../../lib/http/session.js';
import { createQueryClient } from '../../../lib/query-client.js';
import { accessTokenFor, json, member, useFakeFetch } from '../../../test/fake-fetch.js';
import { markSignedOut } from '../hooks/use-me.js';
import { RequireSession } from './require-session.js';

const me = { user: member, communities: [], flags: { sandbox: true } };

function LoginProbe() {
  const location = useLocation();
  return <p>login page {location.search}</p>;
}

function renderGuarded() {
  const queryClient = createQueryClient();
  onSessionEnded(() => markSignedOut(queryClient));
  const router = createMemoryRouter(
    [
      { path: '/login', element: <LoginProbe /> },
      {
        path: '/dashboard',
        element: (
          <RequireSession>
            <p>protected content</p>
          </RequireSession>
        ),
      },
    ],
    { initialEntries: ['/dashboard'] },
  );
  render(
    <MantineProvider>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>,
  );
  return router;
}

describe('the route guard has exactly three outcomes', () => {
  const fetchMock = useFakeFetch();

  beforeEach(() => {
    configureApiClient({ timeoutMs: 1_000 });
  });

  it('shows the page when the refresh cookie restores a session', async () => {
    fetchMock.mockImplementation(async (input) => {
      const url = String(input);
      if (url === '/api/auth/refresh') return json(200, { accessToken: accessTokenFor(member.id, 'fresh'), expiresIn: 900, user: me.user });
      if (url === '/api/auth/me') return json(200, me);
      return json(404, { error: { code: 'not_found', message: 'no' } });
    });
    renderGuarded();
    expect(await screen.findByText('protected content')).toBeTruthy();
    const calls = fetchMock.mock.calls.map(([input]) => String(input));
    expect(calls.filter((c) => c === '/api/auth/refresh')).toHaveLength(1);
  });

  it('redirects to /login with the page to come back to when nobody is signed in', async () => {
    fetchMock.mockResolvedValue(json(401, { error: { code: 'unauthenticated', message: 'Sign in to continue.' } }));
    const router = renderGuarded();
    expect(await screen.findByText(/login page/)).toBeTruthy();
    expect(router.state.location.search).toBe('?next=%2Fdashboard');
    expect(screen.queryByText('protected content')).toBeNull();
  });

  it('redirects to /login when the server refuses a freshly issued token (no loop)', async () => {
    fetchMock.mockImplementation(async (input) =>
      String(input) === '/api/auth/refresh'
        ? json(200, { accessToken: accessTokenFor(member.id, 'refused'), expiresIn: 900, user: me.user })
        : json(401, { error: { code: 'bad_jwt', message: 'Invalid token.' } }),
    );
    renderGuarded();
    expect(await screen.findByText(/login page/)).toBeTruthy();
    // refresh, me (401), refresh, me (401): then the session ends.
    expect(fetchMock.mock.calls.length).toBeLessThanOrEqual(4);
  });

  it('redirects to /login at once when the refreshed token names nobody (no sub): it is never sent', async () => {
    fetchMock.mockImplementation(async (input) =>
      String(input) === '/api/auth/refresh'
        ? json(200, { accessToken: accessTokenFor(undefined, 'no-sub'), expiresIn: 900, user: me.user })
        : json(500, { error: { code: 'unexpected', message: 'This test sends nothing else.' } }),
    );
    renderGuarded();
    expect(await screen.findByText(/login page/)).toBeTruthy();
    expect(fetchMock.mock.calls.map(([input]) => String(input))).toEqual(['/api/auth/refresh']);
  });

  it('shows an error with Retry and Sign out when the server cannot be reached', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'));
    renderGuarded();
    expect(await screen.findByRole('button', { name: 'Retry' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeTruthy();
    expect(screen.queryByText('protected content')).toBeNull();
    expect(screen.queryByText(/login page/)).toBeNull();
  });

  it('never leaves the loader up past the request timeout', async () => {
    fetchMock.mockImplementation(
      (_input, init) =>
        new Promise((_resolve, reject) => {
          init?.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')));
        }),
    );
    renderGuarded();
    expect(screen.getByTestId('page-loader')).toBeTruthy();
    expect(await screen.findByRole('button', { name: 'Retry' }, { timeout: 3_000 })).toBeTruthy();
    expect(screen.queryByTestId('page-loader')).toBeNull();
  });
});
