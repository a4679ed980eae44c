import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Language } from '../../../contracts/users.js';
import { emailT, formatForMail } from '../../lib/email-i18n.js';
import { linkMail, type Mail } from '../../lib/mailer.js';
import { type AnonymousContext, runAnonymous } from '../../lib/transactions.js';
import { defineJob, enqueueJob, enqueueMail } from '../../platform/jobs/index.js';

/**
 * Issue 25: a member enrolled in a program is told, by mail in their language, once per enrolment.
 * Enrolments are made by database triggers (a program assigned or published, a person joining a
 * community), so rather than every path remembering to mail, enrolments carry `notified_at`
 * (migration 0041) and this claims the unannounced ones: right after an admin assigns or publishes
 * (the job below, queued in that transaction), and on every programs housekeeping run for people
 * who joined a community some other way (an import, SCIM, single sign-on). Managers are never
 * enrolled, so never told; an invited person's invitation already names the programs waiting; a
 * renewed cycle (cycle > 1) is the expired-certificate path, not a new assignment.
 */

const BATCH = 500;

export interface ClaimedNotice {
  program_id: string;
  user_id: string;
  cycle: number;
  due_at: Date | null;
  email: string;
  display_name: string;
  language: Language | null;
  user_status: string;
  program_title: string;
}

export function enrolmentMail(notice: ClaimedNotice, appUrl: string): Mail {
  const language = notice.language ?? 'en';
  const t = emailT(language);
  const words = { name: notice.display_name, program: notice.program_title, due: notice.due_at ? formatForMail(language).longDate(new Date(notice.due_at)) : '' };
  const link = `${appUrl.replace(/\/+$/, '')}/programs/${notice.program_id}`;
  return linkMail(notice.email, t('enrolled.subject', words), t(notice.due_at ? 'enrolled.introDue' : 'enrolled.intro', words), t('enrolled.action'), link, t('footer'));
}

/** Claims every unannounced enrolment and queues its mail in the same transaction. Returns how many were mailed. */
export async function announceEnrolments(ctx: AnonymousContext, appUrl: string): Promise<number> {
  let mailed = 0;
  for (;;) {
    const { rows } = await sql<ClaimedNotice>`select * from app.claim_enrolment_notices(${BATCH})`.execute(ctx.db);
    for (const notice of rows) {
      if (notice.user_status !== 'active' || notice.cycle !== 1) continue;
      await enqueueMail(ctx, enrolmentMail(notice, appUrl));
      mailed += 1;
    }
    if (rows.length < BATCH) return mailed;
  }
}

export async function runEnrolmentNotices(app: FastifyInstance): Promise<number> {
  const meta = {
    requestId: `enrolment-notices-${randomUUID()}`,
    ip: '127.0.0.1',
    onBackgroundError: (err: unknown) => app.log.error({ err, event: 'programs.notices.failed' }, 'enrolment notice task failed'),
  };
  const mailed = await runAnonymous(app.services.db, meta, (ctx) => announceEnrolments(ctx, app.services.config.APP_URL));
  if (mailed > 0) app.log.info({ event: 'programs.notices.queued', mailed }, 'enrolment notices queued');
  return mailed;
}

export const enrolmentNoticesJob = defineJob({
  name: 'programs.enrolment-notices',
  payload: z.object({}),
  retry: { attempts: 3, backoffMs: 30_000 },
  async handle(_payload, run) {
    await runEnrolmentNotices(run.app);
  },
});

/** After an admin's change that may have enrolled people: they are told as soon as it commits. */
export async function queueEnrolmentNotices(ctx: AnonymousContext): Promise<void> {
  await enqueueJob(ctx, enrolmentNoticesJob, {});
}
