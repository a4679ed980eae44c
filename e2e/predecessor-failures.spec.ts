import type { Page, Route } from '@playwright/test';
import { E2E_BASE_URL } from './e2e-env.js';
import { expect, screenshotPath, signIn, test } from './fixtures.js';

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A JWT-shaped token that no server would accept: a made-up signature, and no `sub` unless given one. */
function forgedToken(sub?: string): string {
  const now = Math.floor(Date.now() / 1000);
  const claims = { iss: 'aigym', aud: 'aigym', iat: now, exp: now + 900, jti: 'x', sid: 'y', ...(sub ? { sub } : {}) };
  return `${b64url({ alg: 'HS256', typ: 'at+jwt' })}.${b64url(claims)}.${Buffer.from('forged').toString('base64url')}`;
}

/**
 * A request timeout far beyond the expect timeout (the suite's 10 s): a page that reaches its end
 * state within the expect timeout cannot have waited for a request to time out on the way.
 */
async function withLongRequestTimeout(page: Page): Promise<void> {
  await page.addInitScript(() => {
    (globalThis as { __AIGYM_API_TIMEOUT_MS__?: number }).__AIGYM_API_TIMEOUT_MS__ = 60_000;
  });
}

test.describe('what broke the predecessor cannot happen here', () => {
  /** Signs the member in, then answers every refresh with `token`; counts refreshes and requests sent with it. */
  async function refreshAnswersWith(page: Page, member: { email: string; password: string }, token: (userId: string) => string) {
    const login = await page.request.post('/api/auth/login', { data: { email: member.email, password: member.password } });
    const { user } = (await login.json()) as { user: { id: string } };
    const forged = token(user.id);
    await withLongRequestTimeout(page);
    const seen = { refreshes: 0, sentWithToken: [] as string[] };
    await page.route('**/api/auth/refresh', (route: Route) => {
      seen.refreshes += 1;
      return route.fulfill({ status: 200, json: { accessToken: forged, expiresIn: 900, user } });
    });
    page.on('request', (request) => {
      if (request.headers().authorization === `Bearer ${forged}`) seen.sentWithToken.push(new URL(request.url()).pathname);
    });
    return seen;
  }

  test('a session whose refreshed token has no sub claim ends on the sign-in page at once: the token is never sent, no spinner, no loop', async ({
    page,
    member,
  }) => {
    const seen = await refreshAnswersWith(page, member, () => forgedToken());
    await page.goto('/dashboard');
    await expect(page).toHaveURL(/\/login\?next=%2Fdashboard$/);
    await expect(page.getByTestId('page-loader')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    // The app refuses a token that names nobody as soon as it gets it.
    expect(seen.refreshes).toBe(1);
    expect(seen.sentWithToken).toEqual([]);
  });

  test('a refreshed token the server refuses ends on the sign-in page after one retry, never a loop', async ({ page, member }) => {
    const seen = await refreshAnswersWith(page, member, (userId) => forgedToken(userId));
    await page.goto('/dashboard');
    await expect(page).toHaveURL(/\/login\?next=%2Fdashboard$/);
    await expect(page.getByTestId('page-loader')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    // One refresh on load, one after the server's 401: then the session ends.
    expect(seen.refreshes).toBe(2);
    expect(seen.sentWithToken).toEqual(['/api/auth/me', '/api/auth/me']);
  });

  test('a garbage answer to the refresh call ends on the sign-in page', async ({ page }) => {
    await withLongRequestTimeout(page);
    await page.route('**/api/auth/refresh', (route) => route.fulfill({ status: 200, body: 'garbage', contentType: 'text/plain' }));
    await page.goto('/admin/users');
    await expect(page).toHaveURL(/\/login\?next=%2Fadmin%2Fusers$/);
    await expect(page.getByTestId('page-loader')).toHaveCount(0);
  });

  test('a forged refresh cookie ends on the sign-in page at once', async ({ page, context }) => {
    await withLongRequestTimeout(page);
    await context.addCookies([{ name: 'aigym_refresh', value: 'forged-cookie-value-000000000000000000', url: `${E2E_BASE_URL}/api/auth` }]);
    await page.goto('/dashboard');
    await expect(page).toHaveURL(/\/login\?next=%2Fdashboard$/);
    await expect(page.getByTestId('page-loader')).toHaveCount(0);
  });

  test('a 403 bad_jwt answer shows an error with Retry and Sign out instead of a spinner or a loop', async ({ page, member }) => {
    await withLongRequestTimeout(page);
    await page.request.post('/api/auth/login', { data: { email: member.email, password: member.password } });
    await page.route('**/api/auth/me', (route) =>
      route.fulfill({ status: 403, json: { error: { code: 'bad_jwt', message: 'Invalid JWT.', requestId: 'r-1' } } }),
    );
    await page.goto('/dashboard');
    const screen = page.getByTestId('error-screen');
    await expect(screen).toBeVisible();
    await expect(screen.getByRole('button', { name: 'Retry' })).toBeVisible();
    await expect(screen.getByRole('button', { name: 'Sign out' })).toBeVisible();

    // The page's code finishes loading behind the error screen and its guard asks again (refused
    // too). The API is mended only then, so it is Retry that recovers.
    await page.waitForLoadState('networkidle');
    await expect(screen).toBeVisible();
    await page.unroute('**/api/auth/me');
    await screen.getByRole('button', { name: 'Retry' }).click();
    await expect(page.getByTestId('dashboard-title')).toBeVisible();
  });

  test('an unreachable API shows an error with Retry, not an endless spinner, and Retry recovers once it is back', async ({
    page,
    member,
  }) => {
    await withLongRequestTimeout(page);
    await page.request.post('/api/auth/login', { data: { email: member.email, password: member.password } });
    await page.route('**/api/**', (route) => route.abort('internetdisconnected'));
    await page.goto('/dashboard');
    const screen = page.getByTestId('error-screen');
    await expect(screen).toBeVisible();
    await expect(screen).toContainText('can’t reach');
    await expect(page.getByTestId('page-loader')).toHaveCount(0);

    // The page's code finishes loading behind the error screen and its guard asks once more (refused
    // too). Only then does the API come back, so it is Retry, not that second ask, that recovers.
    await page.waitForLoadState('networkidle');
    await expect(screen).toBeVisible();
    await page.unroute('**/api/**');
    await screen.getByRole('button', { name: 'Retry' }).click();
    await expect(page.getByTestId('dashboard-title')).toBeVisible();
  });

  test('a server that never answers shows an error within the request timeout', async ({ page }) => {
    await page.addInitScript(() => {
      (globalThis as { __AIGYM_API_TIMEOUT_MS__?: number }).__AIGYM_API_TIMEOUT_MS__ = 1_500;
    });
    await page.route('**/api/auth/refresh', () => new Promise<void>(() => undefined));
    await page.goto('/dashboard');
    const screen = page.getByTestId('error-screen');
    // Sooner than the default request timeout (10 s) could have ended it: the 1.5 s one did.
    await expect(screen).toBeVisible({ timeout: 8_000 });
    await expect(screen.getByRole('button', { name: 'Retry' })).toBeVisible();
    await expect(screen.getByRole('button', { name: 'Sign out' })).toBeVisible();
    await page.unrouteAll({ behavior: 'ignoreErrors' });
  });

  test('/sandbox, /admin and /logout all resolve for a member', async ({ page, member }) => {
    await signIn(page, member.email, member.password, '/sandbox');
    await expect(page.getByRole('heading', { name: 'AI Sandbox' })).toBeVisible();
    await page.goto('/admin');
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByTestId('dashboard-title')).toBeVisible();
    await page.goto('/logout');
    await expect(page).toHaveURL(/\/login$/);
  });

  test('/sandbox and /admin resolve for a signed-out visitor too', async ({ page }) => {
    await page.goto('/sandbox');
    await expect(page).toHaveURL(/\/login\?next=%2Fsandbox$/);
    await page.goto('/admin');
    await expect(page).toHaveURL(/\/login\?next=%2Fadmin$/);
    await page.goto('/logout');
    await expect(page).toHaveURL(/\/login$/);
  });

  test('an unknown path shows the 404 page with a link home', async ({ page, member }) => {
    await page.goto('/this/page/does-not-exist');
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    await page.screenshot({ path: screenshotPath('not-found'), fullPage: true });
    await page.getByRole('link', { name: 'Back to home' }).click();
    await expect(page).toHaveURL(/\/login/);

    await signIn(page, member.email, member.password, '/nope');
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    await page.getByRole('link', { name: 'Back to home' }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
  });

  test('a member opening an admin URL sees the not-allowed page, not a redirect loop', async ({ page, member }) => {
    await signIn(page, member.email, member.password, '/admin/users');
    await expect(page.getByTestId('not-allowed')).toBeVisible();
    await expect(page).toHaveURL(/\/admin\/users$/);
    await page.goto('/admin/communities');
    await expect(page.getByTestId('not-allowed')).toBeVisible();
    await page.getByRole('link', { name: 'Go to your dashboard' }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
  });

  test('the sandbox item follows the sandbox flag', async ({ page, member }) => {
    const login = await page.request.post('/api/auth/login', { data: { email: member.email, password: member.password } });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const meRes = await page.request.get('/api/auth/me', { headers: { Authorization: `Bearer ${accessToken}` } });
    const me = (await meRes.json()) as { flags: Record<string, boolean> };
    await page.goto('/dashboard');
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    await expect(nav.getByText('Library')).toBeVisible();
    await expect(nav.getByText('Sandbox')).toHaveCount(me.flags.sandbox ? 1 : 0);
  });
});
