import type { Language, User } from '../../../contracts/users.js';
import type { UserContext } from '../../lib/transactions.js';
import { toUser, userColumns } from '../auth/auth.service.js';

/** Saves the signed-in person's own language (null: follow the browser again). Nobody else's. */
export async function setOwnLanguage(ctx: UserContext, language: Language | null): Promise<{ user: User }> {
  const row = await ctx.db
    .updateTable('users')
    .set({ language })
    .where('id', '=', ctx.actor.userId)
    .returning(userColumns)
    .executeTakeFirstOrThrow();
  return { user: toUser(row) };
}
