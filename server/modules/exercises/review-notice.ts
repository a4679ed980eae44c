import { sql } from 'kysely';
import { textMail } from '../../lib/mailer.js';
import type { UserContext } from '../../lib/transactions.js';
import { enqueueMail } from '../../platform/jobs/index.js';

/**
 * An attempt the scoring sent to a person (the evaluator unsure, or its samples disagreeing): the
 * learner's trainers are told once, when it enters the queue — the attempt leaves `submitted` only
 * once, so a job delivered twice cannot tell them twice. Called as the learner, like an appeal; the
 * mails are queued in the same transaction as the verdict. (Here rather than in reviews, which
 * already reads attempts through this module: the other direction would close a module cycle.)
 */
export async function queueReviewNeededMails(ctx: UserContext, input: { exerciseTitle: string; disagreement: boolean; appUrl: string }): Promise<void> {
  const { rows: trainers } = await sql<{ email: string }>`select email from app.review_trainers(${ctx.actor.userId}::uuid)`.execute(ctx.db);
  const why = input.disagreement ? 'the evaluator’s samples disagreed with each other' : 'the evaluator could not decide it on its own';
  for (const trainer of trainers) {
    await enqueueMail(
      ctx,
      textMail(
        trainer.email,
        'An attempt is waiting for a review',
        `An attempt at “${input.exerciseTitle}” needs a person: ${why}. It is waiting in the review queue: ${input.appUrl.replace(/\/+$/, '')}/reviews.`,
      ),
    );
  }
}
