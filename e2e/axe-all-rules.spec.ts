import { seriousViolationsAllRules } from './axe.js';
import { ADMIN_EMAIL, ADMIN_PASSWORD, expect, signIn, test } from './fixtures.js';
import { settled, shootAtBothWidths } from './layout.js';

/** Issue 25: axe with every rule, experimental ones included, on the pages a trainer opens first. */
test.describe('axe with all rules (experimental included)', () => {
  for (const path of ['/dashboard', '/library', '/sandbox']) {
    test(`${path}: no serious or critical violation`, async ({ page }) => {
      await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD, path);
      await settled(page);
      const found = await seriousViolationsAllRules(page);
      expect(found).toEqual([]);
      await shootAtBothWidths(page, `all-rules${path.replaceAll('/', '-')}`);
    });
  }
});
