import { createHash } from 'node:crypto';
import type { z } from 'zod';
import type { createFlagSchema, Flag, UpdateFlagInput } from '../../../contracts/flags.js';
import { isUniqueViolation, requireAdmin } from '../../lib/access.js';
import { AppError, notFound } from '../../lib/app-error.js';
import type { UserContext } from '../../lib/transactions.js';
import { recordAudit } from '../audit/audit.service.js';
import { iso } from '../../lib/dates.js';

/** A user's stable position 0–99 for a flag: the same user stays in or out as a rollout grows. */
export function rolloutBucket(key: string, userId: string): number {
  return createHash('sha256').update(`${key}:${userId}`).digest().readUInt32BE(0) % 100;
}

export interface FlagRule {
  key: string;
  enabled: boolean;
  rollout_percentage: number;
  community_ids: string[];
}

export function flagApplies(flag: FlagRule, userId: string, communityIds: ReadonlySet<string>): boolean {
  if (!flag.enabled) return false;
  if (flag.community_ids.length > 0 && !flag.community_ids.some((id) => communityIds.has(id))) return false;
  return rolloutBucket(flag.key, userId) < flag.rollout_percentage;
}

/** Every flag's value for a user, evaluated on the server (returned in /api/auth/me). */
export function flagValues(flags: readonly FlagRule[], userId: string, communityIds: ReadonlySet<string>): Record<string, boolean> {
  return Object.fromEntries(flags.map((flag) => [flag.key, flagApplies(flag, userId, communityIds)]));
}

export async function isFeatureOn(ctx: UserContext, key: string): Promise<boolean> {
  const flag = await ctx.db.selectFrom('feature_flags').select(['key', 'enabled', 'rollout_percentage', 'community_ids']).where('key', '=', key).executeTakeFirst();
  if (!flag) return false;
  if (flag.community_ids.length === 0) return flagApplies(flag, ctx.actor.userId, new Set());
  const memberships = await ctx.db.selectFrom('community_members').select('community_id').where('user_id', '=', ctx.actor.userId).execute();
  return flagApplies(flag, ctx.actor.userId, new Set(memberships.map((m) => m.community_id)));
}

/** A switched-off feature does not exist for the user: its endpoints answer 404. */
export async function requireFeature(ctx: UserContext, key: string): Promise<void> {
  if (!(await isFeatureOn(ctx, key))) throw notFound('That feature');
}

const toFlag = (row: { key: string; description: string; enabled: boolean; rollout_percentage: number; community_ids: string[]; updated_at: Date }): Flag => ({
  key: row.key,
  description: row.description,
  enabled: row.enabled,
  rolloutPercentage: row.rollout_percentage,
  communityIds: row.community_ids,
  updatedAt: iso(row.updated_at),
});

const flagNotFound = () => notFound('That flag');

export async function listFlags(ctx: UserContext): Promise<Flag[]> {
  requireAdmin(ctx);
  const rows = await ctx.db.selectFrom('feature_flags').selectAll().orderBy('key').execute();
  return rows.map(toFlag);
}

export async function createFlag(ctx: UserContext, input: z.output<typeof createFlagSchema>): Promise<Flag> {
  requireAdmin(ctx);
  try {
    const row = await ctx.db
      .insertInto('feature_flags')
      .values({ key: input.key, description: input.description, enabled: input.enabled, rollout_percentage: input.rolloutPercentage, community_ids: input.communityIds, updated_by: ctx.actor.userId })
      .returningAll()
      .executeTakeFirstOrThrow();
    const flag = toFlag(row);
    await recordAudit(ctx, { action: 'flag.create', entityType: 'flag', entityId: flag.key, after: flag });
    return flag;
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('flag_key_taken', 'A flag with that key already exists.');
    throw error;
  }
}

/** Changes take effect on the next request: flags are read per request, nothing is cached. */
export async function updateFlag(ctx: UserContext, key: string, patch: UpdateFlagInput): Promise<Flag> {
  requireAdmin(ctx);
  const before = await ctx.db.selectFrom('feature_flags').selectAll().where('key', '=', key).executeTakeFirst();
  if (!before) throw flagNotFound();
  const row = await ctx.db
    .updateTable('feature_flags')
    .set({
      ...(patch.description === undefined ? {} : { description: patch.description }),
      ...(patch.enabled === undefined ? {} : { enabled: patch.enabled }),
      ...(patch.rolloutPercentage === undefined ? {} : { rollout_percentage: patch.rolloutPercentage }),
      ...(patch.communityIds === undefined ? {} : { community_ids: patch.communityIds }),
      updated_by: ctx.actor.userId,
      updated_at: new Date(),
    })
    .where('key', '=', key)
    .returningAll()
    .executeTakeFirstOrThrow();
  const flag = toFlag(row);
  await recordAudit(ctx, { action: 'flag.update', entityType: 'flag', entityId: key, before: toFlag(before), after: flag });
  return flag;
}

export async function deleteFlag(ctx: UserContext, key: string): Promise<void> {
  requireAdmin(ctx);
  const deleted = await ctx.db.deleteFrom('feature_flags').where('key', '=', key).returningAll().executeTakeFirst();
  if (!deleted) throw flagNotFound();
  await recordAudit(ctx, { action: 'flag.delete', entityType: 'flag', entityId: key, before: toFlag(deleted) });
}
