import { describe, expect, it } from 'vitest';
import { emailT, formatForMail, languageFromHeader } from './email-i18n.js';

describe('the emails’ languages', () => {
  it('reads Spanish from an Accept-Language that prefers it, English otherwise', () => {
    expect(languageFromHeader('es-ES,es;q=0.9,en;q=0.8')).toBe('es');
    expect(languageFromHeader('fr-FR, es;q=0.7, en;q=0.5')).toBe('es');
    expect(languageFromHeader('en-GB,es;q=0.9')).toBe('en');
    expect(languageFromHeader('es;q=0.2, en;q=0.8')).toBe('en');
    expect(languageFromHeader('es;q=0')).toBe('en');
    expect(languageFromHeader('de-DE')).toBe('en');
    expect(languageFromHeader(undefined)).toBe('en');
  });

  it('has every English string in Spanish too, with the same placeholders', () => {
    const keys = ['footer', 'invitation.subject', 'invitation.intro', 'invitation.action', 'reset.subject', 'reset.intro', 'reset.action', 'budget.subject', 'budget.body', 'budget.someCommunity'] as const;
    for (const key of keys) {
      const english = emailT('en')(key, { days: 7, minutes: 60, community: 'Alpha', percent: '10%', spent: '1', limit: '2' });
      const spanish = emailT('es')(key, { days: 7, minutes: 60, community: 'Alpha', percent: '10%', spent: '1', limit: '2' });
      expect(spanish).not.toBe(english);
      expect(spanish).not.toContain('{{');
      expect(english).not.toContain('{{');
    }
  });

  it('formats money in the mail’s language, and falls back for a currency Intl does not know', () => {
    expect(formatForMail('en').money(1.5, 'EUR')).toBe('€1.50');
    expect(formatForMail('es').money(1.5, 'EUR')).toMatch(/^1,50\s€$/);
    expect(formatForMail('es').money(1.5, 'TOKENS')).toBe('TOKENS 1.50');
  });
});
