import { sql } from 'kysely';
import type { Program } from '../../../contracts/programs.js';
import type { Language } from '../../../contracts/users.js';
import { AppError } from '../../lib/app-error.js';
import { emailT } from '../../lib/email-i18n.js';
import { linkMail } from '../../lib/mailer.js';
import type { UserContext } from '../../lib/transactions.js';
import { enqueueMail } from '../../platform/jobs/index.js';

/**
 * Steps added after members started (issue 24): the trainer decides whether members who already
 * completed the program must do the new steps, and everyone who still has to do them is told.
 *
 * - A step "members must now do" is one that counts towards completion after the edit and did not
 *   before: a new required step, an optional step made required, or (in a program with no required
 *   step, where every step counts) any new step.
 * - With completed members and no decision, the edit is refused (409) with the counts, so the
 *   builder can ask. 'keep' leaves completions alone; 'reopen' calls app.reopen_program_enrolments
 *   (migration 0024): the latest completed enrolment of each member opens again. The certificate they
 *   hold stays valid, as earned for the program as it then was (its evidence lists those steps), and
 *   finishing again does not issue a second one for the same enrolment.
 * - Members whose enrolment is open after the edit (in progress, or reopened) get an email, queued in
 *   the edit's transaction, in their own language, naming the program and the new steps — only while
 *   the program is published (a draft is invisible to them). Someone reopened who had already done the
 *   new step completes again at once and is not told.
 */

interface StepLike {
  contentId: string;
  required: boolean;
}

/** Ids of the steps that count towards completion (the required ones, or all when none is). */
function counted(steps: readonly StepLike[]): Set<string> {
  const required = steps.filter((s) => s.required);
  return new Set((required.length > 0 ? required : steps).map((s) => s.contentId));
}

/** The steps of `after` that count towards completion and did not in `before`, in `after`'s order. */
export function stepsMembersMustNowDo(before: readonly StepLike[], after: readonly StepLike[]): string[] {
  const was = counted(before);
  const now = counted(after);
  return after.filter((s) => now.has(s.contentId) && !was.has(s.contentId)).map((s) => s.contentId);
}

interface LatestEnrolment {
  user_id: string;
  completed: boolean;
  email: string;
  display_name: string;
  language: Language | null;
  active: boolean;
}

/** Each enrolled member's latest cycle in the program (admins: the caller reads every row). */
async function latestEnrolments(ctx: UserContext, programId: string): Promise<LatestEnrolment[]> {
  const { rows } = await sql<LatestEnrolment>`
    select distinct on (e.user_id) e.user_id, e.completed_at is not null as completed, u.email, u.display_name, u.language, u.status = 'active' as active
      from program_enrolments e
      join users u on u.id = e.user_id
     where e.program_id = ${programId}
     order by e.user_id, e.cycle desc`.execute(ctx.db);
  return rows;
}

export type CompletedMembersChoice = 'keep' | 'reopen';

export interface StepChange {
  newStepIds: string[];
  completed: string[];
  inProgress: string[];
  choice: CompletedMembersChoice | null;
}

/**
 * Called after the new steps are written (and checked) but before anything else: null when the edit
 * adds nothing members must do or nobody is enrolled; a 409 (rolling the edit back) when members
 * completed the program and the trainer has not said what happens to them.
 */
export async function planStepChange(
  ctx: UserContext,
  programId: string,
  before: readonly StepLike[],
  after: readonly StepLike[],
  titles: ReadonlyMap<string, string>,
  choice: CompletedMembersChoice | undefined,
): Promise<StepChange | null> {
  const newStepIds = stepsMembersMustNowDo(before, after);
  if (newStepIds.length === 0) return null;
  const enrolments = await latestEnrolments(ctx, programId);
  if (enrolments.length === 0) return null;
  const completed = enrolments.filter((e) => e.completed).map((e) => e.user_id);
  const inProgress = enrolments.filter((e) => !e.completed).map((e) => e.user_id);
  if (completed.length > 0 && choice === undefined) {
    const people = completed.length === 1 ? '1 person has' : `${completed.length} people have`;
    throw new AppError(
      'completed_members_choice_required',
      `${people} already completed this program. Say whether they must do the new step: send completedMembers "keep" (their completion stays) or "reopen" (they must do it).`,
      {
        details: {
          completedMembers: completed.length,
          inProgressMembers: inProgress.length,
          newSteps: newStepIds.map((contentId) => ({ contentId, title: titles.get(contentId) ?? '' })),
        },
      },
    );
  }
  return { newStepIds, completed, inProgress, choice: completed.length > 0 ? (choice ?? null) : null };
}

/** Reopens the completed members' latest enrolments (admins only; the function re-checks). Returns how many. */
export async function reopenCompleted(ctx: UserContext, programId: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select app.reopen_program_enrolments(${programId}::uuid) as n`.execute(ctx.db);
  return Number(rows[0]?.n ?? 0);
}

const quoted = (language: Language, title: string) => (language === 'es' ? `«${title}»` : `“${title}”`);

/**
 * Tells every member who now has the new steps to do (the edit's state, after completion was
 * re-evaluated). Returns how many were told.
 */
export async function tellMembers(ctx: UserContext, change: StepChange, program: Program, appUrl: string): Promise<number> {
  if (program.status !== 'published') return 0;
  const reopened = new Set(change.choice === 'reopen' ? change.completed : []);
  const concerned = new Set([...change.inProgress, ...reopened]);
  const titles = change.newStepIds.map((id) => program.steps.find((s) => s.contentId === id)?.title ?? '');
  const link = `${appUrl.replace(/\/+$/, '')}/programs/${program.id}`;
  let told = 0;
  for (const member of await latestEnrolments(ctx, program.id)) {
    if (member.completed || !member.active || !concerned.has(member.user_id)) continue;
    const language = member.language ?? 'en';
    const t = emailT(language);
    const words = { name: member.display_name, program: program.title, steps: titles.map((x) => quoted(language, x)).join(', '), count: titles.length };
    const intro = reopened.has(member.user_id) ? t('programChange.reopened', words) : t('programChange.inProgress', words);
    await enqueueMail(ctx, linkMail(member.email, t('programChange.subject', words), intro, t('reminder.action'), link, t('footer')));
    told += 1;
  }
  return told;
}
