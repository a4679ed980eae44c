import type { Page } from '../../../contracts/pagination.js';
import type {
  Certificate,
  CreateProgramInput,
  ListProgramsQuery,
  MemberProgress,
  Program,
  ProgramProgress,
  ProgramProgressReport,
  ProgramStep,
  StepState,
  UnassignedStep,
  UpdateProgramInput,
  Verification,
} from '../../../contracts/programs.js';
import type { createProgramSchema } from '../../../contracts/programs.js';
import type { z } from 'zod';
import { isForeignKeyViolation, managedCommunityIds, managesUser, requireAdmin } from '../../lib/access.js';
import { AppError, notFound } from '../../lib/app-error.js';
import { decodeCursor, pageOf, timeKey } from '../../lib/cursor.js';
import { isAdmin, type AnonymousContext, type UserContext } from '../../lib/transactions.js';
import { recordAudit } from '../audit/audit.service.js';
import { requireFeature } from '../flags/flags.service.js';
import { iso } from '../../lib/dates.js';
import * as q from './programs.queries.js';
import { planStepChange, reopenCompleted, type StepChange, tellMembers } from './step-changes.js';
import { queueEnrolmentNotices } from './enrolment-notices.js';

// What other modules may use of programs (ADR 0047: a module imports another only through its service file).
export { queueEnrolmentNotices } from './enrolment-notices.js';
export { limitVerifications } from './verify-limit.js';

export const UNAVAILABLE_TITLE = 'No longer available';

const programNotFound = () => notFound('That program');
const certificateNotFound = () => notFound('That certificate');

async function requirePrograms(ctx: UserContext): Promise<void> {
  await requireFeature(ctx, 'programs');
}

// ----- progress: pure functions over the step facts the database derived ------------------------

interface StepFact {
  contentId: string;
  required: boolean;
  available: boolean;
  done: boolean;
}

/**
 * Which steps count towards completion: the available required ones, or every available step when
 * none of those is required. Mirrors app.refresh_program_completion, which issues certificates.
 */
function countedSteps(steps: StepFact[]): StepFact[] {
  const available = steps.filter((s) => s.available);
  const required = available.filter((s) => s.required);
  return required.length > 0 ? required : available;
}

/** In a sequential program a step waits for every required step before it; unavailable ones never block. */
export function stepStatesOf(steps: StepFact[], sequential: boolean): Array<{ contentId: string; state: StepState; available: boolean }> {
  let blocked = false;
  return steps.map((s) => {
    if (!s.available) return { contentId: s.contentId, state: 'locked' as const, available: false };
    const state: StepState = s.done ? 'done' : sequential && blocked ? 'locked' : 'available';
    if (sequential && s.required && !s.done) blocked = true;
    return { contentId: s.contentId, state, available: true };
  });
}

export function percentOf(steps: StepFact[], completed: boolean): number {
  if (completed) return 100;
  const counted = countedSteps(steps);
  if (counted.length === 0) return 0;
  return Math.round((counted.filter((s) => s.done).length / counted.length) * 100);
}

const isOverdue = (dueAt: Date | null, completedAt: Date | null, now: Date): boolean => completedAt === null && dueAt !== null && dueAt.getTime() <= now.getTime();

function progressOf(enrolment: q.EnrolmentRow, facts: StepFact[], sequential: boolean, now: Date): ProgramProgress {
  const steps = stepStatesOf(facts, sequential);
  return {
    percent: percentOf(facts, enrolment.completed_at !== null),
    enrolledAt: iso(enrolment.enrolled_at),
    completedAt: enrolment.completed_at ? iso(enrolment.completed_at) : null,
    dueAt: enrolment.due_at ? iso(enrolment.due_at) : null,
    overdue: isOverdue(enrolment.due_at, enrolment.completed_at, now),
    cycle: enrolment.cycle,
    certificateId: enrolment.certificate_id,
    nextContentId: enrolment.completed_at ? null : (steps.find((s) => s.state === 'available')?.contentId ?? null),
    steps,
  };
}

const factOf = (r: q.StepStateRow): StepFact => ({ contentId: r.content_id, required: r.required, available: r.available, done: r.done });

// ----- reading programs ---------------------------------------------------------------------------

function stepOf(ctx: UserContext, row: q.StepRow, available?: boolean): ProgramStep {
  // Admins see every item, drafts included: a step they can see but members cannot is still unavailable.
  const visible = row.kind !== null && (available ?? row.status === 'published');
  return {
    contentId: row.content_id,
    required: row.required,
    kind: row.kind,
    title: row.title !== null && (visible || isAdmin(ctx)) ? row.title : UNAVAILABLE_TITLE,
    available: visible,
  };
}

/** Builds full programs for `rows`, with `forUser`'s progress (the caller's by default). */
async function assemble(ctx: UserContext, rows: q.ProgramRow[], forUser: string): Promise<Program[]> {
  const ids = rows.map((r) => r.id);
  const [steps, assignments, enrolments, unassigned] = await Promise.all([
    q.stepsOf(ctx, ids),
    q.assignmentsOf(ctx, ids),
    q.latestEnrolments(ctx, forUser, ids),
    isAdmin(ctx) ? q.unassignedSteps(ctx, ids) : Promise.resolve([]),
  ]);
  const now = new Date();
  const programs: Program[] = [];
  for (const row of rows) {
    const enrolment = enrolments.find((e) => e.program_id === row.id);
    // Availability is the member's own when there is a member: published and assigned to one of their communities.
    const facts = enrolment ? (await q.stepStates(ctx, row.id, [enrolment])).map(factOf) : null;
    const availability = new Map(facts?.map((f) => [f.contentId, f.available]));
    programs.push({
      id: row.id,
      title: row.title,
      description: row.description,
      status: row.status,
      sequential: row.sequential,
      dueDays: row.due_days,
      certificate: { enabled: row.certificate_enabled, validDays: row.certificate_valid_days },
      steps: steps.filter((s) => s.program_id === row.id).map((s) => stepOf(ctx, s, facts ? availability.get(s.content_id) : undefined)),
      communityIds: assignments.filter((a) => a.program_id === row.id).map((a) => a.community_id),
      version: row.version,
      createdAt: iso(row.created_at),
      updatedAt: iso(row.updated_at),
      publishedAt: row.published_at ? iso(row.published_at) : null,
      hours: row.hours === null ? null : Number(row.hours),
      progress: enrolment && facts ? progressOf(enrolment, facts, row.sequential, now) : null,
      ...(isAdmin(ctx) ? { warnings: assignmentWarnings(unassigned.filter((u) => u.program_id === row.id)) } : {}),
    });
  }
  return programs;
}

const unassignedStep = (r: q.UnassignedStepRow): UnassignedStep => ({
  contentId: r.content_id,
  title: r.title,
  position: r.position,
  communityId: r.community_id,
  communityName: r.community_name,
});

/**
 * Admins: the steps members of the program's communities cannot open because their content is not
 * assigned there (it was unassigned after the program was): said on the program and in the list,
 * with what to assign (issue 25), rather than discovered by members meeting a closed step.
 */
function assignmentWarnings(rows: q.UnassignedStepRow[]): NonNullable<Program['warnings']> {
  if (rows.length === 0) return [];
  const names = rows.map((r) => `Step ${r.position} “${r.title}” is not assigned to ${r.community_name}`);
  return [{ code: 'steps_not_assigned', message: `${names.join('; ')}: its members cannot open it. Assign the content to the community.`, items: rows.map(unassignedStep) }];
}

/** A manager may look at a member of a community they manage, an admin at anyone; anyone else is 404. */
async function requireMemberView(ctx: UserContext, userId: string): Promise<void> {
  if (userId === ctx.actor.userId || isAdmin(ctx)) return;
  if (!(await managesUser(ctx, userId))) throw notFound('That member');
}

/**
 * Everyone's one list, row-level security deciding: admins every program, members the published
 * programs assigned to their communities. With `userId`, the programs that member is enrolled in,
 * with their progress (the manager's member report).
 */
export async function listPrograms(ctx: UserContext, query: ListProgramsQuery): Promise<Page<Program>> {
  await requirePrograms(ctx);
  if (query.userId) await requireMemberView(ctx, query.userId);
  const forUser = query.userId ?? ctx.actor.userId;
  const rows = await q.listPrograms(ctx, {
    q: query.q,
    status: query.status,
    communityId: query.communityId,
    enrolledUserId: query.userId && query.userId !== ctx.actor.userId ? query.userId : undefined,
    cursor: decodeCursor(query.cursor),
    limit: query.limit,
  });
  const page = pageOf(rows, query.limit, (last) => timeKey(last.cursor_at, last.id));
  return { items: await assemble(ctx, page.items, forUser), nextCursor: page.nextCursor };
}

export async function getProgram(ctx: UserContext, id: string, forUser = ctx.actor.userId): Promise<Program> {
  await requirePrograms(ctx);
  const row = await q.findProgram(ctx, id);
  if (!row) throw programNotFound();
  const [program] = await assemble(ctx, [row], forUser);
  if (!program) throw programNotFound();
  return program;
}

/** What the ETag of a program is made from: its definition's version, not anyone's progress. */
export async function programVersion(ctx: UserContext, id: string): Promise<{ id: string; version: number }> {
  const row = await q.findProgram(ctx, id);
  if (!row) throw programNotFound();
  return { id, version: row.version };
}

// ----- writing programs (admins) --------------------------------------------------------------------

/** Refuses a step whose content does not exist; answers each step's title. */
async function checkStepsExist(ctx: UserContext, steps: Array<{ contentId: string }>): Promise<Map<string, string>> {
  const titles = new Map((await q.existingContent(ctx, steps.map((s) => s.contentId))).map((c) => [c.id, c.title]));
  const missing = steps.findIndex((s) => !titles.has(s.contentId));
  if (missing >= 0) {
    throw new AppError('program_step_missing', `Step ${missing + 1}: that content does not exist (it may have been deleted). Choose another item.`, {
      details: { step: missing + 1, in: 'body', issues: [{ path: `steps.${missing}.contentId`, message: 'does not exist' }] },
    });
  }
  return titles;
}

/**
 * Refuses communities that could not open every step: each step's content must be published and
 * assigned to the community, or its members would meet a step they cannot open.
 */
async function checkVisibleTo(ctx: UserContext, programId: string, communityIds: string[]): Promise<void> {
  const rows = await q.stepVisibility(ctx, programId, communityIds);
  const bad = rows.find((r) => r.title === null || r.status !== 'published' || !r.assigned);
  if (!bad) return;
  const step = `Step ${bad.position}${bad.title ? ` “${bad.title}”` : ''}`;
  const why =
    bad.title === null
      ? 'no longer exists: remove it from the program first'
      : bad.status !== 'published'
        ? `is not published, so members of ${bad.community_name} cannot open it: publish it first`
        : `is not assigned to ${bad.community_name}: assign that content to the community first`;
  const reason = bad.title === null ? 'deleted' : bad.status !== 'published' ? 'unpublished' : 'unassigned';
  // Every step and community that only lacks an assignment, so the builder can name them all and
  // offer to assign them in one step (issue 25); `fixable` when nothing else is wrong.
  const unassigned = rows
    .filter((r) => r.title !== null && r.status === 'published' && !r.assigned)
    .map((r) => ({ contentId: r.content_id, title: r.title ?? '', position: r.position, communityId: r.community_id, communityName: r.community_name }));
  const fixable = rows.every((r) => r.title !== null && r.status === 'published');
  throw new AppError('program_step_not_visible', `${step} ${why}.`, {
    details: { reason, position: bad.position, title: bad.title ?? '', community: bad.community_name, contentId: bad.content_id, communityId: bad.community_id, unassigned, fixable },
  });
}

/**
 * The admin confirmed it (issue 25): each step's published content gets the communities it lacks,
 * audited as content.assign with before and after, as when an admin assigns it by hand.
 */
async function assignStepContent(ctx: UserContext, programId: string, communityIds: string[]): Promise<void> {
  const missing = await q.unassignedSteps(ctx, [programId], communityIds);
  const byContent = new Map<string, string[]>();
  for (const r of missing) byContent.set(r.content_id, [...(byContent.get(r.content_id) ?? []), r.community_id]);
  for (const [contentId, add] of byContent) {
    const before = await q.contentCommunities(ctx, contentId);
    await q.assignContent(ctx, contentId, add);
    await recordAudit(ctx, {
      action: 'content.assign',
      entityType: 'content',
      entityId: contentId,
      before: { communityIds: before },
      after: { communityIds: [...before, ...add].sort(), byProgram: programId },
    });
  }
}

type CreateInput = z.output<typeof createProgramSchema>;

/** The audit trail keeps the definition, not anyone's progress. */
const auditView = ({ progress: _progress, warnings: _warnings, ...rest }: Program) => rest;

export async function createProgram(ctx: UserContext, input: CreateInput): Promise<Program> {
  requireAdmin(ctx);
  await requirePrograms(ctx);
  await checkStepsExist(ctx, input.steps);
  const id = await q.insertProgram(ctx, {
    title: input.title,
    description: input.description,
    status: input.status,
    sequential: input.sequential,
    due_days: input.dueDays,
    certificate_enabled: input.certificate.enabled,
    certificate_valid_days: input.certificate.validDays,
    hours: input.hours,
  });
  await q.replaceSteps(ctx, id, input.steps);
  const program = await getProgram(ctx, id);
  await recordAudit(ctx, { action: 'program.create', entityType: 'program', entityId: id, after: auditView(program) });
  return program;
}

export async function updateProgram(ctx: UserContext, id: string, patch: UpdateProgramInput, appUrl: string): Promise<Program> {
  requireAdmin(ctx);
  const before = await getProgram(ctx, id);
  let change: StepChange | null = null;
  if (patch.steps) {
    const titles = await checkStepsExist(ctx, patch.steps);
    await q.replaceSteps(ctx, id, patch.steps.map((s) => ({ contentId: s.contentId, required: s.required })));
    // Members of the communities it is assigned to must be able to open every new step.
    await checkVisibleTo(ctx, id, before.communityIds);
    // Last of the checks: the trainer is asked about completed members only for an edit that can be saved.
    change = await planStepChange(ctx, id, before.steps, patch.steps, titles, patch.completedMembers);
  }
  await q.updateProgram(ctx, id, {
    ...(patch.title === undefined ? {} : { title: patch.title }),
    ...(patch.description === undefined ? {} : { description: patch.description }),
    ...(patch.status === undefined ? {} : { status: patch.status }),
    ...(patch.status === 'published' && before.status !== 'published' ? { published_at: new Date() } : {}),
    ...(patch.sequential === undefined ? {} : { sequential: patch.sequential }),
    ...(patch.dueDays === undefined ? {} : { due_days: patch.dueDays }),
    ...(patch.certificate?.enabled === undefined ? {} : { certificate_enabled: patch.certificate.enabled }),
    ...(patch.certificate?.validDays === undefined ? {} : { certificate_valid_days: patch.certificate.validDays }),
    ...(patch.hours === undefined ? {} : { hours: patch.hours }),
  });
  // Publishing enrols the assigned communities' members (a trigger): they are told once it commits.
  if (patch.status === 'published' && before.status !== 'published') await queueEnrolmentNotices(ctx);
  const reopened = change?.choice === 'reopen' ? await reopenCompleted(ctx, id) : 0;
  // Fewer or optional steps can complete someone's enrolment without anything they do.
  if (patch.steps || patch.status === 'published') await q.refreshCompletion(ctx, id);
  const after = await getProgram(ctx, id);
  const action = patch.status && patch.status !== before.status ? (patch.status === 'published' ? 'program.publish' : 'program.unpublish') : 'program.update';
  await recordAudit(ctx, { action, entityType: 'program', entityId: id, before: auditView(before), after: auditView(after) });
  if (change) {
    const told = await tellMembers(ctx, change, after, appUrl);
    await recordAudit(ctx, {
      action: 'program.steps_added',
      entityType: 'program',
      entityId: id,
      after: {
        newSteps: change.newStepIds.map((contentId) => ({ contentId, title: after.steps.find((s) => s.contentId === contentId)?.title ?? '' })),
        completedMembers: change.completed.length,
        inProgressMembers: change.inProgress.length,
        choice: change.choice,
        reopened,
        told,
      },
    });
  }
  return after;
}

export async function deleteProgram(ctx: UserContext, id: string): Promise<void> {
  requireAdmin(ctx);
  const before = await getProgram(ctx, id);
  await q.deleteProgram(ctx, id);
  await recordAudit(ctx, { action: 'program.delete', entityType: 'program', entityId: id, before: auditView(before) });
}

/**
 * Replaces the program's communities; members of newly assigned ones are enrolled (when published).
 * With `assignContent`, the steps' content is first assigned to every chosen community that lacks it.
 */
export async function setAssignments(ctx: UserContext, id: string, communityIds: string[], assignContent = false): Promise<{ communityIds: string[] }> {
  requireAdmin(ctx);
  const before = await getProgram(ctx, id);
  const wanted = [...new Set(communityIds)].sort();
  const known = await q.communitiesByIds(ctx, wanted);
  if (known.length !== wanted.length) throw notFound('One of those communities');
  const added = wanted.filter((c) => !before.communityIds.includes(c));
  if (assignContent) await assignStepContent(ctx, id, wanted);
  await checkVisibleTo(ctx, id, added);
  try {
    await q.setAssignments(ctx, id, wanted);
  } catch (error) {
    if (isForeignKeyViolation(error)) throw notFound('One of those communities');
    throw error;
  }
  await q.bumpVersion(ctx, id);
  // The new communities' members were enrolled by a trigger (when published): they are told once it commits.
  if (added.length > 0 && before.status === 'published') await queueEnrolmentNotices(ctx);
  await recordAudit(ctx, { action: 'program.assign', entityType: 'program', entityId: id, before: { communityIds: before.communityIds }, after: { communityIds: wanted } });
  return { communityIds: wanted };
}

// ----- the managers' report -----------------------------------------------------------------------------

/**
 * Every enrolled member of the chosen communities × every step, overdue first. Managers see the
 * communities they manage; admins any. A community the caller may not report on is 404.
 */
export async function progressReport(ctx: UserContext, id: string, communityId: string | undefined): Promise<ProgramProgressReport> {
  await requirePrograms(ctx);
  const program = await getProgram(ctx, id);
  const allowed = isAdmin(ctx) ? program.communityIds : (await managedCommunityIds(ctx)).filter((c) => program.communityIds.includes(c));
  if (!isAdmin(ctx) && allowed.length === 0) throw programNotFound();
  let scope = allowed;
  if (communityId) {
    if (!allowed.includes(communityId)) throw notFound('That community');
    scope = [communityId];
  }
  const communities = await q.communitiesByIds(ctx, scope);
  const enrolments = await q.reportEnrolments(ctx, id, scope);
  const states = await q.stepStates(ctx, id, enrolments);
  const now = new Date();
  const members: MemberProgress[] = enrolments.map((e) => {
    const facts = states.filter((s) => s.user_id === e.user_id).map(factOf);
    return {
      userId: e.user_id,
      displayName: e.display_name,
      email: e.email,
      enrolledAt: iso(e.enrolled_at),
      dueAt: e.due_at ? iso(e.due_at) : null,
      completedAt: e.completed_at ? iso(e.completed_at) : null,
      overdue: isOverdue(e.due_at, e.completed_at, now),
      percent: percentOf(facts, e.completed_at !== null),
      steps: stepStatesOf(facts, program.sequential).map(({ contentId, state }) => ({ contentId, state })),
      certificate: e.certificate_id
        ? { id: e.certificate_id, revokedAt: e.certificate_revoked_at ? iso(e.certificate_revoked_at) : null, suspendedAt: e.certificate_suspended_at ? iso(e.certificate_suspended_at) : null }
        : null,
    };
  });
  members.sort(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) ||
      (a.dueAt ?? '9999').localeCompare(b.dueAt ?? '9999') ||
      a.displayName.localeCompare(b.displayName) ||
      a.userId.localeCompare(b.userId),
  );
  return {
    program: { id: program.id, title: program.title, sequential: program.sequential, dueDays: program.dueDays },
    steps: program.steps,
    communities,
    totals: { enrolled: members.length, completed: members.filter((m) => m.completedAt).length, overdue: members.filter((m) => m.overdue).length },
    funnel: program.steps.map((s) => ({ contentId: s.contentId, done: members.filter((m) => m.steps.some((x) => x.contentId === s.contentId && x.state === 'done')).length })),
    members,
  };
}

/** A spreadsheet cell: quoted when needed, and never read as a formula. */
function cell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function progressCsv(report: ProgramProgressReport): string {
  const header = ['member', 'email', 'enrolled_at', 'due_at', 'completed_at', 'overdue', 'percent', ...report.steps.map((s, i) => `step_${i + 1}: ${s.title}`)];
  const lines = [header.map(cell).join(',')];
  for (const m of report.members) {
    lines.push(
      [m.displayName, m.email, m.enrolledAt, m.dueAt, m.completedAt, m.overdue ? 'yes' : 'no', m.percent, ...report.steps.map((s) => m.steps.find((x) => x.contentId === s.contentId)?.state ?? '')]
        .map(cell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

// ----- certificates -------------------------------------------------------------------------------------

export const verifyUrl = (appUrl: string, code: string): string => `${appUrl.replace(/\/+$/, '')}/verify/${code}`;

const isValid = (row: { revoked: boolean; suspended_at: Date | null; expires_at: Date | null }, now: Date): boolean =>
  !row.revoked && row.suspended_at === null && (row.expires_at === null || row.expires_at.getTime() > now.getTime());

/** The steps a certificate was issued on, as recorded then (ADR 0036); older certificates have none. */
function evidenceSteps(value: unknown): Verification['steps'] {
  const list: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  if (!Array.isArray(list)) return [];
  return list.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const e = item as Record<string, unknown>;
    return [{ title: typeof e.title === 'string' ? e.title : UNAVAILABLE_TITLE, kind: typeof e.kind === 'string' ? e.kind : null, assessed: e.assessed === true, reviewed: typeof e.reviewed === 'boolean' ? e.reviewed : null }];
  });
}

function toCertificate(row: q.CertificateRow, appUrl: string, now: Date): Certificate {
  return {
    id: row.id,
    code: row.code,
    programId: row.program_id,
    programTitle: row.program_title,
    issuedAt: iso(row.issued_at),
    expiresAt: row.expires_at ? iso(row.expires_at) : null,
    valid: isValid(row, now),
    revokedAt: row.revoked_at ? iso(row.revoked_at) : null,
    suspendedAt: row.suspended_at ? iso(row.suspended_at) : null,
    verifyUrl: verifyUrl(appUrl, row.code),
  };
}

export async function listCertificates(ctx: UserContext, appUrl: string): Promise<{ items: Certificate[] }> {
  await requirePrograms(ctx);
  const now = new Date();
  return { items: (await q.myCertificates(ctx)).map((r) => toCertificate(r, appUrl, now)) };
}

/** The holder's certificate (admins may read any); anyone else's is 404. */
export async function getCertificate(ctx: UserContext, id: string, appUrl: string): Promise<Certificate & { holderName: string }> {
  await requirePrograms(ctx);
  const row = await q.findCertificate(ctx, id);
  if (!row) throw certificateNotFound();
  return { ...toCertificate(row, appUrl, new Date()), holderName: row.holder_name };
}

export async function verify(ctx: AnonymousContext, code: string): Promise<Verification> {
  // Codes are 43 base64url characters; anything else cannot be one, and is not looked up.
  const row = /^[A-Za-z0-9_-]{43}$/.test(code) ? await q.verifyCertificate(ctx, code) : undefined;
  if (!row) throw new AppError('not_found', 'No certificate has that code. Check that it was copied in full.');
  return {
    valid: isValid(row, new Date()),
    holderName: row.holder_name,
    programTitle: row.program_title,
    issuedAt: iso(row.issued_at),
    expiresAt: row.expires_at ? iso(row.expires_at) : null,
    revoked: row.revoked,
    revokedAt: row.revoked_at ? iso(row.revoked_at) : null,
    suspendedAt: row.suspended_at ? iso(row.suspended_at) : null,
    steps: evidenceSteps(row.evidence),
  };
}

export type { CreateProgramInput };
