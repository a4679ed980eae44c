import { AxeBuilder } from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** axe-core's serious and critical WCAG 2.2 A/AA violations on the page, once nothing is loading. */
export async function seriousViolations(page: Page) {
  await expect(page.getByRole('status', { name: 'Loading' })).toHaveCount(0);
  // The pointer off any control: a hovered control's colours are the shell's concern, checked elsewhere.
  await page.mouse.move(0, 0);
  const results = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, help: v.help, targets: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.any[0]?.message ?? ''}`) }));
}

/**
 * As seriousViolations, with axe's experimental rules on too (label-content-name-mismatch among
 * them: a visible label missing from the accessible name breaks voice control). Issue 25.
 */
export async function seriousViolationsAllRules(page: Page) {
  await expect(page.getByRole('status', { name: 'Loading' })).toHaveCount(0);
  await page.mouse.move(0, 0);
  const results = await new AxeBuilder({ page }).withTags([...WCAG, 'experimental']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, help: v.help, targets: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.any[0]?.message ?? n.all[0]?.message ?? ''}`) }));
}
