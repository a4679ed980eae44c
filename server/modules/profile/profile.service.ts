import type { TotpSetup } from '../../../contracts/auth.js';
import type { TwoFactorStatus } from '../../../contracts/profile.js';
import type { User } from '../../../contracts/users.js';
import { requireAdmin } from '../../lib/access.js';
import { AppError, notFound } from '../../lib/app-error.js';
import { emailT } from '../../lib/email-i18n.js';
import { type Mail, textMail } from '../../lib/mailer.js';
import { hashPassword, verifyPassword } from '../../lib/passwords.js';
import type { RunAsUser, UserContext } from '../../lib/transactions.js';
import { recordAudit } from '../audit/audit.service.js';
import {
  hasConfirmedTotp,
  isTwoFactorRequired,
  removeTwoFactor,
  replaceRecoveryCodes,
  startEnrolment,
  type TwoFactorConfig,
  twoFactorStatus,
  revokeSessions,
  setPasswordHash,
  toUser,
  userColumns,
  verifyTotpCode,
} from '../auth/auth.service.js';
import { iso } from '../../lib/dates.js';

/** What every signed-in person manages about themself: name, password, two-factor. */

export async function updateDisplayName(ctx: UserContext, displayName: string): Promise<{ user: User }> {
  const row = await ctx.db
    .updateTable('users')
    .set({ display_name: displayName })
    .where('id', '=', ctx.actor.userId)
    .returning(userColumns)
    .executeTakeFirstOrThrow();
  return { user: toUser(row) };
}

const wrongPassword = () => new AppError('current_password_wrong', 'Your current password is not correct.');

/**
 * Changes one's own password. The current password is checked between transactions (argon2 is
 * slow); every other session of the account ends, this one stays.
 */
export async function changePassword(run: RunAsUser, input: { currentPassword: string; newPassword: string }): Promise<void> {
  const current = await run((ctx) => ctx.db.selectFrom('users').select(['password_hash']).where('id', '=', ctx.actor.userId).executeTakeFirstOrThrow());
  if (!current.password_hash) throw new AppError('no_local_password', 'This account signs in through your organisation and has no password here.');
  if (!(await verifyPassword(current.password_hash, input.currentPassword))) throw wrongPassword();
  const nextHash = await hashPassword(input.newPassword);
  await run(async (ctx) => {
    const still = await ctx.db.selectFrom('users').select(['password_hash']).where('id', '=', ctx.actor.userId).executeTakeFirstOrThrow();
    if (still.password_hash !== current.password_hash) throw wrongPassword();
    await setPasswordHash(ctx, ctx.actor.userId, nextHash, ctx.actor.sessionId);
    await recordAudit(ctx, { action: 'user.password_change', entityType: 'user', entityId: ctx.actor.userId });
  });
}

export const getTwoFactor = (ctx: UserContext, config: TwoFactorConfig): Promise<TwoFactorStatus> => twoFactorStatus(ctx, config);

/** A session this young counts as a fresh sign-in for an account with no password (single sign-on). */
const FRESH_SIGN_IN_MS = 10 * 60_000;

/**
 * Proves the owner is at the keyboard before two-factor changes (issue 26): an access token alone
 * could otherwise turn it on with the thief's authenticator and lock the owner out. The password
 * when the account has one; otherwise a sign-in in the last ten minutes. Checked between
 * transactions (argon2 is slow).
 */
export async function confirmOwner(run: RunAsUser, currentPassword: string | undefined): Promise<void> {
  const me = await run(async (ctx) => ({
    user: await ctx.db.selectFrom('users').select('password_hash').where('id', '=', ctx.actor.userId).executeTakeFirstOrThrow(),
    session: ctx.actor.sessionId ? await ctx.db.selectFrom('sessions').select('created_at').where('id', '=', ctx.actor.sessionId).executeTakeFirst() : undefined,
  }));
  if (me.user.password_hash) {
    if (!currentPassword) throw new AppError('current_password_required', 'Enter your current password to turn two-factor sign-in on or off.');
    if (!(await verifyPassword(me.user.password_hash, currentPassword))) throw wrongPassword();
    return;
  }
  if (!me.session || Date.now() - new Date(me.session.created_at).getTime() > FRESH_SIGN_IN_MS) {
    throw new AppError('recent_sign_in_required', 'For your security, sign out and sign in again, then change two-factor sign-in within 10 minutes.');
  }
}

/** Tells the owner their two-factor changed: if it was not them, they know at once. */
export async function twoFactorChangedMail(ctx: UserContext, turnedOn: boolean): Promise<Mail> {
  const me = await ctx.db.selectFrom('users').select(['email', 'language']).where('id', '=', ctx.actor.userId).executeTakeFirstOrThrow();
  const t = emailT(me.language ?? 'en');
  const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
  return textMail(me.email, turnedOn ? t('twoFactor.onSubject') : t('twoFactor.offSubject'), t('twoFactor.body', { date }));
}

export async function setUpTwoFactor(ctx: UserContext, config: TwoFactorConfig): Promise<TotpSetup> {
  const me = await ctx.db.selectFrom('users').select('email').where('id', '=', ctx.actor.userId).executeTakeFirstOrThrow();
  return startEnrolment(ctx, config, me.email);
}

const wrongCode = () => new AppError('invalid_code', 'That code is not correct, or it was already used. Try the next code from your app.');

async function requireCode(ctx: UserContext, config: TwoFactorConfig, code: string): Promise<boolean> {
  const result = await verifyTotpCode(ctx, config, code);
  if (!result.ok) throw wrongCode();
  return result.confirmedNow;
}

/** Confirms a new authenticator with its first code; answers the ten recovery codes, shown once. */
export async function confirmTwoFactor(ctx: UserContext, config: TwoFactorConfig, code: string): Promise<{ recoveryCodes: string[] }> {
  if (await hasConfirmedTotp(ctx, ctx.actor.userId)) throw new AppError('mfa_already_on', 'Two-factor sign-in is already on.');
  const confirmedNow = await requireCode(ctx, config, code);
  if (!confirmedNow) throw wrongCode();
  const recoveryCodes = await replaceRecoveryCodes(ctx);
  await recordAudit(ctx, { action: 'mfa.enrol', entityType: 'user', entityId: ctx.actor.userId });
  return { recoveryCodes };
}

export async function regenerateRecoveryCodes(ctx: UserContext, config: TwoFactorConfig, code: string): Promise<{ recoveryCodes: string[] }> {
  if (!(await hasConfirmedTotp(ctx, ctx.actor.userId))) throw new AppError('mfa_not_on', 'Turn on two-factor sign-in first.');
  await requireCode(ctx, config, code);
  const recoveryCodes = await replaceRecoveryCodes(ctx);
  await recordAudit(ctx, { action: 'mfa.recovery_codes_regenerate', entityType: 'user', entityId: ctx.actor.userId });
  return { recoveryCodes };
}

/** Turns two-factor off with a current code; refused while the person's role requires it. */
export async function disableTwoFactor(ctx: UserContext, config: TwoFactorConfig, code: string): Promise<void> {
  if (await isTwoFactorRequired(ctx, config.MFA_REQUIRED_FOR, ctx.actor.userId, ctx.actor.role)) {
    throw new AppError('mfa_required_for_role', 'Two-factor sign-in is required for your role and cannot be turned off.');
  }
  if (!(await hasConfirmedTotp(ctx, ctx.actor.userId))) throw new AppError('mfa_not_on', 'Two-factor sign-in is not on.');
  await requireCode(ctx, config, code);
  await removeTwoFactor(ctx, ctx.actor.userId);
  await recordAudit(ctx, { action: 'mfa.disable', entityType: 'user', entityId: ctx.actor.userId });
}

// ----- admins

export async function userTwoFactor(ctx: UserContext, userId: string): Promise<{ enabled: boolean; enabledAt: string | null }> {
  requireAdmin(ctx);
  const user = await ctx.db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
  if (!user) throw notFound('That user');
  const row = await ctx.db.selectFrom('user_totp').select('confirmed_at').where('user_id', '=', userId).executeTakeFirst();
  return { enabled: Boolean(row?.confirmed_at), enabledAt: row?.confirmed_at ? iso(row.confirmed_at) : null };
}

/**
 * An admin resets someone's two-factor (a lost phone and no recovery codes): the authenticator and
 * codes go, every session of that person ends, and the audit trail says who did it. If two-factor
 * is required for them, they set up a new authenticator at their next sign-in.
 */
export async function resetTwoFactor(ctx: UserContext, userId: string): Promise<void> {
  requireAdmin(ctx);
  const user = await ctx.db.selectFrom('users').select(['id', 'email']).where('id', '=', userId).executeTakeFirst();
  if (!user) throw notFound('That user');
  const removed = await removeTwoFactor(ctx, userId);
  const revoked = await revokeSessions(ctx, { userId }, 'two_factor_reset');
  await recordAudit(ctx, { action: 'user.two_factor_reset', entityType: 'user', entityId: userId, after: { email: user.email, hadTwoFactor: removed, sessionsEnded: revoked } });
}
