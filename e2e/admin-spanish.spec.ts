import { ADMIN_EMAIL, ADMIN_PASSWORD, expect, screenshotPath, signIn, test } from './fixtures.js';
import { shootAtBothWidths } from './layout.js';

// A trainer whose browser asks for Spanish gets the admin areas in Spanish (no profile choice yet).
test.use({ locale: 'es-ES', contextOptions: { reducedMotion: 'reduce' } });

test('the admin areas read in Spanish: users, the content studio and AI connections', async ({ page }) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 1440, height: 900 });

  await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, '/admin/users');
  await expect(page.getByRole('heading', { name: 'Usuarios', level: 1 })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Añadir persona' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Usuarios' }).getByRole('columnheader', { name: 'Persona' })).toBeVisible();
  await shootAtBothWidths(page, 'users-es');

  await page.goto('/admin/content/agents');
  await expect(page.getByRole('heading', { name: 'Agentes', level: 1 })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Nuevo agente' }).first()).toBeVisible();
  await shootAtBothWidths(page, 'content-agents-es');

  await page.goto('/admin/content/exercises/new');
  await expect(page.getByRole('heading', { name: 'Nuevo ejercicio', level: 1 })).toBeVisible();
  await expect(page.getByText('Cómo se puntuará un intento')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Crear ejercicio' })).toBeVisible();
  await shootAtBothWidths(page, 'content-exercise-editor-es');

  await page.goto('/admin/ai');
  await expect(page.getByRole('heading', { name: 'Conexiones de IA', level: 1 })).toBeVisible();
  await expect(page.getByRole('tab', { name: 'Precios' })).toBeVisible();
  await shootAtBothWidths(page, 'ai-connections-es');
  await page.getByRole('button', { name: 'Añadir conexión' }).click();
  const dialog = page.getByRole('dialog', { name: 'Añadir una conexión de IA' });
  await expect(dialog.getByLabel('Clave de API')).toBeVisible();
  await page.screenshot({ path: screenshotPath('ai-connection-form-es-1440') });
});
