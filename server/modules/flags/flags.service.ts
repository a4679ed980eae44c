import { createHash } from 'node:crypto';
import { notFound } from '../../lib/app-error.js';
import type { UserContext } from '../../lib/transactions.js';

/** A user's stable position 0–99 for a flag: the same user stays in or out as a rollout grows. */
export function rolloutBucket(key: string, userId: string): number {
  return createHash('sha256').update(`${key}:${userId}`).digest().readUInt32BE(0) % 100;
}

interface FlagRule {
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

/** Every flag's value for the signed-in user, evaluated on the server (returned in /api/auth/me). */
export async function evaluateFlags(ctx: UserContext): Promise<Record<string, boolean>> {
  const [flags, memberships] = await Promise.all([
    ctx.db.selectFrom('feature_flags').select(['key', 'enabled', 'rollout_percentage', 'community_ids']).execute(),
    ctx.db.selectFrom('community_members').select('community_id').where('user_id', '=', ctx.actor.userId).execute(),
  ]);
  const communities = new Set(memberships.map((m) => m.community_id));
  return Object.fromEntries(flags.map((flag) => [flag.key, flagApplies(flag, ctx.actor.userId, communities)]));
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
