import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import { AppError } from './app-error.js';
import type { UserContext } from './transactions.js';

/** A strong validator for one representation: the same JSON gives the same tag. */
export function etagOf(representation: unknown): string {
  return `"${createHash('sha256').update(JSON.stringify(representation)).digest('base64url').slice(0, 27)}"`;
}

/** Whether an If-Match header (a list, possibly weak tags, or `*`) names `etag`. */
export function ifMatchAccepts(header: string, etag: string): boolean {
  return header.split(',').some((raw) => {
    const tag = raw.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag;
  });
}

export const editConflict = (): AppError =>
  new AppError('edit_conflict', 'Someone else changed this meanwhile. Reload to see their version; your unsaved changes stay on screen.');

export function ifMatchOf(request: FastifyRequest): string | undefined {
  const header = request.headers['if-match'];
  return typeof header === 'string' && header.trim() !== '' ? header : undefined;
}

const lockable = { content_items: 'id', communities: 'id', users: 'id', feature_flags: 'key', programs: 'id' } as const;

/**
 * Inside the PATCH's transaction: locks the row (so two edits holding the same tag cannot both pass)
 * and compares the caller's If-Match with the current representation's tag; 412 when it is stale.
 * Without If-Match the edit goes ahead as before.
 */
export async function assertIfMatch(
  ctx: UserContext,
  header: string | undefined,
  row: { table: keyof typeof lockable; key: string },
  current: () => Promise<unknown>,
): Promise<void> {
  if (!header) return;
  await sql`select 1 from ${sql.table(row.table)} where ${sql.ref(lockable[row.table])} = ${row.key} for update`.execute(ctx.db);
  if (!ifMatchAccepts(header, etagOf(await current()))) throw editConflict();
}

/** Sends `representation` with its ETag. */
export function withEtag<T>(reply: FastifyReply, representation: T): T {
  reply.header('etag', etagOf(representation));
  return representation;
}
