import { sql } from 'kysely';
import type { AuditEntry as AuditRecord, ListAuditQuery } from '../../../contracts/audit.js';
import type { Page } from '../../../contracts/pagination.js';
import { requireAdmin } from '../../lib/access.js';
import { decodeKey, pageOf } from '../../lib/cursor.js';
import type { UserContext } from '../../lib/transactions.js';
import { iso } from '../../lib/dates.js';
import { escapeLike } from '../../lib/like-pattern.js';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Fields never copied into the audit trail. */
const secretFields = new Set(['password', 'password_hash', 'passwordHash', 'token', 'token_hash']);

function scrub(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !secretFields.has(key)));
}

/** Records who changed what, in the same transaction as the change: both land or neither. */
export async function recordAudit(ctx: UserContext, entry: AuditEntry): Promise<void> {
  await ctx.db
    .insertInto('audit_log')
    .values({
      actor_id: ctx.actor.userId,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId ?? null,
      before: entry.before === undefined ? null : JSON.stringify(scrub(entry.before)),
      after: entry.after === undefined ? null : JSON.stringify(scrub(entry.after)),
      request_id: ctx.requestId,
      ip: ctx.ip,
    })
    .execute();
}

/**
 * What an entry's entity is called: its current name (so a renamed agent reads as it is known now),
 * else the name in the entry's own snapshot (a deleted one), else a flag's key. The CASE only casts
 * ids of types whose ids are uuids. Admins only (listAudit), so row-level security hides nothing.
 */
const entityName = sql<string | null>`coalesce(
  case a.entity_type
    when 'user' then (select display_name from users where id = a.entity_id::uuid)
    when 'community' then (select name from communities where id = a.entity_id::uuid)
    when 'content' then (select title from content_items where id = a.entity_id::uuid)
    when 'ai_connection' then (select name from ai_connections where id = a.entity_id::uuid)
    when 'program' then (select title from programs where id = a.entity_id::uuid)
  end,
  a.after->>'title', a.after->>'name', a.after->>'displayName',
  a.before->>'title', a.before->>'name', a.before->>'displayName',
  case when a.entity_type = 'flag' then a.entity_id end
)`;
const entityKind = sql<string | null>`case when a.entity_type = 'content' then coalesce(
  (select kind::text from content_items where id = a.entity_id::uuid), a.after->>'kind', a.before->>'kind'
) end`;

/** The audit trail for admins, newest first, filtered by actor, action, entity and dates. */
export async function listAudit(ctx: UserContext, query: ListAuditQuery): Promise<Page<AuditRecord>> {
  requireAdmin(ctx);
  let q = ctx.db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor_id')
    .select(['a.id', 'a.actor_id', 'u.email as actor_email', 'u.display_name as actor_name', 'a.action', 'a.entity_type', 'a.entity_id', 'a.before', 'a.after', 'a.request_id', 'a.created_at'])
    .select([entityName.as('entity_name'), entityKind.as('entity_kind')]);
  if (query.actorId) q = q.where('a.actor_id', '=', query.actorId);
  if (query.action) q = q.where('a.action', 'like', `${escapeLike(query.action)}%`);
  if (query.entityType) q = q.where('a.entity_type', '=', query.entityType);
  if (query.entityId) q = q.where('a.entity_id', '=', query.entityId);
  if (query.from) q = q.where('a.created_at', '>=', new Date(query.from));
  if (query.to) q = q.where('a.created_at', '<=', new Date(query.to));
  if (query.cursor) {
    // The key is the entry's id alone (ids only grow).
    const id = decodeKey(query.cursor, (value) => (typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? value : null));
    q = q.where('a.id', '<', String(id));
  }
  const rows = await q.orderBy('a.id', 'desc').limit(query.limit + 1).execute();
  const page = pageOf(rows, query.limit, (last) => Number(last.id));
  return {
    items: page.items.map((r) => ({
      id: String(r.id),
      actorId: r.actor_id,
      actorEmail: r.actor_email,
      actorName: r.actor_name,
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      entityName: r.entity_name,
      entityKind: r.entity_kind,
      before: r.before ?? null,
      after: r.after ?? null,
      requestId: r.request_id,
      createdAt: iso(r.created_at),
    })),
    nextCursor: page.nextCursor,
  };
}
