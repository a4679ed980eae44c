import { AppError } from './app-error.js';
import { isAdmin, type UserContext } from './transactions.js';

export function requireAdmin(ctx: UserContext): void {
  if (!isAdmin(ctx)) throw new AppError('forbidden', 'Only administrators can do that.');
}

/** Admins, or members who manage at least one community. */
export async function requireAdminOrManager(ctx: UserContext): Promise<void> {
  if (isAdmin(ctx)) return;
  const managed = await ctx.db
    .selectFrom('community_members')
    .select('community_id')
    .where('user_id', '=', ctx.actor.userId)
    .where('role', '=', 'manager')
    .limit(1)
    .executeTakeFirst();
  if (!managed) throw new AppError('forbidden', 'Only administrators and community managers can do that.');
}

/** Whether the caller manages a community that `userId` belongs to. */
export async function managesUser(ctx: UserContext, userId: string): Promise<boolean> {
  const row = await ctx.db
    .selectFrom('community_members as owner')
    .innerJoin('community_members as mgr', 'mgr.community_id', 'owner.community_id')
    .select('owner.user_id')
    .where('owner.user_id', '=', userId)
    .where('mgr.user_id', '=', ctx.actor.userId)
    .where('mgr.role', '=', 'manager')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The communities the caller manages. */
export async function managedCommunityIds(ctx: UserContext): Promise<string[]> {
  const rows = await ctx.db.selectFrom('community_members').select('community_id').where('user_id', '=', ctx.actor.userId).where('role', '=', 'manager').execute();
  return rows.map((r) => r.community_id);
}

export const isUniqueViolation = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === '23505';
export const isForeignKeyViolation = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === '23503';
