import { describe, expect, it } from 'vitest';
import { daysBetween, fillDays, isValidDay, presetRange, readFilters, shiftDay, writeFilters } from './date-range.js';

const today = '2024-03-10';
const params = (query: string) => new URLSearchParams(query);

describe('date range presets', () => {
  it('covers the last N days with today included', () => {
    expect(presetRange(7, today)).toEqual({ from: '2024-03-04', to: today });
    expect(presetRange(30, today)).toEqual({ from: '2024-02-10', to: today });
    expect(presetRange(90, today)).toEqual({ from: '2023-12-12', to: today });
  });

  it('shifts across month, leap-day and year boundaries', () => {
    expect(shiftDay('2024-03-01', -1)).toBe('2024-02-29');
    expect(shiftDay('2023-12-31', 1)).toBe('2024-01-01');
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
  });

  it('accepts only real calendar days', () => {
    expect(isValidDay('2024-02-29')).toBe(true);
    expect(isValidDay('2023-02-29')).toBe(false);
    expect(isValidDay('2024-3-1')).toBe(false);
    expect(isValidDay('')).toBe(false);
  });
});

describe('readFilters', () => {
  it('defaults to the last 30 days across all communities', () => {
    expect(readFilters(params(''), today)).toEqual({
      preset: '30d',
      from: '2024-02-10',
      to: today,
      communityId: null,
      error: null,
    });
  });

  it('reads a preset and a community, ignoring stray from/to', () => {
    const filters = readFilters(params('range=7d&from=2020-01-01&community=abc'), today);
    expect(filters).toMatchObject({ preset: '7d', from: '2024-03-04', to: today, communityId: 'abc', error: null });
  });

  it('falls back to the default for an unknown preset', () => {
    expect(readFilters(params('range=5y'), today).preset).toBe('30d');
  });

  it('reads a valid custom range', () => {
    expect(readFilters(params('range=custom&from=2024-01-01&to=2024-01-31'), today)).toMatchObject({
      preset: 'custom',
      from: '2024-01-01',
      to: '2024-01-31',
      error: null,
    });
  });

  it('reports a custom range that is reversed, malformed or too long', () => {
    expect(readFilters(params('range=custom&from=2024-02-01&to=2024-01-01'), today).error).toMatch(/after/);
    expect(readFilters(params('range=custom&from=2024-02-30&to=2024-03-01'), today).error).toMatch(/YYYY-MM-DD/);
    expect(readFilters(params('range=custom&from=2020-01-01&to=2024-01-01'), today).error).toMatch(/366/);
  });
});

describe('writeFilters', () => {
  const current = readFilters(params('community=abc&tab=x'), today);

  it('keeps the default preset out of the URL and drops from/to for presets', () => {
    const next = writeFilters(params('range=custom&from=2024-01-01&to=2024-01-02&community=abc'), current, { preset: '30d' });
    expect(next.toString()).toBe('community=abc');
    expect(writeFilters(params(''), current, { preset: '90d' }).toString()).toBe('range=90d');
  });

  it('switches to custom keeping the dates on screen, and edits one end', () => {
    const custom = writeFilters(params(''), current, { preset: 'custom' });
    expect(custom.get('from')).toBe('2024-02-10');
    expect(custom.get('to')).toBe(today);
    const edited = writeFilters(custom, readFilters(custom, today), { from: '2024-01-15' });
    expect(edited.get('from')).toBe('2024-01-15');
    expect(edited.get('to')).toBe(today);
  });

  it('sets and clears the community without touching other params', () => {
    expect(writeFilters(params('tab=x'), current, { communityId: 'def' }).toString()).toBe('tab=x&community=def');
    expect(writeFilters(params('tab=x&community=abc'), current, { communityId: null }).toString()).toBe('tab=x');
  });
});

describe('fillDays', () => {
  it('returns every day of the range with zeros for the missing ones', () => {
    const rows = [{ day: '2024-03-02', n: 4 }];
    expect(fillDays(rows, '2024-03-01', '2024-03-03', (day) => ({ day, n: 0 }))).toEqual([
      { day: '2024-03-01', n: 0 },
      { day: '2024-03-02', n: 4 },
      { day: '2024-03-03', n: 0 },
    ]);
  });
});
