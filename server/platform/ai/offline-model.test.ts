import type { LanguageModelV3Prompt } from '@ai-sdk/provider';
import { describe, expect, it } from 'vitest';
import { offlineAnswer } from './offline-model.js';

const prompt = (system: string, ...questions: string[]): LanguageModelV3Prompt => [
  { role: 'system', content: system },
  ...questions.map((text) => ({ role: 'user' as const, content: [{ type: 'text' as const, text }] })),
];

const SQL_TUTOR = 'You are a patient SQL tutor for analysts who know spreadsheets. Keep answers short.';
const EMAIL_COACH = 'You rewrite workplace emails so they are clear, warm and professional. Never invent facts.';

describe('the offline demo model', () => {
  it('speaks in the agent’s voice, from the first sentence of its instructions', () => {
    expect(offlineAnswer(prompt(SQL_TUTOR, 'How do I group rows?'))).toMatch(/^I am a patient SQL tutor for analysts who know spreadsheets\. Here is how I would approach “How do I group rows\?”:/);
    expect(offlineAnswer(prompt(EMAIL_COACH, 'Hi'))).toMatch(/^I rewrite workplace emails so they are clear, warm and professional\. /);
    // Instructions that do not address the model are not turned into an odd sentence.
    expect(offlineAnswer(prompt('Policy assistant. Answer from the pasted policy.', 'Hi'))).toMatch(/^Here is how I would approach “Hi”:/);
  });

  it('varies its advice with what is asked, and is the same for the same question', () => {
    const email = offlineAnswer(prompt(EMAIL_COACH, 'Can you help me reply to an angry customer email?'));
    const summary = offlineAnswer(prompt(EMAIL_COACH, 'Summarise my meeting notes'));
    const formula = offlineAnswer(prompt(SQL_TUTOR, 'Which formula counts late orders in column B?'));
    const general = offlineAnswer(prompt(SQL_TUTOR, 'Hello there'));
    expect(email).toContain('Name the reader');
    expect(summary).toContain('Paste the whole text');
    expect(formula).toContain('Describe the columns');
    expect(general).toContain('Clarify the goal.');
    expect(new Set([email, summary, formula, general]).size).toBe(4);
    expect(offlineAnswer(prompt(SQL_TUTOR, 'Which formula counts late orders in column B?'))).toBe(formula);
  });

  it('answers in Spanish when the member’s language is Spanish, in an agent’s Spanish voice', () => {
    const formula = offlineAnswer(prompt(SQL_TUTOR, '¿Qué fórmula cuenta los pedidos atrasados de la columna B?'), 'es');
    // English instructions are not quoted into a Spanish answer.
    expect(formula).toMatch(/^Así abordaría «¿Qué fórmula cuenta los pedidos atrasados de la columna B\?»:/);
    expect(formula).toContain('**Describe las columnas**');
    expect(formula).toContain('Un prompt que podrías enviar a continuación:');
    expect(formula).not.toMatch(/Here is|prompt you could/);
    expect(offlineAnswer(prompt('Eres un coach de correos paciente. Sé breve.', 'Ayúdame a responder a un cliente'), 'es')).toMatch(/^Soy un coach de correos paciente\. Así abordaría/);
    expect(offlineAnswer(prompt(SQL_TUTOR, 'Hola', 'Y por mes'), 'es')).toContain('Llevamos 2 mensajes');
  });

  it('notices a conversation going on, and carries no label of its own (the sandbox labels the model once)', () => {
    const later = offlineAnswer(prompt(SQL_TUTOR, 'How do I group rows?', 'And by month?'));
    expect(later).toContain('We are 2 messages in');
    expect(later).not.toMatch(/offline/i);
  });
});
