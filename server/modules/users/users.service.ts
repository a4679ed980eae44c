import type { Page } from '../../../contracts/pagination.js';
import type { CreateUserInput, ListUsersQuery, UpdateUserInput, User, UserDetail, UserListItem } from '../../../contracts/users.js';
import { requireAdmin, requireAdminOrManager, isUniqueViolation, isForeignKeyViolation } from '../../lib/access.js';
import { enqueueMail } from '../../platform/jobs/index.js';
import { AppError, notFound } from '../../lib/app-error.js';
import { sql } from 'kysely';
import { beforeCursor, cursorTime, decodeCursor, decodeTextCursor, pageOf, textKey, timeKey } from '../../lib/cursor.js';
import type { Mailer } from '../../lib/mailer.js';
import { hashPassword } from '../../lib/passwords.js';
import { type AnonymousContext, assumeIdentity, type RunAsUser, type UserContext } from '../../lib/transactions.js';
import { recordAudit } from '../audit/audit.service.js';
import { type AuthDeps, createOneTimeToken, INVITATION_TTL_DAYS, invitationContexts, invitationMail, revokeSessions, savedLanguage, setPasswordHash, toUser, userColumns } from '../auth/auth.service.js';
import { containing } from '../../lib/like-pattern.js';

export interface UserDeps {
  config: Pick<AuthDeps['config'], 'SESSION_MAX_AGE_DAYS' | 'SESSION_IDLE_TIMEOUT_HOURS' | 'APP_URL'>;
  mailer: Mailer;
}

const userNotFound = () => notFound('That user');

export async function listUsers(ctx: UserContext, query: ListUsersQuery): Promise<Page<UserListItem>> {
  await requireAdminOrManager(ctx);
  const sortKey = sql<string>`lower(display_name)`;
  let q = ctx.db.selectFrom('users').select(userColumns).select(cursorTime('created_at').as('cursor_at')).select(sortKey.as('name_key'));
  if (query.q) {
    const pattern = containing(query.q);
    q = q.where((eb) => eb.or([eb('email', 'ilike', pattern), eb('display_name', 'ilike', pattern)]));
  }
  if (query.role) q = q.where('role', '=', query.role);
  if (query.status) q = q.where('status', '=', query.status);
  if (query.communityId || query.communityRole) {
    const { communityId, communityRole } = query;
    q = q.where('id', 'in', (eb) => {
      let members = eb.selectFrom('community_members').select('user_id');
      if (communityId) members = members.where('community_id', '=', communityId);
      if (communityRole) members = members.where('role', '=', communityRole);
      return members;
    });
  }
  let page;
  if (query.sort === 'name') {
    const cursor = decodeTextCursor(query.cursor);
    if (cursor) q = q.where(sql<boolean>`(${sortKey}, id) > (${cursor.key}, ${cursor.id}::uuid)`);
    const fetched = await q.orderBy(sortKey).orderBy('id').limit(query.limit + 1).execute();
    page = pageOf(fetched, query.limit, (last) => textKey(last.name_key, last.id));
  } else {
    const cursor = decodeCursor(query.cursor);
    if (cursor) q = q.where(beforeCursor('created_at', 'id', cursor));
    const fetched = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(query.limit + 1).execute();
    page = pageOf(fetched, query.limit, (last) => timeKey(last.cursor_at, last.id));
  }
  const memberships = await membershipsOf(ctx, page.items.map((r) => r.id));
  return { items: page.items.map((row) => ({ ...toUser(row), communities: memberships.get(row.id) ?? [] })), nextCursor: page.nextCursor };
}

/** The communities of several people in one query; row-level security shows only what the reader may see. */
async function membershipsOf(ctx: UserContext, userIds: string[]): Promise<Map<string, UserDetail['communities']>> {
  const byUser = new Map<string, UserDetail['communities']>();
  if (userIds.length === 0) return byUser;
  const rows = await ctx.db
    .selectFrom('community_members as m')
    .innerJoin('communities as c', 'c.id', 'm.community_id')
    .select(['m.user_id', 'm.community_id as communityId', 'c.name as communityName', 'm.role'])
    .where('m.user_id', 'in', userIds)
    .orderBy('c.name')
    .execute();
  for (const { user_id, ...membership } of rows) byUser.set(user_id, [...(byUser.get(user_id) ?? []), membership]);
  return byUser;
}

export async function getUser(ctx: UserContext, id: string): Promise<UserDetail> {
  const row = await ctx.db.selectFrom('users').select(userColumns).where('id', '=', id).executeTakeFirst();
  if (!row) throw userNotFound();
  const communities = (await membershipsOf(ctx, [id])).get(id) ?? [];
  return { ...toUser(row), communities };
}

/** Hashes the password (if any) before opening the transaction that creates the user. */
export async function createUser(run: RunAsUser, deps: UserDeps, input: CreateUserInput & { role: User['role'] }): Promise<UserDetail> {
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return run((ctx) => insertUser(ctx, deps, input, passwordHash));
}

async function insertUser(ctx: UserContext, deps: UserDeps, input: CreateUserInput & { role: User['role'] }, passwordHash: string | null): Promise<UserDetail> {
  requireAdmin(ctx);
  const invited = !passwordHash;
  let created;
  try {
    created = await ctx.db
      .insertInto('users')
      .values({
        email: input.email,
        display_name: input.displayName,
        role: input.role,
        status: invited ? 'invited' : 'active',
        password_hash: passwordHash,
        password_changed_at: passwordHash ? new Date() : null,
        created_by: ctx.actor.userId,
      })
      .returning(userColumns)
      .executeTakeFirstOrThrow();
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('email_taken', 'A user with that email already exists.');
    throw error;
  }
  for (const communityId of new Set(input.communityIds ?? [])) {
    await addMembership(ctx, communityId, created.id, 'member');
  }
  if (invited) {
    const token = await createOneTimeToken(ctx, created.id, 'invitation', INVITATION_TTL_DAYS * 86_400_000);
    const context = (await invitationContexts(ctx, [created.id])).get(created.id);
    const mail = invitationMail(deps, created.email, token, (await savedLanguage(ctx)) ?? 'en', context);
    await enqueueMail(ctx, mail);
  }
  await recordAudit(ctx, { action: invited ? 'user.invite' : 'user.create', entityType: 'user', entityId: created.id, after: toUser(created) });
  return getUser(ctx, created.id);
}

export interface ProvisionedMember {
  id: string;
  role: User['role'];
  /** 'unlinked': an existing account single sign-on may not take over (issue 26); refused by the caller. */
  status: User['status'] | 'unlinked';
  created: boolean;
}

/**
 * Just-in-time membership for someone a community's identity provider vouched for (ADR 0021): the
 * same users row as everyone else, found by email or created as an active member without a
 * password, and added to that community. Nobody is signed in yet, so the write goes through one
 * narrow SECURITY DEFINER function that re-checks the email's domain belongs to the community and
 * leaves admins and suspended people untouched (the caller refuses them).
 */
export async function provisionSsoMember(
  ctx: AnonymousContext,
  input: { communityId: string; email: string; displayName: string | null },
): Promise<ProvisionedMember> {
  const { rows } = await sql<ProvisionedMember>`
    select * from app.sso_provision_member(${input.communityId}, ${input.email}, ${input.displayName ?? ''})`.execute(ctx.db);
  const person = rows[0];
  if (!person) throw new AppError('account_not_prepared', 'The account could not be prepared.');
  if (person.created) {
    const userCtx = await assumeIdentity(ctx, person.id, person.role);
    const created = await ctx.db.selectFrom('users').select(userColumns).where('id', '=', person.id).executeTakeFirstOrThrow();
    await recordAudit(userCtx, { action: 'user.create', entityType: 'user', entityId: person.id, after: { ...toUser(created), source: 'sso', communityId: input.communityId } });
  }
  return person;
}

export async function addMembership(ctx: UserContext, communityId: string, userId: string, role: 'manager' | 'member'): Promise<void> {
  try {
    await ctx.db
      .insertInto('community_members')
      .values({ community_id: communityId, user_id: userId, role })
      .onConflict((oc) => oc.columns(['community_id', 'user_id']).doUpdateSet({ role }))
      .execute();
  } catch (error) {
    if (isForeignKeyViolation(error)) throw notFound('That community');
    throw error;
  }
}

export async function updateUser(run: RunAsUser, id: string, patch: UpdateUserInput): Promise<UserDetail> {
  const passwordHash = patch.password ? await hashPassword(patch.password) : null;
  return run((ctx) => applyUserUpdate(ctx, id, patch, passwordHash));
}

async function applyUserUpdate(ctx: UserContext, id: string, patch: UpdateUserInput, passwordHash: string | null): Promise<UserDetail> {
  requireAdmin(ctx);
  const before = await ctx.db.selectFrom('users').select(userColumns).where('id', '=', id).executeTakeFirst();
  if (!before) throw userNotFound();
  if (id === ctx.actor.userId && (patch.status === 'suspended' || patch.role === 'member')) {
    throw new AppError('cannot_change_own_account', 'You cannot suspend or demote your own account.');
  }
  if (patch.status && before.status === 'invited') {
    throw new AppError('invitation_not_accepted', 'This user has not accepted their invitation yet.');
  }
  const changes = {
    ...(patch.displayName === undefined ? {} : { display_name: patch.displayName }),
    ...(patch.role === undefined ? {} : { role: patch.role }),
    ...(patch.status === undefined ? {} : { status: patch.status }),
  };
  if (Object.keys(changes).length > 0) {
    await ctx.db.updateTable('users').set(changes).where('id', '=', id).execute();
  }
  if (passwordHash) await setPasswordHash(ctx, id, passwordHash);
  if (patch.status === 'suspended' || (patch.role && patch.role !== before.role)) {
    // A suspended user is refused at once; a changed role takes effect on the next sign-in too.
    await revokeSessions(ctx, { userId: id }, patch.status === 'suspended' ? 'suspended' : 'role_changed');
  }
  const after = await getUser(ctx, id);
  await recordAudit(ctx, {
    action: patch.status === 'suspended' ? 'user.suspend' : patch.status === 'active' ? 'user.reactivate' : 'user.update',
    entityType: 'user',
    entityId: id,
    before: toUser(before),
    after: { ...toUser({ ...before, ...changes }), passwordChanged: Boolean(patch.password) },
  });
  return after;
}

export async function deleteUser(ctx: UserContext, id: string): Promise<void> {
  requireAdmin(ctx);
  if (id === ctx.actor.userId) throw new AppError('cannot_delete_own_account', 'You cannot delete your own account.');
  const deleted = await ctx.db.deleteFrom('users').where('id', '=', id).returning(userColumns).executeTakeFirst();
  if (!deleted) throw userNotFound();
  await recordAudit(ctx, { action: 'user.delete', entityType: 'user', entityId: id, before: toUser(deleted) });
}
