import { ADMIN_EMAIL, ADMIN_PASSWORD, expect, screenshotPath, signIn, test, uid } from './fixtures.js';

/** The count of a Prometheus series in /metrics text, 0 when absent. */
function seriesValue(metrics: string, series: string): number {
  const line = metrics.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

test.describe('observability', () => {
  // Signing in and loading the dashboard's charts can take a while on a busy machine.
  test.describe.configure({ timeout: 90_000 });

  test('web vitals and route-change times measured by a real page appear in /metrics', async ({ page, request }) => {
    await page.addInitScript(() => {
      (globalThis as { __AIGYM_VITALS_SAMPLE_RATE__?: number }).__AIGYM_VITALS_SAMPLE_RATE__ = 1;
    });
    const before = await (await request.get('/metrics')).text();
    const lcpBefore = seriesValue(before, 'web_vitals_lcp_seconds_count{route="/dashboard"}');
    const clsBefore = seriesValue(before, 'web_vitals_cls_count{route="/dashboard"}');
    const navBefore = seriesValue(before, 'web_route_change_seconds_count{route="/admin/audit"}');

    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, '/dashboard');
    await expect(page.getByRole('link', { name: 'Audit' })).toBeVisible({ timeout: 20_000 });
    // A click finalises LCP (INP is only reported for interactions slower than 40 ms, so it is not
    // asserted here; the server test covers it); the navigation is a route change.
    await page.getByRole('link', { name: 'Audit' }).click();
    await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible({ timeout: 20_000 });
    // Leaving the page hides it: the batch goes out with sendBeacon.
    await page.goto('/healthz');

    await expect
      .poll(
        async () => {
        const after = await (await request.get('/metrics')).text();
        return {
          lcp: seriesValue(after, 'web_vitals_lcp_seconds_count{route="/dashboard"}') > lcpBefore,
          cls: seriesValue(after, 'web_vitals_cls_count{route="/dashboard"}') > clsBefore,
          routeChange: seriesValue(after, 'web_route_change_seconds_count{route="/admin/audit"}') > navBefore,
        };
      }, { timeout: 30_000 })
      .toEqual({ lcp: true, cls: true, routeChange: true });
  });

  test('a crash reported twice from the web app appears once, with its count, on the admin errors page', async ({ page, adminApi }) => {
    const message = `TypeError: ${uid('crash')} is not a function`;
    // From a signed-in session: anonymous reports are logged, never grouped (ADR 0037).
    for (const id of ['3f2a1b7c-1111-4222-8333-444455556666', 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee']) {
      const res = await adminApi.send('POST', '/api/client-errors', {
        message,
        stack: `${message}\n    at Widget (http://127.0.0.1/assets/widget-AbCd1234.js:1:2)`,
        url: `http://127.0.0.1/admin/users/${id}`,
      });
      expect(res.status).toBe(204);
    }
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, '/admin/errors');
    await expect(page.getByRole('heading', { name: 'Errors' })).toBeVisible({ timeout: 20_000 });
    const row = page.getByTestId('error-group').filter({ hasText: message });
    await expect(row).toHaveCount(1);
    await expect(row.getByTestId('error-group-count')).toHaveText('2');
    await expect(row).toContainText('/admin/users/<id>');
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: screenshotPath('admin-errors-1440'), fullPage: true });
    await row.getByRole('button', { name: /Show details/ }).click();
    await expect(page.getByRole('button', { name: 'Mark resolved' })).toBeVisible();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: screenshotPath('admin-errors-390'), fullPage: true });
  });
});
