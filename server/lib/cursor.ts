import { type RawBuilder, sql } from 'kysely';
import { AppError } from './app-error.js';

/**
 * Keyset cursors: the sort key of the last row sent, opaque to clients. Keyset pagination stays
 * fast at any depth, unlike OFFSET.
 */
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

export function encodeCursor(at: Date | string, id: string): string {
  const iso = at instanceof Date ? at.toISOString() : at;
  return Buffer.from(JSON.stringify([iso, id])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): Cursor | null {
  if (!cursor) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
      const [at, id] = value as [string, string];
      if (!Number.isNaN(Date.parse(at)) && /^[0-9a-f-]{36}$/i.test(id)) return { at, id };
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError('bad_request', 'The cursor is not valid; start again from the first page.');
}

/** Splits one extra fetched row off into the next cursor. */
export function toPage<T>(rows: T[], limit: number, key: (row: T) => { at: Date | string; id: string }): { items: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { items: rows, nextCursor: null };
  const items = rows.slice(0, limit);
  const last = key(items[items.length - 1] as T);
  return { items, nextCursor: encodeCursor(last.at, last.id) };
}

/** A cursor for an ascending text sort (a name), with the id to break ties. */
export function encodeTextCursor(key: string, id: string): string {
  return Buffer.from(JSON.stringify(['t', key, id])).toString('base64url');
}

export function decodeTextCursor(cursor: string | undefined): { key: string; id: string } | null {
  if (!cursor) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 3 && value[0] === 't' && typeof value[1] === 'string' && typeof value[2] === 'string') {
      const [, key, id] = value as [string, string, string];
      if (/^[0-9a-f-]{36}$/i.test(id)) return { key, id };
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError('bad_request', 'The cursor is not valid; start again from the first page.');
}
