import { type Kysely, sql } from 'kysely';
import type { ErrorGroup, ListErrorGroupsQuery } from '../../../contracts/error-groups.js';
import type { Page } from '../../../contracts/pagination.js';
import type { Database } from '../../db-schema.js';
import { requireAdmin } from '../../lib/access.js';
import { AppError } from '../../lib/app-error.js';
import { decodeKey, isTime, pageOf } from '../../lib/cursor.js';
import type { UserContext } from '../../lib/transactions.js';
import { fingerprint } from './fingerprint.js';

// What other modules may use of error-groups (ADR 0047: a module imports another only through its service file).
export type { ErrorRecorder } from './error-recorder.js';
export { normalisePath } from './fingerprint.js';

export interface ErrorOccurrence {
  source: 'server' | 'client';
  name: string;
  message: string;
  location: string;
  stack: string | null;
  requestId: string;
}

/**
 * Adds one occurrence to its group (created on first sight). Runs outside the failed request's
 * transaction, which has rolled back, through the SECURITY DEFINER app.record_error: the app role
 * itself can neither insert nor update groups.
 */
export async function recordError(db: Kysely<Database>, occurrence: ErrorOccurrence): Promise<{ fingerprint: string; count: number }> {
  const fp = fingerprint(occurrence);
  const { rows } = await sql<{ count: string }>`
    select app.record_error(${fp}, ${occurrence.source}, ${occurrence.name}, ${occurrence.message}, ${occurrence.location}, ${occurrence.stack}, ${occurrence.requestId}) as count`.execute(db);
  return { fingerprint: fp, count: Number(rows[0]?.count ?? 0) };
}

const iso = (d: Date | string): string => (d instanceof Date ? d : new Date(d)).toISOString();

/** Groups for admins, most recently seen first. */
export async function listErrorGroups(ctx: UserContext, query: ListErrorGroupsQuery): Promise<Page<ErrorGroup>> {
  requireAdmin(ctx);
  let q = ctx.db
    .selectFrom('error_groups')
    .select(['fingerprint', 'source', 'name', 'message', 'location', 'stack', 'count', 'first_seen', 'last_seen', 'last_request_id'])
    .select(sql<string>`to_char(last_seen at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('cursor_at'));
  if (query.source) q = q.where('source', '=', query.source);
  if (query.cursor) {
    const [at, fp] = decodeKey(query.cursor, (value) => (Array.isArray(value) && isTime(value[0]) && typeof value[1] === 'string' ? [value[0], value[1]] as const : null));
    q = q.where(sql<boolean>`(last_seen, fingerprint) < (${at}::timestamptz, ${fp})`);
  }
  const rows = await q.orderBy('last_seen', 'desc').orderBy('fingerprint', 'desc').limit(query.limit + 1).execute();
  const page = pageOf(rows, query.limit, (last) => [last.cursor_at, last.fingerprint]);
  return {
    items: page.items.map((r) => ({
      fingerprint: r.fingerprint,
      source: r.source,
      name: r.name,
      message: r.message,
      location: r.location,
      stack: r.stack,
      count: Number(r.count),
      firstSeen: iso(r.first_seen),
      lastSeen: iso(r.last_seen),
      lastRequestId: r.last_request_id,
    })),
    nextCursor: page.nextCursor,
  };
}

/** Resolving a group deletes it: if the failure comes back, it starts a fresh group and count. */
export async function resolveErrorGroup(ctx: UserContext, fp: string): Promise<void> {
  requireAdmin(ctx);
  const result = await ctx.db.deleteFrom('error_groups').where('fingerprint', '=', fp).executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw new AppError('not_found', 'That error group does not exist (it may already be resolved).');
}
