import { describe, expect, it } from 'vitest';
import { decodeCursor, decodeKey, decodeTextCursor, pageOf, textKey, timeKey } from './cursor.js';

const id = '0b6f3c1e-2f4a-4d7e-9a51-3c2d1e0f9a8b';
const b64 = (text: string) => Buffer.from(text).toString('base64url');

describe('pageOf', () => {
  it('keeps limit rows and makes the next cursor from the last one sent, only when a row is left over', () => {
    const rows = [{ n: 1 }, { n: 2 }, { n: 3 }];
    expect(pageOf(rows, 2, (last) => last.n)).toEqual({ items: [{ n: 1 }, { n: 2 }], nextCursor: b64('2') });
    expect(pageOf(rows, 3, (last) => last.n)).toEqual({ items: rows, nextCursor: null });
  });

  // Cursors clients already hold keep working: each list's key is written as before the helper.
  it('writes the keys of every list as they were written before', () => {
    const at = '2026-01-02T03:04:05.123456Z';
    const next = (key: unknown) => pageOf([0, 1], 1, () => key).nextCursor;
    expect(next(timeKey(at, id))).toBe(b64(JSON.stringify([at, id])));
    expect(next(timeKey(new Date('2026-01-02T03:04:05.123Z'), id))).toBe(b64(JSON.stringify(['2026-01-02T03:04:05.123Z', id])));
    expect(next(textKey('ada', id))).toBe(b64(JSON.stringify(['t', 'ada', id])));
    expect(next(123)).toBe(b64('123')); // the audit trail's id
    expect(decodeCursor(b64(JSON.stringify([at, id])))).toEqual({ at, id });
    expect(decodeTextCursor(b64(JSON.stringify(['t', 'ada', id])))).toEqual({ key: 'ada', id });
  });

  it('refuses a cursor of another shape, or not JSON, with bad_request', () => {
    const read = (value: unknown) => (typeof value === 'number' ? value : null);
    expect(() => decodeKey(b64('"x"'), read)).toThrow(expect.objectContaining({ code: 'bad_request' }));
    expect(() => decodeKey('%%%', read)).toThrow(expect.objectContaining({ code: 'bad_request' }));
    expect(() => decodeCursor(b64(JSON.stringify(['not a time', id])))).toThrow(expect.objectContaining({ code: 'bad_request' }));
    expect(decodeCursor(undefined)).toBeNull();
  });
});
