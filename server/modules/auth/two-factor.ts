import { randomInt } from 'node:crypto';
import { sql } from 'kysely';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import type { TotpSetup } from '../../../contracts/auth.js';
import type { TwoFactorStatus } from '../../../contracts/profile.js';
import type { PlatformRole } from '../../../contracts/users.js';
import type { Config, MfaRequiredFor } from '../../config.js';
import { AppError } from '../../lib/app-error.js';
import { keyVault } from '../../lib/key-vault.js';
import { hashOpaqueToken, newOpaqueToken } from '../../lib/tokens.js';
import type { AnonymousContext, UserContext } from '../../lib/transactions.js';
import { iso } from '../../lib/dates.js';

/** TOTP two-factor (RFC 6238 with otplib): enrolment, codes, recovery codes, the sign-in challenge (ADR 0021). */

export type TwoFactorConfig = Pick<Config, 'AI_KEYS_SECRET' | 'MFA_REQUIRED_FOR'>;

export const MFA_CHALLENGE_TTL_MS = 5 * 60_000;
export const RECOVERY_CODE_COUNT = 10;
const ISSUER = 'AI GYM';
/** One step either side: a phone clock a little off still works; the replay guard still holds. */
const EPOCH_TOLERANCE_SECONDS = 30;
/** Crockford base32: no I, L, O or U to misread. 16 characters = 80 random bits. */
const RECOVERY_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

const vault = (config: TwoFactorConfig) => keyVault(config.AI_KEYS_SECRET, 'totp-secrets');

export function newRecoveryCode(): string {
  let raw = '';
  for (let i = 0; i < 16; i += 1) raw += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)];
  return raw.match(/.{4}/g)?.join('-') ?? raw;
}

/** People type codes with spaces, dashes or in lower case; 0/O and 1/I/L are the same character. */
export function normaliseRecoveryCode(input: string): string {
  return input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

/** Recovery codes carry 80 random bits, so SHA-256 is enough to store them (as for refresh tokens). */
const recoveryHash = (code: string) => hashOpaqueToken(`recovery:${normaliseRecoveryCode(code)}`);

export async function isTwoFactorRequired(ctx: UserContext, required: MfaRequiredFor, userId: string, role: PlatformRole): Promise<boolean> {
  if (role === 'admin') return required.admins;
  if (!required.managers) return false;
  const managed = await ctx.db
    .selectFrom('community_members')
    .select('community_id')
    .where('user_id', '=', userId)
    .where('role', '=', 'manager')
    .limit(1)
    .executeTakeFirst();
  return Boolean(managed);
}

async function totpRow(ctx: UserContext, userId: string) {
  return ctx.db.selectFrom('user_totp').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export async function hasConfirmedTotp(ctx: UserContext, userId: string): Promise<boolean> {
  const row = await totpRow(ctx, userId);
  return Boolean(row?.confirmed_at);
}

export async function twoFactorStatus(ctx: UserContext, config: TwoFactorConfig): Promise<TwoFactorStatus> {
  const { userId, role } = ctx.actor;
  const row = await totpRow(ctx, userId);
  const left = await ctx.db
    .selectFrom('mfa_recovery_codes')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return {
    enabled: Boolean(row?.confirmed_at),
    required: await isTwoFactorRequired(ctx, config.MFA_REQUIRED_FOR, userId, role),
    recoveryCodesLeft: Number(left.n),
    enabledAt: row?.confirmed_at ? iso(row.confirmed_at) : null,
  };
}

/**
 * Starts (or restarts) setting up an authenticator. Refused once one is confirmed: replacing it
 * takes turning it off first (with a code), so a stolen password alone cannot swap the authenticator.
 */
export async function startEnrolment(ctx: UserContext, config: TwoFactorConfig, email: string): Promise<TotpSetup> {
  const userId = ctx.actor.userId;
  if (await hasConfirmedTotp(ctx, userId)) throw new AppError('mfa_already_set_up', 'Two-factor sign-in is already set up for this account.');
  const secret = generateSecret();
  const encrypted = vault(config).encrypt(secret, userId);
  await ctx.db
    .insertInto('user_totp')
    .values({ user_id: userId, secret_encrypted: encrypted, confirmed_at: null, last_used_step: 0 })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ secret_encrypted: encrypted, confirmed_at: null, last_used_step: 0, created_at: new Date() }))
    .execute();
  const otpauthUrl = generateURI({ issuer: ISSUER, label: email, secret });
  const qrDataUrl = await QRCode.toDataURL(otpauthUrl, { errorCorrectionLevel: 'M', margin: 1, width: 220 });
  return { secret, otpauthUrl, qrDataUrl };
}

/**
 * Checks a code against the person's authenticator (confirmed or being set up). A code is accepted
 * once: the step it belongs to must be newer than the last accepted one, claimed atomically.
 */
export async function verifyTotpCode(ctx: UserContext, config: TwoFactorConfig, code: string): Promise<{ ok: boolean; confirmedNow: boolean }> {
  const userId = ctx.actor.userId;
  const row = await totpRow(ctx, userId);
  if (!row) return { ok: false, confirmedNow: false };
  const secret = vault(config).decrypt(row.secret_encrypted, userId);
  const lastStep = Number(row.last_used_step);
  const result = await verify({ secret, token: code.trim(), epochTolerance: EPOCH_TOLERANCE_SECONDS, ...(lastStep > 0 ? { afterTimeStep: lastStep } : {}) });
  if (!result.valid || !('timeStep' in result)) return { ok: false, confirmedNow: false };
  const claimed = await ctx.db
    .updateTable('user_totp')
    .set({ last_used_step: result.timeStep, ...(row.confirmed_at ? {} : { confirmed_at: new Date() }) })
    .where('user_id', '=', userId)
    .where(sql<boolean>`last_used_step < ${result.timeStep}`)
    .returning('user_id')
    .executeTakeFirst();
  return { ok: Boolean(claimed), confirmedNow: Boolean(claimed) && !row.confirmed_at };
}

/** Uses one recovery code: each works once. */
export async function useRecoveryCode(ctx: UserContext, code: string): Promise<boolean> {
  const used = await ctx.db
    .updateTable('mfa_recovery_codes')
    .set({ used_at: new Date() })
    .where('code_hash', '=', recoveryHash(code))
    .where('user_id', '=', ctx.actor.userId)
    .where('used_at', 'is', null)
    .returning('code_hash')
    .executeTakeFirst();
  return Boolean(used);
}

/** Replaces every recovery code with ten new ones; the plain codes are returned once and never stored. */
export async function replaceRecoveryCodes(ctx: UserContext): Promise<string[]> {
  const userId = ctx.actor.userId;
  await ctx.db.deleteFrom('mfa_recovery_codes').where('user_id', '=', userId).execute();
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  await ctx.db
    .insertInto('mfa_recovery_codes')
    .values(codes.map((code) => ({ code_hash: recoveryHash(code), user_id: userId })))
    .execute();
  return codes;
}

/** Removes a person's authenticator and recovery codes (turned off by them, or reset by an admin). */
export async function removeTwoFactor(ctx: UserContext, userId: string): Promise<boolean> {
  const removed = await ctx.db.deleteFrom('user_totp').where('user_id', '=', userId).returning('user_id').executeTakeFirst();
  await ctx.db.deleteFrom('mfa_recovery_codes').where('user_id', '=', userId).execute();
  return Boolean(removed);
}

/** The second sign-in step's token: a single-purpose one-time token, hashed at rest, five minutes. */
export async function createMfaChallenge(ctx: UserContext): Promise<string> {
  const token = newOpaqueToken();
  await ctx.db
    .insertInto('one_time_tokens')
    .values({
      user_id: ctx.actor.userId,
      purpose: 'mfa',
      token_hash: hashOpaqueToken(token),
      expires_at: new Date(Date.now() + MFA_CHALLENGE_TTL_MS),
      created_by: ctx.actor.userId,
    })
    .execute();
  return token;
}

export interface MfaChallengeRow {
  id: string;
  user_id: string;
  email: string;
  role: PlatformRole;
  status: string;
  expires_at: Date;
  used_at: Date | null;
}

export const challengeExpired = () => new AppError('unauthenticated', 'This sign-in step has expired or was already used. Please sign in again.');

/** The live challenge named by `token`, or a 401 that sends the person back to the password step. */
export async function findMfaChallenge(ctx: AnonymousContext, token: string): Promise<MfaChallengeRow> {
  const { rows } = await sql<MfaChallengeRow>`select * from app.find_mfa_challenge(${hashOpaqueToken(token)})`.execute(ctx.db);
  const found = rows[0];
  if (!found || found.used_at || new Date(found.expires_at).getTime() <= Date.now() || found.status !== 'active') throw challengeExpired();
  return found;
}

/** Claims the challenge once the second factor checked out: a second use of the same token fails. */
export async function claimMfaChallenge(ctx: UserContext, challengeId: string): Promise<void> {
  const claimed = await ctx.db
    .updateTable('one_time_tokens')
    .set({ used_at: new Date() })
    .where('id', '=', challengeId)
    .where('purpose', '=', 'mfa')
    .where('used_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!claimed) throw challengeExpired();
}
