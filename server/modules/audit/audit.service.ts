import type { UserContext } from '../../lib/transactions.js';

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
