import { describe, expect, it } from 'vitest';
import { dayToIso, emptyAuditFilters, hasAuditFilters, isReversedRange, toAuditQuery } from './audit-filters.js';

describe('dayToIso', () => {
  it('starts a "from" day at local midnight', () => {
    expect(dayToIso('2026-11-25', 'start')).toBe(new Date(2026, 10, 25).toISOString());
  });

  it('ends a "to" day at its last millisecond, so the whole day is included', () => {
    expect(dayToIso('2026-11-25', 'end')).toBe(new Date(2026, 10, 25, 23, 59, 59, 999).toISOString());
  });

  it('ignores empty and impossible dates', () => {
    expect(dayToIso('', 'start')).toBeUndefined();
    expect(dayToIso('2026-02-30', 'start')).toBeUndefined();
    expect(dayToIso('25/11/2026', 'end')).toBeUndefined();
  });
});

describe('toAuditQuery', () => {
  it('leaves out every filter that is not set', () => {
    expect(toAuditQuery(emptyAuditFilters)).toEqual({
      actorId: undefined,
      action: undefined,
      entityType: undefined,
      from: undefined,
      to: undefined,
    });
    expect(hasAuditFilters(emptyAuditFilters)).toBe(false);
  });

  it('trims the action prefix and turns days into instants', () => {
    const query = toAuditQuery({ ...emptyAuditFilters, action: '  flag. ', entityType: 'flag', from: '2026-11-01' });
    expect(query.action).toBe('flag.');
    expect(query.entityType).toBe('flag');
    expect(query.from).toBe(new Date(2026, 10, 1).toISOString());
  });

  it('notices a range whose start is after its end', () => {
    expect(isReversedRange({ from: '2026-11-27', to: '2026-11-25' })).toBe(true);
    expect(isReversedRange({ from: '2026-11-25', to: '2026-11-25' })).toBe(false);
  });
});
