import type { Page } from '@playwright/test';
import { ADMIN_EMAIL, ADMIN_PASSWORD, expect, screenshotPath, signIn, test } from './fixtures.js';

// A trainer whose browser asks for Spanish gets the admin areas in Spanish (no profile choice yet).
test.use({ locale: 'es-ES', contextOptions: { reducedMotion: 'reduce' } });

/** Nothing wider than the window: a longer Spanish label must wrap or shrink, never push the page sideways. */
async function expectNoSideways(page: Page): Promise<void> {
  // Polled: after a resize the table and toolbar settle over a few frames.
  const overflow = () =>
    page.evaluate(() => {
      const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
      return root.scrollWidth - root.clientWidth;
    });
  await expect.poll(overflow).toBeLessThanOrEqual(0);
}

async function shoot(page: Page, name: string): Promise<void> {
  for (const [width, height] of [
    [1440, 900],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await expectNoSideways(page);
    await page.screenshot({ path: screenshotPath(`${name}-es-${width}`), fullPage: true });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

test('the admin areas read in Spanish: users, the content studio and AI connections', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1440, height: 900 });

  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, '/admin/users');
  await expect(page.getByRole('heading', { name: 'Usuarios', level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Añadir persona' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Usuarios' }).getByRole('columnheader', { name: 'Persona' })).toBeVisible();
  await shoot(page, 'users');

  await page.goto('/admin/content/agents');
  await expect(page.getByRole('heading', { name: 'Agentes', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Nuevo agente' }).first()).toBeVisible();
  await shoot(page, 'content-agents');

  await page.goto('/admin/content/exercises/new');
  await expect(page.getByRole('heading', { name: 'Nuevo ejercicio', level: 1 })).toBeVisible();
  await expect(page.getByText('Cómo se puntuará un intento')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Crear ejercicio' })).toBeVisible();
  await shoot(page, 'content-exercise-editor');

  await page.goto('/admin/ai');
  await expect(page.getByRole('heading', { name: 'Conexiones de IA', level: 1 })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Precios' })).toBeVisible();
  await shoot(page, 'ai-connections');
  await page.getByRole('button', { name: 'Añadir conexión' }).click();
  const dialog = page.getByRole('dialog', { name: 'Añadir una conexión de IA' });
  await expect(dialog.getByLabel('Clave de API')).toBeVisible();
  await page.screenshot({ path: screenshotPath('ai-connection-form-es-1440') });
});
