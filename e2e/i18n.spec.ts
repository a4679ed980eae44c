import type { Page } from '@playwright/test';
import { seriousViolations } from './axe.js';
import { expect, screenshotPath, signIn, test, uid } from './fixtures.js';
import { shootAtBothWidths } from './layout.js';
import { seedContent } from './sandbox-fixtures.js';


test.describe('a Spanish browser', () => {
  test.use({ locale: 'es-ES', contextOptions: { reducedMotion: 'reduce' } });

  test('sees the sign-in page in Spanish, with nothing serious for axe', async ({ page }) => {
    for (const width of [1440, 390]) {
      await page.setViewportSize({ width, height: width > 800 ? 900 : 844 });
      await page.goto('/login');
      await expect(page.getByRole('heading', { name: 'Bienvenido de nuevo' })).toBeVisible();
      await expect(page.getByLabel('Contraseña')).toBeVisible();
      await expect(page.getByRole('button', { name: 'Iniciar sesión' })).toBeVisible();
      await expect(page.locator('html')).toHaveAttribute('lang', 'es');
      await expect(page).toHaveTitle('Iniciar sesión · AI GYM');
      await page.screenshot({ path: screenshotPath(`login-es-${width}`), fullPage: true });
    }
    expect(await seriousViolations(page)).toEqual([]);
  });

  test('a member sees the sandbox, the library’s prompt and agent pages, the Prompt Lab and their report in Spanish', async ({ page, member }) => {
    test.setTimeout(180_000);
    // Spanish content too, so any English on screen can only come from the app.
    const agentTitle = uid('Coach de redacción');
    const agent = await seedContent(
      {
        kind: 'agent',
        title: agentTitle,
        description: 'Te ayuda a escribir correos claros y amables.',
        details: { systemPrompt: 'Eres un coach de redacción.', starterPrompts: ['Ayúdame con un correo de seguimiento'], welcomeMessage: '¡Hola! Pega tu borrador.' },
      },
      [member.community.id],
    );
    const prompt = await seedContent(
      { kind: 'prompt', title: uid('Resumir un hilo'), description: 'Convierte un hilo en decisiones.', details: { promptText: 'Resume este hilo para {{publico}}.', category: 'Redacción' } },
      [member.community.id],
    );
    await signIn(page, member.email, member.password, '/sandbox');

    // The agent picker, and the history of a member who has not chatted yet.
    await expect(page.getByRole('heading', { name: 'Sandbox de IA' })).toBeVisible();
    await expect(page.getByText('Elige un agente y practica. Todas las conversaciones se guardan en tu historial.')).toBeVisible();
    await expect(page.getByRole('button', { name: `Empezar a chatear con ${agentTitle}` })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Chat nuevo' })).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Buscar conversaciones' })).toBeVisible();
    await expect(page.getByText('Todavía no hay conversaciones')).toBeVisible();
    await expect(page).toHaveTitle('Sandbox · AI GYM');
    await expectNoEnglish(page);

    // A new conversation: the message box, then a sent message and its saved answer.
    await page.getByRole('button', { name: `Empezar a chatear con ${agentTitle}` }).click();
    const box = page.getByRole('textbox', { name: 'Mensaje' });
    await expect(box).toHaveAttribute('placeholder', `Mensaje para ${agentTitle}…`);
    await expect(page.getByRole('button', { name: 'Insertar prompt' })).toBeVisible();
    await expect(page.getByText('Intro para enviar · Mayús+Intro para una línea nueva')).toBeVisible();
    await box.fill('¿Cómo pido a mi responsable su opinión sobre un informe?');
    await box.press('Enter');
    await expect(page).toHaveURL(/\/sandbox\/[0-9a-f-]{36}/);
    const answer = page.locator('[data-testid="message"][data-role="assistant"]').first();
    await expect(answer).toHaveAttribute('data-status', 'complete', { timeout: 30_000 });
    await expect(page.getByTestId('history-group-today')).toContainText('Hoy');
    await expect(page.getByTestId('offline-badge')).toHaveText('Modelo demo sin conexión');
    await answer.hover();
    await expect(answer.getByRole('button', { name: 'Copiar el mensaje' })).toBeVisible();
    await expect(answer.getByRole('button', { name: 'Regenerar' })).toBeVisible();
    await page.getByRole('button', { name: /^Acciones de / }).first().click();
    for (const item of ['Cambiar nombre', 'Fijar arriba', 'Eliminar']) await expect(page.getByRole('menuitem', { name: item })).toBeVisible();
    await page.keyboard.press('Escape');
    await expectNoEnglish(page);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: screenshotPath('sandbox-es-1440') });

    await page.setViewportSize({ width: 390, height: 844 });
    await expect(page.getByRole('button', { name: 'Abrir el historial de conversaciones' })).toBeVisible();
    await page.screenshot({ path: screenshotPath('sandbox-es-390') });
    await page.goto('/sandbox');
    await expect(page.getByRole('heading', { name: 'Sandbox de IA' })).toBeVisible();
    await expect(page.getByTestId('agent-card')).toBeVisible();
    await page.screenshot({ path: screenshotPath('sandbox-agents-es-390'), fullPage: true });
    await page.getByRole('button', { name: 'Abrir el historial de conversaciones' }).click();
    await expect(page.getByRole('dialog', { name: 'Conversaciones' }).getByTestId('history-item')).toHaveCount(1);
    await page.screenshot({ path: screenshotPath('sandbox-history-es-390') });
    await page.setViewportSize({ width: 1440, height: 900 });

    // The library's prompt page and agent page.
    await page.goto(`/library/${prompt.id}`);
    await expect(page.getByRole('button', { name: 'Copiar prompt' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Usar en el sandbox' })).toBeVisible();
    await expect(page.getByTestId('prompt-copies')).toHaveText('Aún no lo has copiado.');
    await expect(page.getByRole('button', { name: 'Marcar como completado' })).toBeVisible();
    await expectNoEnglish(page);
    expect(await seriousViolations(page)).toEqual([]);
    await shootAtBothWidths(page, 'library-prompt-es');
    await page.goto(`/library/${agent.id}`);
    await expect(page.getByText('Prueba a preguntar')).toBeVisible();
    await expect(page.getByRole('link', { name: 'Chatear en el sandbox' })).toBeVisible();
    await expectNoEnglish(page);
    await shootAtBothWidths(page, 'library-agent-es');

    // The Prompt Lab: the built-in model named in Spanish, a comparison, its status.
    await page.goto('/lab');
    await expect(page.getByRole('heading', { name: 'Laboratorio de prompts' })).toBeVisible();
    await page.getByRole('combobox', { name: 'Modelos' }).click();
    await page.getByRole('option', { name: /offline-demo · Integrada \(demo sin conexión\)/ }).click();
    await page.keyboard.press('Escape');
    await page.getByRole('textbox', { name: 'Prompt' }).fill('Explica un LEFT JOIN en una frase.');
    await page.getByRole('button', { name: 'Comparar' }).click();
    await expect(page.getByTestId('lab-status-0')).toHaveText('Listo', { timeout: 30_000 });
    await expect(page.getByTestId('lab-column-0')).toContainText(/Coste: /);
    await expectNoEnglish(page);
    await shootAtBothWidths(page, 'prompt-lab-es');

    // Their own report, with its dates in Spanish.
    await page.goto(`/reports/members/${member.id}`);
    await expect(page.getByTestId('member-report')).toBeVisible();
    await expect(page.getByTestId('report-last-active')).toContainText('Última actividad');
    await expect(page.getByTestId('report-last-active')).toContainText(SPANISH_DATE);
    await expect(page.getByText('Últimos 30 días', { exact: true })).toBeVisible();
    await expect(page.getByText('Automatizaciones', { exact: true })).toBeVisible();
    await expect(page).toHaveTitle('Informe del miembro · AI GYM');
    await expectNoEnglish(page);
    expect(await seriousViolations(page)).toEqual([]);
    await shootAtBothWidths(page, 'member-report-es');
  });
});

/** English words that no Spanish label, heading or button contains (brand names and data aside). */
const ENGLISH = /\b(the|and|your|with|for|new|start|search|send|stop|insert|history|messages?|conversations?|agents?|retry|copy|copied|delete|rename|export|open|load|show|older|sources|previous|today|yesterday|pinned|compare|done|models?|dashboard|completed|opened|last|active)\b/i;

/** The words of every visible heading, button, link, label and placeholder that read as English. */
async function expectNoEnglish(page: Page): Promise<void> {
  const words = await page.locator('h1, h2, h3, h4, button, a, label, [role="menuitem"], [role="tab"], input, textarea, [role="status"]').evaluateAll((elements) =>
    elements.flatMap((el) => {
      // What a model or an author wrote is not the app's wording.
      if (el.closest('[data-testid="message"], [data-testid="welcome-message"], [data-testid="prompt-text"], [data-testid^="lab-column"]')) return [];
      const box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) return [];
      const own = 'innerText' in el ? el.innerText : el.textContent;
      return [own, el.getAttribute('aria-label'), el.getAttribute('placeholder'), el.getAttribute('title')].flatMap((text) => (text?.trim() ? [text.trim()] : []));
    }),
  );
  expect(words.filter((text) => ENGLISH.test(text))).toEqual([]);
}

test('an English browser sees the sign-in page in English', async ({ page }) => {
  await page.goto('/login');
  await expect(page.getByRole('heading', { name: 'Welcome back' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

/** A date as Spanish shows it: "27 nov 2026". */
const SPANISH_DATE = /\d{1,2} (ene|feb|mar|abr|may|jun|jul|ago|sept?|oct|nov|dic) \d{4}/;

test('a person switches to Spanish in the user menu: the shell, the dashboard and its dates follow, also after a reload', async ({ page, adminApi }) => {
  test.setTimeout(120_000);
  const person = await adminApi.createUser({ role: 'admin', displayName: 'Lucía Romero' });
  await signIn(page, person.email, person.password);
  await expect(page.getByTestId('dashboard-title')).toContainText('Lucía');
  await expect(page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Dashboard' })).toBeVisible();

  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: 'Español' }).click();
  await expect(page.getByRole('menuitem', { name: 'Español' })).toHaveAttribute('data-current', 'true');
  await page.keyboard.press('Escape');

  const expectSpanish = async () => {
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
    await expect(page.getByRole('navigation', { name: 'Navegación principal' }).getByRole('link', { name: 'Panel' })).toBeVisible();
    await expect(page.getByTestId('dashboard-title')).toHaveText(/^(Buenos días|Buenas tardes|Buenas noches), Lucía$/);
    await expect(page.getByText('Cómo usan AI GYM tus comunidades cliente.')).toBeVisible();
    await expect(page.getByTestId('range-label')).toHaveText(SPANISH_DATE);
    await expect(page.getByRole('radio', { name: '30 días' })).toBeChecked();
  };
  await expectSpanish();
  // Saved to the account: a reload (a fresh app, the session restored from the cookie) stays Spanish.
  await page.reload();
  await expectSpanish();
  await expect(page.getByTestId('summary-cards')).toBeVisible();

  await page.setViewportSize({ width: 1440, height: 900 });
  await expect(page.getByTestId('dashboard-title')).toBeVisible();
  await page.screenshot({ path: screenshotPath('dashboard-es-1440'), fullPage: true });
  // At desktop width, as e2e/accessibility.spec.ts checks the dashboard (at phone width the cost
  // tables scroll sideways without a focusable element: the same in English, see the l15 report).
  expect(await seriousViolations(page)).toEqual([]);
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByTestId('dashboard-title')).toBeVisible();
  await page.screenshot({ path: screenshotPath('dashboard-es-390'), fullPage: true });
});
