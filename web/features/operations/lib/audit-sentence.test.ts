import { afterAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../../contracts/audit.js';
import { i18n, setLanguage } from '../../../lib/i18n.js';
import { auditSentence } from './audit-sentence.js';

const entry = (patch: Partial<AuditEntry>): AuditEntry => ({
  id: '1',
  actorId: '00000000-0000-4000-8000-000000000001',
  actorEmail: 'ana@example.com',
  actorName: 'Ana García',
  action: 'content.update',
  entityType: 'content',
  entityId: '00000000-0000-4000-8000-000000000002',
  entityName: 'Negotiation coach',
  entityKind: 'agent',
  before: null,
  after: null,
  requestId: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  ...patch,
});
const t = () => i18n.getFixedT(null, 'operations');

describe('auditSentence', () => {
  afterAll(() => setLanguage('en'));

  it('says who did what to which named thing', () => {
    expect(auditSentence(entry({}), t())).toBe('Ana García changed the agent “Negotiation coach”');
    expect(auditSentence(entry({ action: 'community.create', entityType: 'community', entityName: 'Northwind', entityKind: null }), t())).toBe(
      'Ana García created the community “Northwind”',
    );
    expect(auditSentence(entry({ action: 'user.invite', entityType: 'user', entityName: 'Ben Okafor', entityKind: null }), t())).toBe('Ana García invited Ben Okafor');
    expect(auditSentence(entry({ action: 'flag.delete', entityType: 'flag', entityName: 'beta', entityKind: null }), t())).toBe('Ana García deleted the flag “beta”');
    expect(auditSentence(entry({ action: 'program.create', entityType: 'program', entityName: 'Onboarding', entityKind: null }), t())).toBe(
      'Ana García created the program “Onboarding”',
    );
  });

  it('names a deleted actor or the system, and never shows a bare id', () => {
    const sentence = auditSentence(entry({ actorName: null, actorEmail: null, entityName: null }), t());
    expect(sentence).toBe('A deleted user changed the agent “(no name)”');
    expect(sentence).not.toContain('0000');
    expect(auditSentence(entry({ actorId: null, actorName: null, actorEmail: null, action: 'ai_prices.replace', entityType: 'ai_prices' }), t())).toBe(
      'The system updated the AI prices',
    );
  });

  it('reads in Spanish too', async () => {
    await setLanguage('es');
    expect(auditSentence(entry({}), t())).toBe('Ana García cambió el agente «Negotiation coach»');
  });
});
