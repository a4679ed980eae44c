import { type RawBuilder, sql } from 'kysely';
import type { Page } from '../../contracts/pagination.js';
import { AppError } from './app-error.js';

/**
 * The one pagination of every list endpoint (§4 `{ items, nextCursor }`): keyset, never OFFSET, so
 * it stays fast at any depth. A list fetches `limit + 1` rows in its order; `pageOf` keeps `limit`
 * and, when the extra row says there is more, makes the next cursor from the sort key of the last
 * row sent. A cursor is that key as base64url JSON, opaque to clients; `decodeKey` reads it back
 * through the list's own check and refuses anything else with one `bad_request`.
 */
export function pageOf<T>(rows: T[], limit: number, keyOf: (last: T) => unknown): Page<T> {
  if (rows.length <= limit) return { items: rows, nextCursor: null };
  const items = rows.slice(0, limit);
  return { items, nextCursor: encodeKey(keyOf(items[items.length - 1] as T)) };
}

export function encodeKey(key: unknown): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The key in `cursor`, if `read` accepts it (it answers null for a key of another shape). */
export function decodeKey<K>(cursor: string, read: (value: unknown) => K | null): K {
  let key: K | null = null;
  try {
    key = read(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
  } catch {
    // reported below
  }
  if (key === null) throw new AppError('bad_request', 'The cursor is not valid; start again from the first page.');
  return key;
}

export const isUuid = (value: unknown): value is string => typeof value === 'string' && /^[0-9a-f-]{36}$/i.test(value);
export const isTime = (value: unknown): value is string => typeof value === 'string' && !Number.isNaN(Date.parse(value));

/** A (time desc, id desc) key: the time as `cursorTime` wrote it. */
export interface Cursor {
  at: string;
  id: string;
}

/**
 * A timestamp column as text with microseconds: JavaScript dates stop at milliseconds, and a cursor
 * rounded to them would skip or repeat rows created within the same millisecond.
 */
export function cursorTime(column: string): RawBuilder<string> {
  return sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** Rows after the cursor in (time desc, id desc) order, as one row comparison an index can serve. */
export function beforeCursor(timeColumn: string, idColumn: string, cursor: Cursor): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(timeColumn)}, ${sql.ref(idColumn)}) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`;
}

/** The key of a (time, id) list: `[time, id]`. */
export function timeKey(at: Date | string, id: string): [string, string] {
  return [at instanceof Date ? at.toISOString() : at, id];
}

export function decodeCursor(cursor: string | undefined): Cursor | null {
  if (!cursor) return null;
  return decodeKey(cursor, (value) => (Array.isArray(value) && value.length === 2 && isTime(value[0]) && isUuid(value[1]) ? { at: value[0], id: value[1] } : null));
}

/** The key of an ascending text sort (a name), with the id to break ties: `['t', text, id]`. */
export function textKey(key: string, id: string): ['t', string, string] {
  return ['t', key, id];
}

export function decodeTextCursor(cursor: string | undefined): { key: string; id: string } | null {
  if (!cursor) return null;
  return decodeKey(cursor, (value) =>
    Array.isArray(value) && value.length === 3 && value[0] === 't' && typeof value[1] === 'string' && isUuid(value[2]) ? { key: value[1], id: value[2] } : null,
  );
}
