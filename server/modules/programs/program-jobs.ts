import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import PgBoss from 'pg-boss';
import type { Language } from '../../../contracts/users.js';
import type { Config } from '../../config.js';
import { emailT, formatForMail } from '../../lib/email-i18n.js';
import { linkMail, type Mail } from '../../lib/mailer.js';
import { type AnonymousContext, assumeIdentity, runAnonymous } from '../../lib/transactions.js';

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

export interface ProgramScheduler {
  kind: 'pg-boss' | 'interval';
  stop(): Promise<void>;
}

const QUEUE = 'program-jobs';

/**
 * Starts the periodic run. On a PostgreSQL server, pg-boss keeps the schedule in the database, so
 * it survives restarts and fires once per tick across instances. On the embedded database there is
 * one process (the data-dir lock), so an in-process timer does; a missed tick is caught up by the
 * next one because every run looks at the current state, not at what changed.
 */
export async function startProgramScheduler(app: FastifyInstance, config: Readonly<Config>, log: FastifyBaseLogger = app.log): Promise<ProgramScheduler> {
  const run = async () => {
    await runProgramJobs(app).catch((err: unknown) => log.error({ err, event: 'programs.jobs.failed' }, 'program jobs failed'));
  };
  const url = config.MIGRATION_DATABASE_URL ?? config.DATABASE_URL;
  const interval = (): ProgramScheduler => {
    // One run at a time; stop() waits for the one in flight so the database is not closed under it.
    let running: Promise<void> = Promise.resolve();
    const tick = () => {
      running = running.then(run);
    };
    const timer = setInterval(tick, config.PROGRAM_JOBS_INTERVAL_MINUTES * 60_000);
    timer.unref();
    tick();
    log.info({ event: 'programs.jobs.scheduled', runner: 'interval', everyMinutes: config.PROGRAM_JOBS_INTERVAL_MINUTES }, 'program jobs scheduled');
    return {
      kind: 'interval',
      stop: async () => {
        clearInterval(timer);
        await running;
      },
    };
  };
  if (!url) return interval();
  // pg-boss creates and migrates its own schema, so it connects as the owner when one is given.
  const boss = new PgBoss({ connectionString: url, schema: 'pgboss', max: 2, application_name: 'aigym-jobs' });
  boss.on('error', (err) => log.warn({ err, event: 'programs.jobs.boss_error' }, 'job queue error'));
  try {
    await boss.start();
    await boss.createQueue(QUEUE, { name: QUEUE, policy: 'singleton' });
    await boss.schedule(QUEUE, `*/${config.PROGRAM_JOBS_INTERVAL_MINUTES} * * * *`);
    await boss.work(QUEUE, async () => {
      await runProgramJobs(app);
    });
  } catch (err) {
    // Reminders stay exactly-once without pg-boss (the claim is a unique insert), so a queue that
    // cannot start (no right to create its schema, say) costs only the shared schedule.
    log.error({ err, event: 'programs.jobs.boss_unavailable' }, 'pg-boss could not start; running program jobs on an in-process timer');
    await boss.stop({ graceful: false }).catch(() => undefined);
    return interval();
  }
  log.info({ event: 'programs.jobs.scheduled', runner: 'pg-boss', everyMinutes: config.PROGRAM_JOBS_INTERVAL_MINUTES }, 'program jobs scheduled');
  return { kind: 'pg-boss', stop: () => boss.stop({ graceful: true, timeout: 5_000 }) };
}
