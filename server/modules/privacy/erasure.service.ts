import { randomBytes } from 'node:crypto';
import { readdir, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import type { ErasureResult, LegalHold } from '../../../contracts/privacy.js';
import { requireAdmin } from '../../lib/access.js';
import { AppError, notFound } from '../../lib/app-error.js';
import type { UserContext } from '../../lib/transactions.js';
import { recordAudit } from '../audit/audit.service.js';
import { iso } from '../../lib/dates.js';

const personNotFound = () => notFound('That person');

/**
 * Erases a person everywhere (GDPR art. 17) in one transaction, through app.erase_user()
 * (migration 0030): their rows go, the audit log keeps a random pseudonym where they were named,
 * their chat counts stay without them. Refused for oneself and under a legal hold. The caller must
 * type the person's email again: there is no undo.
 */
export async function erasePerson(ctx: UserContext, userId: string, confirmation: string): Promise<{ result: Omit<ErasureResult, 'outboxMailsRemoved'>; email: string }> {
  requireAdmin(ctx);
  if (userId === ctx.actor.userId) throw new AppError('cannot_erase_self', 'You cannot erase your own account. Ask another administrator.');
  const person = await ctx.db.selectFrom('users').select(['email']).where('id', '=', userId).executeTakeFirst();
  if (!person) throw personNotFound();
  if (confirmation.trim().toLowerCase() !== person.email) {
    throw new AppError('erase_confirmation_mismatch', 'The confirmation does not match this person’s email. Type their email exactly to erase them.');
  }
  const hold = await ctx.db.selectFrom('legal_holds').select('reason').where('user_id', '=', userId).executeTakeFirst();
  if (hold) throw new AppError('legal_hold', 'This person is under a legal hold, so their data must be kept. Lift the hold first.');

  const pseudonym = `erased-${randomBytes(6).toString('hex')}`;
  await sql`select app.erase_user(${userId}::uuid, ${pseudonym})`.execute(ctx.db);
  const erasedAt = new Date().toISOString();
  await recordAudit(ctx, { action: 'user.erase', entityType: 'user', entityId: pseudonym, after: { pseudonym, erasedAt } });
  return { result: { pseudonym, erasedAt }, email: person.email };
}

/**
 * Mails to the erased address still waiting in DATA_DIR/outbox (the mailer used without SMTP).
 * Mail already handed to an SMTP server is outside AI GYM (docs/privacy.md).
 */
export async function removeOutboxMails(outboxDir: string, email: string): Promise<number> {
  let names: string[];
  try {
    names = await readdir(outboxDir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    const file = path.join(outboxDir, name);
    const text = await readFile(file, 'utf8').catch(() => '');
    if (text.toLowerCase().includes(email.toLowerCase())) {
      await unlink(file).catch(() => undefined);
      removed += 1;
    }
  }
  return removed;
}

export async function getLegalHold(ctx: UserContext, userId: string): Promise<LegalHold> {
  requireAdmin(ctx);
  const person = await ctx.db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
  if (!person) throw personNotFound();
  const row = await ctx.db.selectFrom('legal_holds').select(['reason', 'placed_at']).where('user_id', '=', userId).executeTakeFirst();
  return { userId, held: row !== undefined, reason: row?.reason ?? null, placedAt: row ? iso(row.placed_at) : null };
}

/** A legal hold keeps a person's data: retention skips them and erasure is refused until it is lifted. */
export async function placeLegalHold(ctx: UserContext, userId: string, reason: string): Promise<LegalHold> {
  requireAdmin(ctx);
  const before = await getLegalHold(ctx, userId);
  await ctx.db
    .insertInto('legal_holds')
    .values({ user_id: userId, reason, placed_by: ctx.actor.userId })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ reason, placed_by: ctx.actor.userId }))
    .execute();
  const after = await getLegalHold(ctx, userId);
  await recordAudit(ctx, { action: 'legal_hold.place', entityType: 'user', entityId: userId, before, after });
  return after;
}

export async function liftLegalHold(ctx: UserContext, userId: string): Promise<LegalHold> {
  requireAdmin(ctx);
  const before = await getLegalHold(ctx, userId);
  await ctx.db.deleteFrom('legal_holds').where('user_id', '=', userId).execute();
  const after = await getLegalHold(ctx, userId);
  if (before.held) await recordAudit(ctx, { action: 'legal_hold.lift', entityType: 'user', entityId: userId, before, after });
  return after;
}
