import { describe, expect, it } from 'vitest';
import { formatAgo, formatBytes, formatDate, formatDateTime, formatDay, formatDayOfMonth, formatNumber, formatWait, tryAgainIn } from './format.js';

describe('format', () => {
  const now = Date.parse('2026-06-15T12:00:00Z');

  it('reads a missing or broken date as a dash, and a never-happened one as Never', () => {
    expect(formatDate(null)).toBe('—');
    expect(formatDateTime('not a date')).toBe('—');
    expect(formatAgo(null)).toBe('Never');
    expect(formatAgo(undefined, { never: 'Not yet' })).toBe('Not yet');
  });

  it('says how long ago in words, from seconds to years', () => {
    expect(formatAgo('2026-06-15T11:59:40Z', { now })).toBe('just now');
    expect(formatAgo('2026-06-15T11:55:00Z', { now })).toMatch(/5 minutes ago/);
    expect(formatAgo('2026-06-15T09:00:00Z', { now })).toMatch(/3 hours ago/);
    expect(formatAgo('2026-06-12T12:00:00Z', { now })).toMatch(/3 days ago/);
    expect(formatAgo('2026-03-15T12:00:00Z', { now })).toMatch(/3 months ago/);
    expect(formatAgo('2024-06-15T12:00:00Z', { now })).toMatch(/2 years ago/);
  });

  it('shows the year only for another year', () => {
    const thisYear = formatDateTime('2026-03-05T14:05:00Z', new Date(now));
    const lastYear = formatDateTime('2025-03-05T14:05:00Z', new Date(now));
    expect(thisYear).not.toMatch(/2026/);
    expect(lastYear).toMatch(/2025/);
  });

  it('names the day a monthly allowance starts again with the month in words, and no year', () => {
    expect(formatDayOfMonth('2026-07-15T12:00:00Z')).toMatch(/July 15|15 July/);
    expect(formatDayOfMonth('2026-07-15T12:00:00Z')).not.toMatch(/2026/);
    expect(formatDayOfMonth('not a date')).toBe('—');
  });

  it('reads a server day in UTC whatever the time zone', () => {
    expect(formatDay('2026-03-05')).toMatch(/5/);
    expect(formatDay('garbage')).toBe('garbage');
  });

  it('has one wording for waiting', () => {
    expect(formatWait(0.2)).toBe('1 s');
    expect(formatWait(59)).toBe('59 s');
    expect(formatWait(61)).toBe('2 min');
    expect(tryAgainIn(12)).toBe('Try again in 12 s.');
    expect(formatNumber(1234)).toMatch(/1.?234/);
  });

  it('gives file sizes in bytes, KB or MB', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(2048)).toBe('2 KB');
    expect(formatBytes(20 * 1024 * 1024)).toBe('20.0 MB');
  });
});
