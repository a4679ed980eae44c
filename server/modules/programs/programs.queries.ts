import { sql } from 'kysely';
import type { ContentKind } from '../../../contracts/content.js';
import type { ProgramStatus } from '../../../contracts/programs.js';
import { beforeCursor, type Cursor, cursorTime } from '../../lib/cursor.js';
import { containing } from '../../lib/like-pattern.js';
import type { AnonymousContext, UserContext } from '../../lib/transactions.js';

/** Every query runs under the caller's row-level security: what it cannot see is simply not there. */

export interface ProgramRow {
  id: string;
  title: string;
  description: string;
  status: ProgramStatus;
  sequential: boolean;
  due_days: number | null;
  certificate_enabled: boolean;
  certificate_valid_days: number | null;
  /** numeric, read as text */
  hours: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  published_at: Date | null;
  cursor_at: string;
}

function programQuery(ctx: UserContext) {
  return ctx.db
    .selectFrom('programs as p')
    .select([
      'p.id',
      'p.title',
      'p.description',
      'p.status',
      'p.sequential',
      'p.due_days',
      'p.certificate_enabled',
      'p.certificate_valid_days',
      'p.hours',
      'p.version',
      'p.created_at',
      'p.updated_at',
      'p.published_at',
    ])
    .select(cursorTime('p.updated_at').as('cursor_at'));
}

export async function findProgram(ctx: UserContext, id: string): Promise<ProgramRow | undefined> {
  return programQuery(ctx).where('p.id', '=', id).executeTakeFirst();
}

export interface ProgramFilter {
  q?: string | undefined;
  status?: ProgramStatus | undefined;
  communityId?: string | undefined;
  /** Only programs this member is enrolled in. */
  enrolledUserId?: string | undefined;
  cursor: Cursor | null;
  limit: number;
}

export async function listPrograms(ctx: UserContext, f: ProgramFilter): Promise<ProgramRow[]> {
  let q = programQuery(ctx);
  if (f.q) q = q.where('p.title', 'ilike', containing(f.q));
  if (f.status) q = q.where('p.status', '=', f.status);
  if (f.communityId) {
    const communityId = f.communityId;
    q = q.where('p.id', 'in', (eb) => eb.selectFrom('program_assignments').select('program_id').where('community_id', '=', communityId));
  }
  if (f.enrolledUserId) {
    const userId = f.enrolledUserId;
    q = q.where('p.id', 'in', (eb) => eb.selectFrom('program_enrolments').select('program_id').where('user_id', '=', userId));
  }
  if (f.cursor) q = q.where(beforeCursor('p.updated_at', 'p.id', f.cursor));
  return q.orderBy('p.updated_at', 'desc').orderBy('p.id', 'desc').limit(f.limit + 1).execute();
}

export interface StepRow {
  program_id: string;
  position: number;
  content_id: string;
  required: boolean;
  kind: ContentKind | null;
  title: string | null;
  status: string | null;
}

/** Steps with their content as the caller sees it (null columns: gone or not visible). */
export async function stepsOf(ctx: UserContext, programIds: string[]): Promise<StepRow[]> {
  if (programIds.length === 0) return [];
  return ctx.db
    .selectFrom('program_steps as s')
    .leftJoin('content_items as ci', 'ci.id', 's.content_id')
    .select(['s.program_id', 's.position', 's.content_id', 's.required', 'ci.kind', 'ci.title', 'ci.status'])
    .where('s.program_id', 'in', programIds)
    .orderBy('s.program_id')
    .orderBy('s.position')
    .execute();
}

export async function assignmentsOf(ctx: UserContext, programIds: string[]): Promise<Array<{ program_id: string; community_id: string }>> {
  if (programIds.length === 0) return [];
  return ctx.db.selectFrom('program_assignments').select(['program_id', 'community_id']).where('program_id', 'in', programIds).orderBy('community_id').execute();
}

export interface EnrolmentRow {
  id: string;
  program_id: string;
  user_id: string;
  cycle: number;
  enrolled_at: Date;
  due_at: Date | null;
  completed_at: Date | null;
  certificate_id: string | null;
}

/** Each program's latest enrolment cycle for one member. */
export async function latestEnrolments(ctx: UserContext, userId: string, programIds: string[]): Promise<EnrolmentRow[]> {
  if (programIds.length === 0) return [];
  const { rows } = await sql<EnrolmentRow>`
    select distinct on (e.program_id) e.id, e.program_id, e.user_id, e.cycle, e.enrolled_at, e.due_at, e.completed_at, c.id as certificate_id
      from program_enrolments e
      left join certificates c on c.enrolment_id = e.id
     where e.user_id = ${userId} and e.program_id in (${sql.join(programIds)})
     order by e.program_id, e.cycle desc`.execute(ctx.db);
  return rows;
}

export interface StepStateRow {
  user_id: string;
  step_position: number;
  content_id: string;
  required: boolean;
  kind: ContentKind | null;
  title: string | null;
  available: boolean;
  done: boolean;
}

/** Step states for members' enrolments, in one statement (app.program_step_states under the caller's policies). */
export async function stepStates(ctx: UserContext, programId: string, enrolments: Array<Pick<EnrolmentRow, 'user_id' | 'cycle' | 'enrolled_at'>>): Promise<StepStateRow[]> {
  if (enrolments.length === 0) return [];
  const values = sql.join(enrolments.map((e) => sql`(${e.user_id}::uuid, ${e.enrolled_at}::timestamptz)`));
  const { rows } = await sql<StepStateRow>`
    select e.user_id, s.step_position, s.content_id, s.required, s.kind, s.title, s.available, s.done
      from (values ${values}) as e(user_id, since)
      cross join lateral app.program_step_states(${programId}::uuid, e.user_id, e.since) s
     order by e.user_id, s.step_position`.execute(ctx.db);
  return rows;
}

export async function insertProgram(
  ctx: UserContext,
  values: { title: string; description: string; status: ProgramStatus; sequential: boolean; due_days: number | null; certificate_enabled: boolean; certificate_valid_days: number | null; hours: number | null },
): Promise<string> {
  const row = await ctx.db
    .insertInto('programs')
    .values({ ...values, created_by: ctx.actor.userId, updated_by: ctx.actor.userId, published_at: values.status === 'published' ? new Date() : null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateProgram(
  ctx: UserContext,
  id: string,
  changes: Partial<{ title: string; description: string; status: ProgramStatus; sequential: boolean; due_days: number | null; certificate_enabled: boolean; certificate_valid_days: number | null; hours: number | null; published_at: Date }>,
): Promise<void> {
  await ctx.db
    .updateTable('programs')
    .set({ ...changes, updated_by: ctx.actor.userId, version: sql<number>`version + 1` })
    .where('id', '=', id)
    .execute();
}

export async function replaceSteps(ctx: UserContext, programId: string, steps: Array<{ contentId: string; required: boolean }>): Promise<void> {
  await ctx.db.deleteFrom('program_steps').where('program_id', '=', programId).execute();
  if (steps.length === 0) return;
  await ctx.db
    .insertInto('program_steps')
    .values(steps.map((s, i) => ({ program_id: programId, position: i + 1, content_id: s.contentId, required: s.required })))
    .execute();
}

/** Re-evaluates the program's open enrolments (after its steps changed: one may now be complete). */
export async function refreshCompletion(ctx: UserContext, programId: string): Promise<void> {
  await sql`select app.refresh_program_completion(null, ${programId}::uuid)`.execute(ctx.db);
}

export async function deleteProgram(ctx: UserContext, id: string): Promise<void> {
  await ctx.db.deleteFrom('programs').where('id', '=', id).execute();
}

/** Content ids among `ids` that exist (admins see all content). */
export async function existingContent(ctx: UserContext, ids: string[]): Promise<Array<{ id: string; title: string }>> {
  if (ids.length === 0) return [];
  return ctx.db.selectFrom('content_items').select(['id', 'title']).where('id', 'in', ids).execute();
}

export async function communitiesByIds(ctx: UserContext, ids: string[]): Promise<Array<{ id: string; name: string }>> {
  if (ids.length === 0) return [];
  return ctx.db.selectFrom('communities').select(['id', 'name']).where('id', 'in', ids).orderBy('name').execute();
}

/** For each step and community: whether a member of that community could open the step's content. */
export async function stepVisibility(
  ctx: UserContext,
  programId: string,
  communityIds: string[],
): Promise<Array<{ position: number; content_id: string; title: string | null; status: string | null; community_id: string; community_name: string; assigned: boolean }>> {
  if (communityIds.length === 0) return [];
  const { rows } = await sql<{ position: number; content_id: string; title: string | null; status: string | null; community_id: string; community_name: string; assigned: boolean }>`
    select s.position, s.content_id, ci.title, ci.status, c.id as community_id, c.name as community_name,
           exists (select 1 from content_assignments ca where ca.content_id = s.content_id and ca.community_id = c.id) as assigned
      from program_steps s
      left join content_items ci on ci.id = s.content_id
      cross join communities c
     where s.program_id = ${programId} and c.id in (${sql.join(communityIds)})
     order by s.position, c.name`.execute(ctx.db);
  return rows;
}

export interface UnassignedStepRow {
  program_id: string;
  position: number;
  content_id: string;
  title: string;
  community_id: string;
  community_name: string;
}

/**
 * Steps of `programIds` whose content is published but not assigned to a community `communityIds`
 * names (default: each program's own communities), so those members cannot open them (issue 25).
 */
export async function unassignedSteps(ctx: UserContext, programIds: string[], communityIds?: string[]): Promise<UnassignedStepRow[]> {
  if (programIds.length === 0 || communityIds?.length === 0) return [];
  const scope = communityIds
    ? sql`(select p.id as program_id, c.id as community_id, c.name as community_name
             from unnest(${sql.val(programIds)}::uuid[]) as p(id) cross join communities c where c.id = any(${sql.val(communityIds)}::uuid[]))`
    : sql`(select a.program_id, c.id as community_id, c.name as community_name
             from program_assignments a join communities c on c.id = a.community_id where a.program_id = any(${sql.val(programIds)}::uuid[]))`;
  const { rows } = await sql<UnassignedStepRow>`
    select s.program_id, s.position, s.content_id, ci.title, x.community_id, x.community_name
      from program_steps s
      join ${scope} as x on x.program_id = s.program_id
      join content_items ci on ci.id = s.content_id and ci.status = 'published'
     where s.program_id = any(${sql.val(programIds)}::uuid[])
       and not exists (select 1 from content_assignments ca where ca.content_id = s.content_id and ca.community_id = x.community_id)
     order by s.program_id, s.position, x.community_name`.execute(ctx.db);
  return rows;
}

export async function contentCommunities(ctx: UserContext, contentId: string): Promise<string[]> {
  const rows = await ctx.db.selectFrom('content_assignments').select('community_id').where('content_id', '=', contentId).orderBy('community_id').execute();
  return rows.map((r) => r.community_id);
}

/** Adds communities to an item's assignments (admins; content_assignments' policy checks it). */
export async function assignContent(ctx: UserContext, contentId: string, communityIds: string[]): Promise<void> {
  if (communityIds.length === 0) return;
  await ctx.db
    .insertInto('content_assignments')
    .values(communityIds.map((community_id) => ({ content_id: contentId, community_id, assigned_by: ctx.actor.userId })))
    .onConflict((oc) => oc.columns(['content_id', 'community_id']).doNothing())
    .execute();
}

export async function setAssignments(ctx: UserContext, programId: string, communityIds: string[]): Promise<void> {
  let del = ctx.db.deleteFrom('program_assignments').where('program_id', '=', programId);
  if (communityIds.length > 0) del = del.where('community_id', 'not in', communityIds);
  await del.execute();
  if (communityIds.length === 0) return;
  await ctx.db
    .insertInto('program_assignments')
    .values(communityIds.map((community_id) => ({ program_id: programId, community_id, assigned_by: ctx.actor.userId })))
    .onConflict((oc) => oc.columns(['program_id', 'community_id']).doNothing())
    .execute();
}

export async function bumpVersion(ctx: UserContext, programId: string): Promise<void> {
  await ctx.db.updateTable('programs').set({ version: sql<number>`version + 1`, updated_by: ctx.actor.userId }).where('id', '=', programId).execute();
}

export interface ReportEnrolmentRow {
  user_id: string;
  display_name: string;
  email: string;
  cycle: number;
  enrolled_at: Date;
  due_at: Date | null;
  completed_at: Date | null;
  /** The cycle's certificate as the caller may read it (admins; null for managers). */
  certificate_id: string | null;
  certificate_revoked_at: Date | null;
  certificate_suspended_at: Date | null;
}

/** The latest enrolment of each member of `communityIds` in the program. */
export async function reportEnrolments(ctx: UserContext, programId: string, communityIds: string[]): Promise<ReportEnrolmentRow[]> {
  if (communityIds.length === 0) return [];
  const { rows } = await sql<ReportEnrolmentRow>`
    select distinct on (e.user_id) e.user_id, u.display_name, u.email, e.cycle, e.enrolled_at, e.due_at, e.completed_at,
           c.id as certificate_id, c.revoked_at as certificate_revoked_at, c.suspended_at as certificate_suspended_at
      from program_enrolments e
      join users u on u.id = e.user_id
      left join certificates c on c.enrolment_id = e.id
     where e.program_id = ${programId}
       and exists (select 1 from community_members m where m.user_id = e.user_id and m.community_id in (${sql.join(communityIds)}))
     order by e.user_id, e.cycle desc`.execute(ctx.db);
  return rows;
}

export interface CertificateRow {
  id: string;
  code: string;
  user_id: string;
  program_id: string | null;
  holder_name: string;
  program_title: string;
  issued_at: Date;
  expires_at: Date | null;
  revoked: boolean;
  revoked_at: Date | null;
  suspended_at: Date | null;
}

const certificateColumns = ['id', 'code', 'user_id', 'program_id', 'holder_name', 'program_title', 'issued_at', 'expires_at', 'revoked', 'revoked_at', 'suspended_at'] as const;

export async function myCertificates(ctx: UserContext): Promise<CertificateRow[]> {
  return ctx.db.selectFrom('certificates').select(certificateColumns).where('user_id', '=', ctx.actor.userId).orderBy('issued_at', 'desc').execute();
}

export async function findCertificate(ctx: UserContext, id: string): Promise<CertificateRow | undefined> {
  return ctx.db.selectFrom('certificates').select(certificateColumns).where('id', '=', id).executeTakeFirst();
}

export interface VerifiedCertificateRow {
  holder_name: string;
  program_title: string;
  issued_at: Date;
  expires_at: Date | null;
  revoked: boolean;
  revoked_at: Date | null;
  suspended_at: Date | null;
  /** jsonb: the steps it was issued on (migration 0024). */
  evidence: unknown;
}

export async function verifyCertificate(ctx: AnonymousContext, code: string): Promise<VerifiedCertificateRow | undefined> {
  const { rows } = await sql<VerifiedCertificateRow>`select * from app.verify_certificate(${code})`.execute(ctx.db);
  return rows[0];
}
