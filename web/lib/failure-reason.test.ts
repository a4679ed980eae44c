import { afterEach, describe, expect, it } from 'vitest';
import { loadNamespaces, setLanguage } from './i18n.js';
import { translateReason } from './failure-reason.js';
import { describeError } from './http/api-error.js';
import { fieldMessage, issueText } from './validation-text.js';

/** Stored reasons and refused fields read in the person's language (issue 23). */
describe('stored failure reasons', () => {
  afterEach(() => setLanguage('en'));

  it('reads a reason code with its facts in Spanish, and in English', async () => {
    await loadNamespaces(['errors']);
    await setLanguage('es');
    expect(translateReason('evaluator_disagreed {"spread":40,"samples":3}')).toBe(
      'El evaluador discrepó consigo mismo en 40 puntos en un criterio a lo largo de 3 lecturas, así que un formador decidirá esta puntuación.',
    );
    expect(translateReason('ai_provider_http {"status":500}')).toMatch(/^El proveedor de IA respondió con un error \(HTTP 500\)/);
    expect(translateReason('knowledge_pdf_too_many_pages {"pages":20000,"max":1500}')).toMatch(/^Este PDF tiene 20\.000 páginas; se pueden leer como máximo 1500/);
    await setLanguage('en');
    expect(translateReason('evaluator_not_calibrated')).toMatch(/^The evaluator has not been calibrated/);
    expect(translateReason('knowledge_pdf_too_many_pages {"pages":20000,"max":1500}')).toMatch(/^This PDF has 20,000 pages; at most 1,500/);
  });

  it('reads an error code a refused hold left behind (a budget used up) by its own translation', async () => {
    await loadNamespaces(['errors']);
    await setLanguage('es');
    expect(translateReason('budget_exhausted {"scope":"monthly"}')).toMatch(/mes/);
    expect(translateReason('budget_exhausted {"scope":"monthly"}')).not.toMatch(/budget_exhausted/);
  });

  it('shows an old row’s sentence and a model’s own feedback as they are', async () => {
    await setLanguage('es');
    expect(translateReason('The evaluator could not be reached. Your answer is saved: submit again in a moment.')).toBe(
      'The evaluator could not be reached. Your answer is saved: submit again in a moment.',
    );
    expect(translateReason('Name the audience first.')).toBe('Name the audience first.');
    expect(translateReason('not_a_code {"x":1}')).toBe('not_a_code {"x":1}');
  });

  it('words a streamed answer’s error chunk (a reason code) instead of a generic sentence', async () => {
    await loadNamespaces(['errors']);
    await setLanguage('es');
    expect(describeError(new Error('ai_provider_stalled')).message).toMatch(/^El proveedor de IA dejó de responder/);
  });
});

describe('refused fields by zod issue code', () => {
  afterEach(() => setLanguage('en'));

  it('words a schema issue in Spanish by its code and facts, and keeps the contract’s sentence for English', async () => {
    await loadNamespaces(['errors']);
    await setLanguage('es');
    expect(issueText({ code: 'too_small', origin: 'string', minimum: 3 })).toBe('Debe tener al menos 3 caracteres.');
    expect(issueText({ code: 'too_small', origin: 'string', minimum: 1 })).toBe('Rellena este campo.');
    expect(issueText({ code: 'invalid_format', format: 'email' })).toBe('Escribe una dirección de correo válida.');
    expect(fieldMessage({ code: 'custom', message: 'Use a YouTube or Vimeo link' })).toBe('No es válido.');
    await setLanguage('en');
    expect(fieldMessage({ code: 'custom', message: 'Use a YouTube or Vimeo link' })).toBe('Use a YouTube or Vimeo link');
  });
});
