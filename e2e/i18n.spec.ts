import { AxeBuilder } from '@axe-core/playwright';
import { expect, test } from '@playwright/test';

const SHOTS = '/tmp/l15/shots';

test.describe('a Spanish browser', () => {
  test.use({ locale: 'es-ES' });

  test('sees the sign-in page in Spanish, with nothing serious for axe', async ({ page }) => {
    for (const width of [1440, 390]) {
      await page.setViewportSize({ width, height: width > 800 ? 900 : 844 });
      await page.goto('/login');
      await expect(page.getByRole('heading', { name: 'Bienvenido de nuevo' })).toBeVisible();
      await expect(page.getByLabel('Contraseña')).toBeVisible();
      await expect(page.getByRole('button', { name: 'Iniciar sesión' })).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('lang', 'es');
      await expect(page).toHaveTitle('Iniciar sesión · AI GYM');
      await page.screenshot({ path: `${SHOTS}/login-es-${width}.png`, fullPage: true });
    }
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  });
});

test('an English browser sees the sign-in page in English', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByRole('heading', { name: 'Welcome back' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});
