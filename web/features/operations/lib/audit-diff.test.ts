import { describe, expect, it } from 'vitest';
import { diffAudit, formatDiffValue, jsonEqual } from './audit-diff.js';

const flag = {
  key: 'sandbox',
  description: 'The AI Sandbox',
  enabled: true,
  rolloutPercentage: 100,
  communityIds: [] as string[],
  updatedAt: '2026-11-25T10:00:00.000Z',
};

describe('diffAudit', () => {
  it('lists a switched flag as one changed field and keeps the untouched fields apart', () => {
    const diff = diffAudit(flag, { ...flag, enabled: false, updatedAt: '2026-11-25T11:00:00.000Z' });
    expect(diff.changes).toEqual([
      { path: 'enabled', kind: 'changed', before: true, after: false },
      { path: 'updatedAt', kind: 'changed', before: '2026-11-25T10:00:00.000Z', after: '2026-11-25T11:00:00.000Z' },
    ]);
    expect(diff.unchanged.map((u) => u.path)).toEqual(['key', 'description', 'rolloutPercentage', 'communityIds']);
  });

  it('marks every field as added when nothing existed before (a create)', () => {
    const diff = diffAudit(null, { key: 'beta', enabled: false });
    expect(diff.changes).toEqual([
      { path: 'key', kind: 'added', after: 'beta' },
      { path: 'enabled', kind: 'added', after: false },
    ]);
    expect(diff.unchanged).toEqual([]);
  });

  it('marks every field as removed when nothing is left after (a delete)', () => {
    const diff = diffAudit({ key: 'beta', enabled: false }, null);
    expect(diff.changes.map((c) => [c.path, c.kind])).toEqual([
      ['key', 'removed'],
      ['enabled', 'removed'],
    ]);
  });

  it('reports fields that appear or disappear between two snapshots', () => {
    const diff = diffAudit({ a: 1, gone: 'x' }, { a: 1, fresh: 'y' });
    expect(diff.changes).toEqual([
      { path: 'gone', kind: 'removed', before: 'x' },
      { path: 'fresh', kind: 'added', after: 'y' },
    ]);
    expect(diff.unchanged).toEqual([{ path: 'a', value: 1 }]);
  });

  it('walks into nested objects and names the changed field by its dotted path', () => {
    const diff = diffAudit(
      { title: 'Intro', details: { url: 'https://a.example', durationSeconds: 60 } },
      { title: 'Intro', details: { url: 'https://a.example', durationSeconds: 90 } },
    );
    expect(diff.changes).toEqual([{ path: 'details.durationSeconds', kind: 'changed', before: 60, after: 90 }]);
    expect(diff.unchanged.map((u) => u.path)).toEqual(['title', 'details.url']);
  });

  it('compares arrays as whole values, ignoring nothing inside them', () => {
    expect(diffAudit({ ids: ['a', 'b'] }, { ids: ['a', 'b'] }).changes).toEqual([]);
    expect(diffAudit({ ids: ['a', 'b'] }, { ids: ['b', 'a'] }).changes).toEqual([
      { path: 'ids', kind: 'changed', before: ['a', 'b'], after: ['b', 'a'] },
    ]);
  });

  it('treats a null field as a value, different from a missing one', () => {
    expect(diffAudit({ lastLoginAt: null }, { lastLoginAt: '2026-01-01' }).changes).toEqual([
      { path: 'lastLoginAt', kind: 'changed', before: null, after: '2026-01-01' },
    ]);
    expect(diffAudit({}, { lastLoginAt: null }).changes).toEqual([{ path: 'lastLoginAt', kind: 'added', after: null }]);
  });

  it('shows an object replaced by null (or the reverse) as one change of the whole value', () => {
    expect(diffAudit({ details: { a: 1 } }, { details: null }).changes).toEqual([
      { path: 'details', kind: 'changed', before: { a: 1 }, after: null },
    ]);
  });

  it('handles snapshots that are not objects', () => {
    expect(diffAudit('old', 'new').changes).toEqual([{ path: '(value)', kind: 'changed', before: 'old', after: 'new' }]);
    expect(diffAudit(null, [1, 2]).changes).toEqual([{ path: '(value)', kind: 'added', after: [1, 2] }]);
  });

  it('finds nothing to show when both snapshots are empty', () => {
    expect(diffAudit(null, null)).toEqual({ changes: [], unchanged: [] });
    expect(diffAudit(undefined, undefined)).toEqual({ changes: [], unchanged: [] });
  });

  it('does not care about key order in nested objects', () => {
    expect(diffAudit({ d: { a: 1, b: 2 } }, { d: { b: 2, a: 1 } }).changes).toEqual([]);
    expect(jsonEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
  });
});

describe('formatDiffValue', () => {
  it('writes scalars as JSON, so strings are quoted and null is visible', () => {
    expect(formatDiffValue(true)).toBe('true');
    expect(formatDiffValue(42)).toBe('42');
    expect(formatDiffValue('hello')).toBe('"hello"');
    expect(formatDiffValue(null)).toBe('null');
  });

  it('indents nested objects and arrays, and keeps empty ones short', () => {
    expect(formatDiffValue({ a: 1 })).toBe('{\n  "a": 1\n}');
    expect(formatDiffValue([])).toBe('[]');
    expect(formatDiffValue({})).toBe('{}');
  });
});
