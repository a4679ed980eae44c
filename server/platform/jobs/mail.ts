import { z } from 'zod';
import type { Mail } from '../../lib/mailer.js';
import type { AnonymousContext } from '../../lib/transactions.js';
import { defineJob, enqueueJob } from './job.js';

const mailSchema = z.object({ to: z.string().min(1), subject: z.string(), text: z.string(), html: z.string() });

/**
 * Every mail the server sends (ADR 0047): queued in the transaction that decided it, sent by the job
 * runner, retried with back-off when the mail server fails. The request never waits for it, and a
 * crash after the commit only delays it: the next start sends it. A send that succeeded but whose
 * claim could not be closed (a crash in between) may be sent again once its lease runs out; a
 * short lease keeps that window small.
 */
export const sendMailJob = defineJob<Mail>({
  name: 'mail.send',
  payload: mailSchema,
  retry: { attempts: 8, backoffMs: 30_000, maxBackoffMs: 60 * 60_000 },
  leaseMs: 2 * 60_000,
  async handle(mail, run) {
    await run.app.services.mailer.send(mail);
    run.log.info({ event: 'mail.sent', subject: mail.subject }, 'mail sent');
  },
});

/** Queues `mail` in the caller's transaction: sent only if it commits. */
export async function enqueueMail(ctx: AnonymousContext, mail: Mail): Promise<void> {
  await enqueueJob(ctx, sendMailJob, mail);
}
