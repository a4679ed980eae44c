import { sql } from 'kysely';
import type { Community, CommunityInput, CommunityMember, CommunityPatch } from '../../../contracts/communities.js';
import type { Page, PageQuery } from '../../../contracts/pagination.js';
import type { CommunityRole } from '../../../contracts/users.js';
import { isUniqueViolation, requireAdmin } from '../../lib/access.js';
import { AppError, notFound } from '../../lib/app-error.js';
import { beforeCursor, cursorTime, decodeCursor, pageOf, timeKey } from '../../lib/cursor.js';
import { isAdmin, type UserContext } from '../../lib/transactions.js';
import { recordAudit } from '../audit/audit.service.js';
import { addMembership } from '../users/users.service.js';
import { queueEnrolmentNotices } from '../programs/programs.service.js';
import { iso } from '../../lib/dates.js';
import { containing } from '../../lib/like-pattern.js';

const communityNotFound = () => notFound('That community');
const worksCouncilNoList = () =>
  new AppError('works_council_mode', 'This community is in works-council mode: managers see totals for groups of five or more, not a list of people.');
const duplicateName = () => new AppError('community_name_taken', 'A community with that name already exists.');

function communityQuery(ctx: UserContext) {
  return ctx.db
    .selectFrom('communities as c')
    .select(['c.id', 'c.name', 'c.description', 'c.created_at', 'c.retention_conversations_days', 'c.retention_attempts_days', 'c.retention_files_days', 'c.privacy_mode'])
    .select((eb) =>
      eb.selectFrom('community_members as m').whereRef('m.community_id', '=', 'c.id').select(sql<number>`count(*)::int`.as('n')).as('member_count'),
    );
}

type CommunityRow = {
  id: string;
  name: string;
  description: string;
  created_at: Date;
  member_count: number | null;
  retention_conversations_days: number | null;
  retention_attempts_days: number | null;
  retention_files_days: number | null;
  privacy_mode: 'standard' | 'works-council';
};

const toCommunity = (row: CommunityRow): Community => ({
  id: row.id,
  name: row.name,
  description: row.description,
  memberCount: row.member_count ?? 0,
  createdAt: iso(row.created_at),
  retention: { conversationsDays: row.retention_conversations_days, attemptsDays: row.retention_attempts_days, filesDays: row.retention_files_days },
  privacyMode: row.privacy_mode,
});

export async function listCommunities(ctx: UserContext, query: PageQuery & { q?: string | undefined }): Promise<Page<Community>> {
  const cursor = decodeCursor(query.cursor);
  let q = communityQuery(ctx).select(cursorTime('c.created_at').as('cursor_at'));
  if (query.q) q = q.where('c.name', 'ilike', containing(query.q));
  if (cursor) {
    q = q.where(beforeCursor('c.created_at', 'c.id', cursor));
  }
  const rows = await q.orderBy('c.created_at', 'desc').orderBy('c.id', 'desc').limit(query.limit + 1).execute();
  const page = pageOf(rows, query.limit, (last) => timeKey(last.cursor_at, last.id));
  return { items: page.items.map(toCommunity), nextCursor: page.nextCursor };
}

export async function getCommunity(ctx: UserContext, id: string): Promise<Community> {
  const row = await communityQuery(ctx).where('c.id', '=', id).executeTakeFirst();
  if (!row) throw communityNotFound();
  return toCommunity(row);
}

export async function createCommunity(ctx: UserContext, input: Required<CommunityInput>): Promise<Community> {
  requireAdmin(ctx);
  try {
    const row = await ctx.db
      .insertInto('communities')
      .values({ name: input.name, description: input.description, created_by: ctx.actor.userId })
      .returning('id')
      .executeTakeFirstOrThrow();
    const community = await getCommunity(ctx, row.id);
    await recordAudit(ctx, { action: 'community.create', entityType: 'community', entityId: row.id, after: community });
    return community;
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName();
    throw error;
  }
}

/** The PATCH body as columns: retention keys that are absent stay as they are. */
function columnsOf(patch: CommunityPatch) {
  const { retention, privacyMode, ...fields } = patch;
  return {
    ...fields,
    ...(retention?.conversationsDays !== undefined ? { retention_conversations_days: retention.conversationsDays } : {}),
    ...(retention?.attemptsDays !== undefined ? { retention_attempts_days: retention.attemptsDays } : {}),
    ...(retention?.filesDays !== undefined ? { retention_files_days: retention.filesDays } : {}),
    ...(privacyMode ? { privacy_mode: privacyMode } : {}),
  };
}

export async function updateCommunity(ctx: UserContext, id: string, patch: CommunityPatch): Promise<Community> {
  requireAdmin(ctx);
  const before = await getCommunity(ctx, id);
  const columns = columnsOf(patch);
  try {
    if (Object.keys(columns).length > 0) await ctx.db.updateTable('communities').set(columns).where('id', '=', id).execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName();
    throw error;
  }
  const after = await getCommunity(ctx, id);
  await recordAudit(ctx, { action: 'community.update', entityType: 'community', entityId: id, before, after });
  return after;
}

export async function deleteCommunity(ctx: UserContext, id: string): Promise<void> {
  requireAdmin(ctx);
  const before = await getCommunity(ctx, id);
  await ctx.db.deleteFrom('communities').where('id', '=', id).execute();
  await recordAudit(ctx, { action: 'community.delete', entityType: 'community', entityId: id, before });
}

const memberColumns = ['m.user_id', 'u.email', 'u.display_name', 'm.role', 'u.status', 'm.created_at'] as const;

type MemberRow = { user_id: string; email: string; display_name: string; role: CommunityRole; status: string; created_at: Date };

const toMember = (row: MemberRow): CommunityMember => ({
  userId: row.user_id,
  email: row.email,
  displayName: row.display_name,
  role: row.role,
  status: row.status,
  joinedAt: iso(row.created_at),
});

/** Admins and the community's managers see its members; anyone else gets 404, as for an unseen id. */
async function requireMemberListAccess(ctx: UserContext, communityId: string): Promise<void> {
  const community = await getCommunity(ctx, communityId);
  if (isAdmin(ctx)) return;
  // Row-level security already hides the other members (migration 0030); saying so beats an
  // empty list a manager would read as "nobody joined".
  if (community.privacyMode === 'works-council') throw worksCouncilNoList();
  const manages = await ctx.db
    .selectFrom('community_members')
    .select('role')
    .where('community_id', '=', communityId)
    .where('user_id', '=', ctx.actor.userId)
    .where('role', '=', 'manager')
    .executeTakeFirst();
  if (!manages) throw communityNotFound();
}

export async function listMembers(ctx: UserContext, communityId: string, query: PageQuery): Promise<Page<CommunityMember>> {
  await requireMemberListAccess(ctx, communityId);
  const cursor = decodeCursor(query.cursor);
  let q = ctx.db
    .selectFrom('community_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(memberColumns)
    .select(cursorTime('m.created_at').as('cursor_at'))
    .where('m.community_id', '=', communityId);
  if (cursor) {
    q = q.where(beforeCursor('m.created_at', 'm.user_id', cursor));
  }
  const rows = await q.orderBy('m.created_at', 'desc').orderBy('m.user_id', 'desc').limit(query.limit + 1).execute();
  const page = pageOf(rows, query.limit, (last) => timeKey(last.cursor_at, last.user_id));
  return { items: page.items.map(toMember), nextCursor: page.nextCursor };
}

export async function setMembership(ctx: UserContext, communityId: string, userId: string, role: CommunityRole): Promise<CommunityMember> {
  requireAdmin(ctx);
  await getCommunity(ctx, communityId);
  const user = await ctx.db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
  if (!user) throw notFound('That user');
  const before = await ctx.db.selectFrom('community_members').select('role').where('community_id', '=', communityId).where('user_id', '=', userId).executeTakeFirst();
  await addMembership(ctx, communityId, userId, role);
  // Joining as a member enrols in the community's published programs (a trigger): the person is told once it commits.
  if (role === 'member') await queueEnrolmentNotices(ctx);
  const member = await ctx.db
    .selectFrom('community_members as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(memberColumns)
    .where('m.community_id', '=', communityId)
    .where('m.user_id', '=', userId)
    .executeTakeFirstOrThrow();
  await recordAudit(ctx, {
    action: before ? 'membership.update' : 'membership.add',
    entityType: 'community_member',
    entityId: `${communityId}:${userId}`,
    before: before ?? undefined,
    after: { communityId, userId, role },
  });
  return toMember(member);
}

export async function removeMembership(ctx: UserContext, communityId: string, userId: string): Promise<void> {
  requireAdmin(ctx);
  const removed = await ctx.db
    .deleteFrom('community_members')
    .where('community_id', '=', communityId)
    .where('user_id', '=', userId)
    .returning(['role'])
    .executeTakeFirst();
  if (!removed) throw notFound('That membership');
  await recordAudit(ctx, { action: 'membership.remove', entityType: 'community_member', entityId: `${communityId}:${userId}`, before: { communityId, userId, role: removed.role } });
}
