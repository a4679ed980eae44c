import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Language } from '../../../contracts/users.js';
import { emailT, formatForMail } from '../../lib/email-i18n.js';
import { linkMail, type Mail } from '../../lib/mailer.js';
import { type AnonymousContext, assumeIdentity, runAnonymous } from '../../lib/transactions.js';
import { defineJob } from '../../platform/jobs/index.js';
import { runEnrolmentNotices } from './enrolment-notices.js';

/**
 * The programs' periodic work (ADR 0020): re-enrol members whose certificate expired, re-evaluate
 * open enrolments, and send due-soon and overdue reminders exactly once per member, program, kind
 * and cycle. Everything goes through SECURITY DEFINER functions of migration 0014, in transactions
 * with no identity, so the job needs no privilege the app does not have.
 */

export interface ProgramJobsResult {
  reenrolled: number;
  completed: number;
  remindersSent: number;
  remindersFailed: number;
}

interface ClaimedReminder {
  program_id: string;
  user_id: string;
  kind: 'due_soon' | 'overdue';
  period: number;
  email: string;
  display_name: string;
  program_title: string;
  due_at: Date;
}

/** A claimed reminder with the language its recipient reads AI GYM in. */
type ReminderToSend = ClaimedReminder & { language: Language };

/** The reminder in the recipient's language (their saved choice, else English: there is no browser to ask). */
export function reminderMail(reminder: ReminderToSend, appUrl: string): Mail {
  const t = emailT(reminder.language);
  const link = `${appUrl.replace(/\/+$/, '')}/programs/${reminder.program_id}`;
  const words = { name: reminder.display_name, program: reminder.program_title, due: formatForMail(reminder.language).longDate(new Date(reminder.due_at)) };
  return reminder.kind === 'due_soon'
    ? linkMail(reminder.email, t('reminder.dueSoonSubject', words), t('reminder.dueSoonIntro', words), t('reminder.action'), link, t('footer'))
    : linkMail(reminder.email, t('reminder.overdueSubject', words), t('reminder.overdueIntro', words), t('reminder.action'), link, t('footer'));
}

/**
 * Each recipient's saved language. The job has no identity and the claim function (migration 0014)
 * does not return it, so it takes each recipient's identity in turn to read their own row — the
 * one row the users policy lets a person read about themself, so it can read nothing else.
 */
async function withLanguages(ctx: AnonymousContext, claimed: ClaimedReminder[]): Promise<ReminderToSend[]> {
  const result: ReminderToSend[] = [];
  for (const reminder of claimed) {
    const self = await assumeIdentity(ctx, reminder.user_id, 'member');
    const row = await self.db.selectFrom('users').select('language').where('id', '=', reminder.user_id).executeTakeFirst();
    result.push({ ...reminder, language: row?.language ?? 'en' });
  }
  return result;
}

/** One run at `now`. Safe to run from several instances at once: each reminder is claimed by one. */
export async function runProgramJobs(app: FastifyInstance, now: Date = new Date()): Promise<ProgramJobsResult> {
  const { db, mailer, config } = app.services;
  const log = app.log;
  const meta = { requestId: `program-jobs-${randomUUID()}`, ip: '127.0.0.1', onBackgroundError: (err: unknown) => log.error({ err, event: 'programs.jobs.failed' }, 'program job task failed') };

  const housekeeping = await runAnonymous(db, meta, async (ctx) => {
    const { rows } = await sql<{ reenrolled: number; completed: number }>`select * from app.program_housekeeping(${now})`.execute(ctx.db);
    return rows[0] ?? { reenrolled: 0, completed: 0 };
  });

  // Claimed and committed before any mail goes out: a second instance finds the rows taken.
  const claimed = await runAnonymous(db, meta, async (ctx) => {
    const { rows } = await sql<ClaimedReminder>`select * from app.claim_program_reminders(${now}, ${config.PROGRAM_REMINDER_DAYS_BEFORE})`.execute(ctx.db);
    return withLanguages(ctx, rows);
  });

  let sent = 0;
  let failed = 0;
  for (const reminder of claimed) {
    try {
      await mailer.send(reminderMail(reminder, config.APP_URL));
      sent += 1;
    } catch (err) {
      failed += 1;
      log.warn({ err, event: 'programs.reminder.failed', programId: reminder.program_id, userId: reminder.user_id, kind: reminder.kind }, 'reminder not sent; it will be retried');
      // Given back, so the next run tries again.
      await runAnonymous(db, meta, (ctx) =>
        sql`select app.release_program_reminder(${reminder.program_id}::uuid, ${reminder.user_id}::uuid, ${reminder.kind}, ${reminder.period}::integer)`.execute(ctx.db),
      ).catch((releaseError: unknown) => log.error({ err: releaseError, event: 'programs.reminder.release_failed' }, 'could not release a failed reminder'));
    }
  }
  const result = { reenrolled: Number(housekeeping.reenrolled), completed: Number(housekeeping.completed), remindersSent: sent, remindersFailed: failed };
  if (result.reenrolled + result.completed + sent + failed > 0) log.info({ event: 'programs.jobs.done', ...result }, 'program jobs ran');
  return result;
}

/**
 * The programs' periodic run on the platform job runner (ADR 0034): once per interval across all
 * instances. A missed slot is caught up by the next one, because every run looks at the current
 * state, not at what changed; reminders stay exactly-once because their claim is a unique insert.
 */
export const programHousekeepingJob = defineJob({
  name: 'programs.housekeeping',
  payload: z.object({}),
  // A failed run is simply the next slot's work.
  retry: { attempts: 1, backoffMs: 0 },
  async handle(_payload, run) {
    await runProgramJobs(run.app);
    // People who joined a community since the last run (an import, SCIM, single sign-on) are told of the programs they were enrolled in.
    await runEnrolmentNotices(run.app);
  },
});
