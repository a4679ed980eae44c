import { sql } from 'kysely';
import type { LoginInput, MeResponse, MfaChallenge, MfaVerifyInput, TotpSetup } from '../../../contracts/auth.js';
import type { Language, PlatformRole, User } from '../../../contracts/users.js';
import type { Config } from '../../config.js';
import { AppError } from '../../lib/app-error.js';
import { enqueueMail } from '../../platform/jobs/index.js';
import { emailT } from '../../lib/email-i18n.js';
import { linkMail, type Mail, type Mailer } from '../../lib/mailer.js';
import { hashPassword, verifyPassword } from '../../lib/passwords.js';
import { hashOpaqueToken, newOpaqueToken, type AccessTokens } from '../../lib/tokens.js';
import { type AnonymousContext, assumeIdentity, type RunAnonymous, type UserContext } from '../../lib/transactions.js';
import { type FlagRule, flagValues } from '../flags/flags.service.js';
import { toUser, userColumns } from './user-row.js';
import { recordAudit } from '../audit/audit.service.js';
import {
  claimMfaChallenge,
  createMfaChallenge,
  findMfaChallenge,
  hasConfirmedTotp,
  isTwoFactorRequired,
  type MfaChallengeRow,
  replaceRecoveryCodes,
  startEnrolment,
  useRecoveryCode,
  verifyTotpCode,
} from './two-factor.js';

// The identity cluster's floor (ADR 0047): users, sso, profile and lti import auth only through this
// file, and auth imports none of them (sso's provider re-check is passed in as a SessionRecheck).
export { toUser, userColumns } from './user-row.js';
export { AuthLimits, type SignInSource } from './auth-limits.js';
export {
  hasConfirmedTotp,
  isTwoFactorRequired,
  removeTwoFactor,
  replaceRecoveryCodes,
  startEnrolment,
  type TwoFactorConfig,
  twoFactorStatus,
  verifyTotpCode,
} from './two-factor.js';

export interface AuthDeps {
  config: Pick<Config, 'SESSION_MAX_AGE_DAYS' | 'SESSION_IDLE_TIMEOUT_HOURS' | 'APP_URL' | 'AI_KEYS_SECRET' | 'MFA_REQUIRED_FOR'>;
  tokens: AccessTokens;
  mailer: Mailer;
}

export interface IssuedSession {
  sessionId: string;
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  user: User;
}

export const PASSWORD_RESET_TTL_MINUTES = 60;
export const INVITATION_TTL_DAYS = 7;

const invalidCredentials = () => new AppError('invalid_credentials', 'The email or password is not correct.');
const sessionEnded = (message = 'Your session has ended. Please sign in again.') => new AppError('unauthenticated', message);

export async function issueSession(ctx: UserContext, deps: Pick<AuthDeps, 'config' | 'tokens'>, userAgent: string | undefined): Promise<IssuedSession> {
  const expiresAt = new Date(Date.now() + deps.config.SESSION_MAX_AGE_DAYS * 86_400_000);
  const session = await ctx.db
    .insertInto('sessions')
    .values({ user_id: ctx.actor.userId, expires_at: expiresAt, user_agent: userAgent?.slice(0, 300) ?? null, ip: ctx.ip })
    .returning('id')
    .executeTakeFirstOrThrow();
  const refreshToken = newOpaqueToken();
  await ctx.db.insertInto('refresh_tokens').values({ token_hash: hashOpaqueToken(refreshToken), session_id: session.id }).execute();
  const user = await ctx.db
    .updateTable('users')
    .set({ last_login_at: new Date() })
    .where('id', '=', ctx.actor.userId)
    .returning(userColumns)
    .executeTakeFirstOrThrow();
  const accessToken = await deps.tokens.sign({ sub: ctx.actor.userId, sid: session.id });
  return { sessionId: session.id, accessToken, expiresIn: deps.tokens.ttlSeconds, refreshToken, user: toUser(user) };
}

interface LoginRow {
  id: string;
  role: PlatformRole;
  status: string;
  password_hash: string | null;
}

/** A password sign-in ends in a session, or — with two-factor on or required — in the second step's challenge. */
export type LoginOutcome = { kind: 'session'; session: IssuedSession } | { kind: 'mfa'; challenge: MfaChallenge };

export async function login(run: RunAnonymous, deps: AuthDeps, input: LoginInput, userAgent?: string): Promise<LoginOutcome> {
  const found = await run(async (ctx) => (await sql<LoginRow>`select * from app.find_login(${input.email})`.execute(ctx.db)).rows[0]);
  // Verified between transactions: argon2 takes tens of milliseconds and must not hold a connection.
  const ok = await verifyPassword(found?.password_hash, input.password);
  if (!found || !ok) throw invalidCredentials();
  if (found.status !== 'active') {
    throw new AppError('account_inactive', 'This account is not active. Please contact your administrator.');
  }
  return run(async (ctx) => {
    const userCtx = await assumeIdentity(ctx, found.id, found.role);
    // The account may have changed while the password was being checked.
    const current = await ctx.db.selectFrom('users').select(['password_hash', 'status', 'role']).where('id', '=', found.id).executeTakeFirst();
    if (!current || current.password_hash !== found.password_hash || current.status !== 'active' || current.role !== found.role) throw invalidCredentials();
    const enrolled = await hasConfirmedTotp(userCtx, found.id);
    if (enrolled || (await isTwoFactorRequired(userCtx, deps.config.MFA_REQUIRED_FOR, found.id, found.role))) {
      const mfaToken = await createMfaChallenge(userCtx);
      return { kind: 'mfa', challenge: { mfaRequired: true, mfaToken, enrolmentRequired: !enrolled } };
    }
    return { kind: 'session', session: await issueSession(userCtx, deps, userAgent) };
  });
}

/** The account a second-step token belongs to (the route throttles by its email before any code is checked). */
export function findMfaAccount(run: RunAnonymous, mfaToken: string): Promise<MfaChallengeRow> {
  return run((ctx) => findMfaChallenge(ctx, mfaToken));
}

/**
 * Sets up an authenticator during sign-in, for an account that must have one and does not yet.
 * Only while nothing is confirmed: the token cannot be used to replace an existing authenticator.
 */
export function enrolDuringSignIn(run: RunAnonymous, deps: AuthDeps, mfaToken: string): Promise<TotpSetup> {
  return run(async (ctx) => {
    const challenge = await findMfaChallenge(ctx, mfaToken);
    const userCtx = await assumeIdentity(ctx, challenge.user_id, challenge.role);
    return startEnrolment(userCtx, deps.config, challenge.email);
  });
}

export interface MfaSignIn {
  session: IssuedSession;
  /** Present when this sign-in also confirmed a new authenticator: shown once. */
  recoveryCodes?: string[];
}

const wrongCode = () => new AppError('invalid_code', 'That code is not correct, or it was already used. Try the next code from your app.');

/**
 * The second step: a code from the authenticator (which also confirms one being set up) or a
 * recovery code. Success claims the challenge and issues the same session as any sign-in.
 */
export async function completeMfa(run: RunAnonymous, deps: AuthDeps, input: MfaVerifyInput, userAgent?: string): Promise<MfaSignIn> {
  return run(async (ctx) => {
    const challenge = await findMfaChallenge(ctx, input.mfaToken);
    const userCtx = await assumeIdentity(ctx, challenge.user_id, challenge.role);
    let recoveryCodes: string[] | undefined;
    if (input.code !== undefined) {
      const { ok, confirmedNow } = await verifyTotpCode(userCtx, deps.config, input.code);
      if (!ok) throw wrongCode();
      if (confirmedNow) {
        recoveryCodes = await replaceRecoveryCodes(userCtx);
        await recordAudit(userCtx, { action: 'mfa.enrol', entityType: 'user', entityId: challenge.user_id });
      }
    } else if (input.recoveryCode !== undefined) {
      if (!(await hasConfirmedTotp(userCtx, challenge.user_id)) || !(await useRecoveryCode(userCtx, input.recoveryCode))) throw wrongCode();
      await recordAudit(userCtx, { action: 'mfa.recovery_code_used', entityType: 'user', entityId: challenge.user_id });
    }
    await claimMfaChallenge(userCtx, challenge.id);
    const session = await issueSession(userCtx, deps, userAgent);
    return recoveryCodes ? { session, recoveryCodes } : { session };
  });
}

interface RefreshRow {
  session_id: string;
  user_id: string;
  used_at: Date | null;
  revoked_at: Date | null;
  expires_at: Date;
  last_used_at: Date;
  role: PlatformRole;
  status: string;
}

/** A session that came from a community's identity provider, with what is needed to re-check the person there. */
export interface IdpLink {
  communityId: string;
  refreshTokenEncrypted: string | null;
  checkedAt: Date;
}

/**
 * Re-checks a session that came from an identity provider, on refresh. The sso module implements it
 * (`sessionRecheck`) and app.ts passes it to the auth routes, so auth does not import sso.
 */
export type SessionRecheck = (run: RunAnonymous, session: IssuedSession, link: IdpLink) => Promise<'fresh' | 'confirmed' | 'revoked' | 'unreachable'>;

export type RefreshOutcome = { ok: true; session: IssuedSession; idpLink: IdpLink | null } | { ok: false; error: AppError };

/**
 * Rotates a refresh token. Presenting one that was already used means it was copied: the whole
 * session is revoked (its access tokens stop working at once), and the caller must commit that
 * before answering 401 — hence an outcome rather than a throw.
 */
export async function refresh(ctx: AnonymousContext, deps: AuthDeps, refreshToken: string): Promise<RefreshOutcome> {
  const hash = hashOpaqueToken(refreshToken);
  const { rows } = await sql<RefreshRow>`select * from app.find_refresh_token(${hash})`.execute(ctx.db);
  const found = rows[0];
  if (!found) return { ok: false, error: sessionEnded() };
  const userCtx = await assumeIdentity(ctx, found.user_id, found.role, found.session_id);
  if (found.revoked_at) return { ok: false, error: sessionEnded() };

  const idleLimit = Date.now() - deps.config.SESSION_IDLE_TIMEOUT_HOURS * 3_600_000;
  const expired = new Date(found.expires_at).getTime() <= Date.now() || new Date(found.last_used_at).getTime() < idleLimit;
  const claimed = found.used_at
    ? undefined
    : await ctx.db
        .updateTable('refresh_tokens')
        .set({ used_at: new Date() })
        .where('token_hash', '=', hash)
        .where('used_at', 'is', null)
        .returning('token_hash')
        .executeTakeFirst();
  if (!claimed) {
    await revokeSessions(userCtx, { sessionId: found.session_id }, 'refresh_token_reuse');
    return { ok: false, error: sessionEnded('This session was signed out for your safety. Please sign in again.') };
  }
  if (expired || found.status !== 'active') {
    await revokeSessions(userCtx, { sessionId: found.session_id }, expired ? 'expired' : 'user_inactive');
    return { ok: false, error: sessionEnded() };
  }

  const next = newOpaqueToken();
  await ctx.db.insertInto('refresh_tokens').values({ token_hash: hashOpaqueToken(next), session_id: found.session_id }).execute();
  await ctx.db.updateTable('sessions').set({ last_used_at: new Date() }).where('id', '=', found.session_id).execute();
  const user = await ctx.db.selectFrom('users').select(userColumns).where('id', '=', found.user_id).executeTakeFirstOrThrow();
  const link = await ctx.db
    .selectFrom('session_idp_links')
    .select(['community_id', 'refresh_token_encrypted', 'checked_at'])
    .where('session_id', '=', found.session_id)
    .executeTakeFirst();
  const accessToken = await deps.tokens.sign({ sub: found.user_id, sid: found.session_id });
  return {
    ok: true,
    session: { sessionId: found.session_id, accessToken, expiresIn: deps.tokens.ttlSeconds, refreshToken: next, user: toUser(user) },
    idpLink: link ? { communityId: link.community_id, refreshTokenEncrypted: link.refresh_token_encrypted, checkedAt: new Date(link.checked_at) } : null,
  };
}

/** Revokes one session, or every live session of a user. */
export async function revokeSessions(
  ctx: UserContext,
  which: { sessionId: string } | { userId: string },
  reason: string,
): Promise<number> {
  let query = ctx.db.updateTable('sessions').set({ revoked_at: new Date(), revoked_reason: reason }).where('revoked_at', 'is', null);
  query = 'sessionId' in which ? query.where('id', '=', which.sessionId) : query.where('user_id', '=', which.userId);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Ends the session named by the refresh cookie, if any; logging out twice is not an error. */
export async function logoutByRefreshToken(ctx: AnonymousContext, refreshToken: string): Promise<void> {
  const { rows } = await sql<RefreshRow>`select * from app.find_refresh_token(${hashOpaqueToken(refreshToken)})`.execute(ctx.db);
  const found = rows[0];
  if (!found) return;
  const userCtx = await assumeIdentity(ctx, found.user_id, found.role, found.session_id);
  await revokeSessions(userCtx, { sessionId: found.session_id }, 'logout');
}

interface MeRow {
  id: string;
  email: string;
  display_name: string;
  role: PlatformRole;
  status: User['status'];
  created_at: Date;
  last_login_at: Date | null;
  language: User['language'];
  communities: MeResponse['communities'];
  flags: FlagRule[];
}

/**
 * The signed-in user, their communities and their flags in one statement (it was four round trips:
 * the user, the communities, the flags, the memberships again). Row-level security applies to every
 * part of it as it did to each query.
 */
export async function me(ctx: UserContext): Promise<MeResponse> {
  const { rows } = await sql<MeRow>`
    select u.id, u.email, u.display_name, u.role, u.status, u.created_at, u.last_login_at, u.language,
           coalesce((select json_agg(json_build_object('id', c.id, 'name', c.name, 'role', m.role) order by c.name, c.id)
                       from community_members m join communities c on c.id = m.community_id
                      where m.user_id = u.id), '[]') as communities,
           coalesce((select json_agg(json_build_object('key', f.key, 'enabled', f.enabled,
                                                       'rollout_percentage', f.rollout_percentage, 'community_ids', f.community_ids))
                       from feature_flags f), '[]') as flags
      from users u
     where u.id = ${ctx.actor.userId}`.execute(ctx.db);
  const row = rows[0];
  if (!row) throw new AppError('unauthenticated', 'Your session has ended. Please sign in again.');
  const { communities, flags, ...user } = row;
  return { user: toUser(user), communities, flags: flagValues(flags, ctx.actor.userId, new Set(communities.map((c) => c.id))) };
}

/** Creates a one-time token for `userId` and returns the raw secret for the emailed link. */
export async function createOneTimeToken(
  ctx: UserContext,
  userId: string,
  purpose: 'invitation' | 'password_reset',
  ttlMs: number,
): Promise<string> {
  const token = newOpaqueToken();
  if (purpose === 'password_reset') await invalidateResetTokens(ctx, userId);
  await ctx.db
    .insertInto('one_time_tokens')
    .values({ user_id: userId, purpose, token_hash: hashOpaqueToken(token), expires_at: new Date(Date.now() + ttlMs), created_by: ctx.actor.userId })
    .execute();
  return token;
}

/** Who invites, to which communities, and which programs already wait (issue 25): an invitation that names nobody reads like spam. */
export interface InvitationContext {
  inviter: string;
  communities: string[];
  programs: string[];
}

const quote = (language: Language, title: string) => (language === 'es' ? `«${title}»` : `“${title}”`);

/** A list as a sentence: "A, B and C" / "A, B y C". */
const listOf = (language: Language, items: string[]) => new Intl.ListFormat(language, { style: 'long', type: 'conjunction' }).format(items);

/** The invitation, in `language` (the invitee has not chosen one yet: the inviter's is the best guess). */
export function invitationMail(deps: { config: Pick<Config, 'APP_URL'> }, email: string, token: string, language: Language, context?: InvitationContext) {
  const t = emailT(language);
  const [firstCommunity] = context?.communities ?? [];
  const subject = context && firstCommunity ? t('invitation.subjectFrom', { inviter: context.inviter, community: firstCommunity }) : t('invitation.subject');
  const intro = context
    ? [
        context.communities.length > 0 ? t('invitation.introByTo', { inviter: context.inviter, communities: listOf(language, context.communities) }) : t('invitation.introBy', { inviter: context.inviter }),
        context.programs.length > 0 ? t('invitation.programs', { count: context.programs.length, programs: listOf(language, context.programs.map((p) => quote(language, p))) }) : '',
        t('invitation.activate', { days: INVITATION_TTL_DAYS }),
      ]
        .filter(Boolean)
        .join(' ')
    : t('invitation.intro', { days: INVITATION_TTL_DAYS });
  return linkMail(email, subject, intro, t('invitation.action'), new URL(`/invite/${token}`, deps.config.APP_URL).toString(), t('footer'));
}

/**
 * What an invitation to `userIds` names, read after their memberships were written (so the
 * enrolment triggers have run): the inviting person, each person's communities and the published
 * programs they are enrolled in.
 */
export async function invitationContexts(ctx: UserContext, userIds: string[]): Promise<Map<string, InvitationContext>> {
  const contexts = new Map<string, InvitationContext>();
  if (userIds.length === 0) return contexts;
  const inviter = await ctx.db.selectFrom('users').select('display_name').where('id', '=', ctx.actor.userId).executeTakeFirst();
  const communities = await ctx.db
    .selectFrom('community_members as m')
    .innerJoin('communities as c', 'c.id', 'm.community_id')
    .select(['m.user_id', 'c.name'])
    .where('m.user_id', 'in', userIds)
    .orderBy('c.name')
    .execute();
  const programs = await ctx.db
    .selectFrom('program_enrolments as e')
    .innerJoin('programs as p', 'p.id', 'e.program_id')
    .select(['e.user_id', 'p.title'])
    .where('e.user_id', 'in', userIds)
    .where('p.status', '=', 'published')
    .where('e.completed_at', 'is', null)
    .orderBy('p.title')
    .execute();
  for (const id of userIds) {
    contexts.set(id, {
      inviter: inviter?.display_name ?? '',
      communities: communities.filter((c) => c.user_id === id).map((c) => c.name),
      programs: [...new Set(programs.filter((p) => p.user_id === id).map((p) => p.title))],
    });
  }
  return contexts;
}

/** The signed-in person's saved language (null: not chosen). */
export async function savedLanguage(ctx: UserContext): Promise<Language | null> {
  const row = await ctx.db.selectFrom('users').select('language').where('id', '=', ctx.actor.userId).executeTakeFirst();
  return row?.language ?? null;
}

/**
 * Creates a reset link when the account exists and may sign in, and returns its mail (null when
 * there is nothing to send). Run after the answer has gone, so timing does not tell either.
 */
export async function prepareResetMail(run: RunAnonymous, deps: Pick<AuthDeps, 'config'>, email: string, fallbackLanguage: Language): Promise<Mail | null> {
  return run(async (ctx) => {
    const mail = await resetMailIn(ctx, deps, email, fallbackLanguage);
    // Queued with the token it carries: sent by the job runner once this commits (ADR 0047).
    if (mail) await enqueueMail(ctx, mail);
    return mail;
  });
}

async function resetMailIn(ctx: AnonymousContext, deps: Pick<AuthDeps, 'config'>, email: string, fallbackLanguage: Language): Promise<Mail | null> {
  {
    const { rows } = await sql<LoginRow>`select * from app.find_login(${email})`.execute(ctx.db);
    const found = rows[0];
    if (!found || found.status !== 'active') return null;
    const userCtx = await assumeIdentity(ctx, found.id, found.role);
    const token = await createOneTimeToken(userCtx, found.id, 'password_reset', PASSWORD_RESET_TTL_MINUTES * 60_000);
    // The account's saved language; without one, the language of the browser that asked.
    const t = emailT((await savedLanguage(userCtx)) ?? fallbackLanguage);
    return linkMail(
      email,
      t('reset.subject'),
      t('reset.intro', { minutes: PASSWORD_RESET_TTL_MINUTES }),
      t('reset.action'),
      new URL(`/reset-password?token=${encodeURIComponent(token)}`, deps.config.APP_URL).toString(),
      t('footer'),
    );
  }
}

/** Reset links are single-generation: a newer link or any password change voids every older one. */
async function invalidateResetTokens(ctx: UserContext, userId: string): Promise<void> {
  await ctx.db
    .updateTable('one_time_tokens')
    .set({ used_at: new Date() })
    .where('user_id', '=', userId)
    .where('purpose', '=', 'password_reset')
    .where('used_at', 'is', null)
    .execute();
}

interface OneTimeRow {
  id: string;
  user_id: string;
  purpose: 'invitation' | 'password_reset';
  expires_at: Date;
  used_at: Date | null;
  role: PlatformRole;
  status: string;
}

async function consumeOneTimeToken(ctx: AnonymousContext, token: string, purpose: OneTimeRow['purpose']): Promise<UserContext> {
  const { rows } = await sql<OneTimeRow>`select * from app.find_one_time_token(${hashOpaqueToken(token)})`.execute(ctx.db);
  const found = rows[0];
  const invalid = new AppError(
    'invalid_token',
    purpose === 'invitation' ? 'This invitation link is not valid or has expired. Ask for a new one.' : 'This reset link is not valid or has expired. Ask for a new one.',
  );
  const usable = found && found.purpose === purpose && !found.used_at && new Date(found.expires_at).getTime() > Date.now();
  if (!usable || found.status === 'suspended') throw invalid;
  const userCtx = await assumeIdentity(ctx, found.user_id, found.role);
  const claimed = await ctx.db
    .updateTable('one_time_tokens')
    .set({ used_at: new Date() })
    .where('id', '=', found.id)
    .where('used_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (!claimed) throw invalid;
  return userCtx;
}

/** Sets a new password from an emailed link; every existing session of the account ends. */
export async function resetPassword(run: RunAnonymous, token: string, password: string): Promise<void> {
  const passwordHash = await hashPassword(password);
  await run(async (ctx) => {
    const userCtx = await consumeOneTimeToken(ctx, token, 'password_reset');
    await setPasswordHash(userCtx, userCtx.actor.userId, passwordHash);
  });
}

/**
 * Stores an already-computed hash (hash outside the transaction), voids reset links and ends the
 * user's sessions — all but `keepSessionId`, when the person changes their own password while signed in.
 */
export async function setPasswordHash(ctx: UserContext, userId: string, passwordHash: string, keepSessionId?: string): Promise<void> {
  await ctx.db.updateTable('users').set({ password_hash: passwordHash, password_changed_at: new Date() }).where('id', '=', userId).execute();
  await invalidateResetTokens(ctx, userId);
  if (keepSessionId) {
    await ctx.db
      .updateTable('sessions')
      .set({ revoked_at: new Date(), revoked_reason: 'password_changed' })
      .where('user_id', '=', userId)
      .where('id', '<>', keepSessionId)
      .where('revoked_at', 'is', null)
      .execute();
    return;
  }
  await revokeSessions(ctx, { userId }, 'password_changed');
}

export async function acceptInvitation(
  run: RunAnonymous,
  deps: AuthDeps,
  input: { token: string; password: string; displayName?: string | undefined },
  userAgent?: string,
): Promise<IssuedSession> {
  const passwordHash = await hashPassword(input.password);
  return run(async (ctx) => {
    const userCtx = await consumeOneTimeToken(ctx, input.token, 'invitation');
    await ctx.db
      .updateTable('users')
      .set({ status: 'active', password_hash: passwordHash, password_changed_at: new Date(), ...(input.displayName ? { display_name: input.displayName } : {}) })
      .where('id', '=', userCtx.actor.userId)
      .execute();
    return issueSession(userCtx, deps, userAgent);
  });
}
