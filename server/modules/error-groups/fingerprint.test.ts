import { describe, expect, it } from 'vitest';
import { fingerprint, normaliseMessage, normalisePath, topFrame } from './fingerprint.js';

describe('error fingerprints', () => {
  const base = { source: 'server', name: 'TypeError', location: '/api/things/:id' };

  it('groups the same failure whatever ids, numbers or quoted values its message carries', () => {
    const a = fingerprint({ ...base, message: 'Row 12 for "alice" (3f2a1b7c-1111-4222-8333-444455556666) is missing', stack: null });
    const b = fingerprint({ ...base, message: 'Row 9000 for "bob" (aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee) is missing', stack: null });
    expect(a).toBe(b);
    expect(normaliseMessage('took 12.5 ms for "x"')).toBe('took <n> ms for <value>');
  });

  it('keeps different kinds, places and messages apart', () => {
    const one = fingerprint({ ...base, message: 'boom', stack: null });
    expect(fingerprint({ ...base, name: 'RangeError', message: 'boom', stack: null })).not.toBe(one);
    expect(fingerprint({ ...base, location: '/api/other', message: 'boom', stack: null })).not.toBe(one);
    expect(fingerprint({ ...base, message: 'bang', stack: null })).not.toBe(one);
    expect(fingerprint({ ...base, source: 'client', message: 'boom', stack: null })).not.toBe(one);
  });

  it('ignores line numbers and bundle hashes in the top frame, so a redeploy does not split a group', () => {
    expect(topFrame('Error: x\n    at load (/srv/app/dist/server/modules/a.js:10:5)\n    at next (b.js:1:1)')).toBe('load server/modules/a.js');
    expect(topFrame('TypeError: y\n    at render (https://gym.example.com/assets/page-AbC123xy.js?v=1:1:2345)')).toBe('render /assets/page.js');
    expect(topFrame(undefined)).toBe('');
  });

  it('blanks ids in page paths', () => {
    expect(normalisePath('https://gym.example.com/admin/users/3f2a1b7c-1111-4222-8333-444455556666?tab=1')).toBe('/admin/users/<id>');
    expect(normalisePath('/programs/42/steps')).toBe('/programs/<n>/steps');
  });
});
