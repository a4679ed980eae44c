import type { Page } from '@playwright/test';
import { expect, screenshotPath } from './fixtures.js';

/** A busy 2-core machine takes a while for a dashboard's panels: wait on them, generously. */
export const LOADED = { timeout: 45_000 };

/** The page has drawn what it loads: no page or section loader, no "Loading" status, no skeleton. */
export async function settled(page: Page): Promise<void> {
  // A signed-in page has a <main>; the sign-in pages and the 404 page have a heading.
  await expect(page.locator('main, h1').first()).toBeVisible(LOADED);
  await expect(page.getByTestId('section-loader')).toHaveCount(0, LOADED);
  await expect(page.getByTestId('page-loader')).toHaveCount(0, LOADED);
  await expect(page.getByRole('status', { name: 'Loading' })).toHaveCount(0, LOADED);
  // Dashboard panels show skeletons while their numbers load.
  await expect(page.locator('.mantine-Skeleton-root[data-visible]')).toHaveCount(0, LOADED);
}

/** How far the document is wider than the window (0 when it fits). Poll it: tables and charts settle over a few frames. */
export function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const g = globalThis as unknown as { innerWidth: number; document: { scrollingElement: { scrollWidth: number } | null } };
    return (g.document.scrollingElement?.scrollWidth ?? 0) - g.innerWidth;
  });
}

/**
 * Full-page screenshots at desktop and phone width (`<name>-1440.png`, `<name>-390.png`), each once
 * nothing pushes the page sideways; the viewport is left at desktop width.
 */
export async function shootAtBothWidths(page: Page, name: string): Promise<void> {
  for (const [width, height] of [
    [1440, 900],
    [390, 844],
  ] as const) {
    await page.setViewportSize({ width, height });
    await expect.poll(() => sidewaysOverflow(page), { message: `${name} scrolls sideways at ${width} px` }).toBeLessThanOrEqual(0);
    await page.screenshot({ path: screenshotPath(`${name}-${width}`), fullPage: true });
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}
