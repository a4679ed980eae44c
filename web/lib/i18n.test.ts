import { afterEach, describe, expect, it } from 'vitest';
import { formatDate, formatNumber, tryAgainIn } from './format.js';
import { browserLanguage, currentLanguage, fillPluralForms, i18n, NAMESPACES, setLanguage } from './i18n.js';

describe('i18n', () => {
  afterEach(async () => {
    await setLanguage('en');
  });

  it('takes Spanish from a browser that prefers any Spanish, and English otherwise', () => {
    expect(browserLanguage(['es-ES', 'en'])).toBe('es');
    expect(browserLanguage(['es-419'])).toBe('es');
    expect(browserLanguage(['fr-FR', 'es-MX'])).toBe('es');
    expect(browserLanguage(['de-DE', 'fr'])).toBe('en');
    expect(browserLanguage([])).toBe('en');
  });

  it('finds every namespace file without a list in code', () => {
    expect(NAMESPACES).toContain('common');
    expect(NAMESPACES).toContain('auth');
  });

  it('switches strings, dates, numbers and <html lang> to Spanish, and remembers the choice', async () => {
    await setLanguage('es');
    expect(currentLanguage()).toBe('es');
    expect(document.documentElement.lang).toBe('es');
    expect(localStorage.getItem('ai-gym.language')).toBe('es');
    expect(i18n.t('common:actions.save')).toBe('Guardar');
    expect(tryAgainIn(12)).toBe('Vuelve a intentarlo en 12 s.');
    expect(formatDate('2026-03-05T12:00:00Z')).toMatch(/mar/);
    expect(formatNumber(1234567)).toBe('1.234.567');
    await setLanguage('en');
    expect(formatNumber(1234567)).toBe('1,234,567');
    expect(i18n.t('common:actions.save')).toBe('Save');
  });

  it('gives a Spanish plural a many form (a million) from its other form when the file has only one and other', async () => {
    const filled = fillPluralForms({ nested: { items_one: '{{count}} cosa', items_other: '{{count}} cosas' } }, 'es');
    i18n.addResourceBundle('es', 'test', filled);
    await setLanguage('es');
    expect(i18n.t('test:nested.items', { count: 1 })).toBe('1 cosa');
    expect(i18n.t('test:nested.items', { count: 1_000_000 })).toBe('1000000 cosas');
  });
});
