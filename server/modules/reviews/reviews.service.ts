import type { RubricCriterion } from '../../../contracts/content.js';
import type { AppealAttemptInput, CertificateStatus, ReviewAttemptInput, ReviewDetail, Reviewer, ReviewQueue } from '../../../contracts/reviews.js';
import { NEAR_PASS_MARK_POINTS } from '../../../contracts/reviews.js';
import { requireAdmin } from '../../lib/access.js';
import { AppError, notFound } from '../../lib/app-error.js';
import { textMail, type Mail } from '../../lib/mailer.js';
import { isAdmin, type UserContext } from '../../lib/transactions.js';
import { recordAudit } from '../audit/audit.service.js';
import { rubricOf } from '../content/content.service.js';
import { requireFeature } from '../flags/flags.service.js';
import { iso } from '../../lib/dates.js';
import * as q from './reviews.queries.js';

/**
 * Samples further apart than this (points, on any criterion) count as the evaluator disagreeing
 * with itself. Matches the scoring side's EVALUATOR_MAX_SPREAD default (ADR 0035): an attempt it sent
 * to review for its spread shows here as `disagreement`.
 */
export const DISAGREEMENT_SPREAD = 25;

const attemptNotFound = () => notFound('That attempt');
const certificateNotFound = () => notFound('That certificate');
const forbiddenReview = () => new AppError('forbidden', 'Only administrators and the reviewers they name for this community can change scores.');

/** What a change needs to say afterwards, outside the transaction (mail is sent after commit). */
export interface WithMail<T> {
  result: T;
  mails: Mail[];
}

/** Admins, and people named reviewers (of `communityId` when given). Anyone else: 403. */
async function requireReviewer(ctx: UserContext, communityId?: string): Promise<void> {
  await requireFeature(ctx, 'exercises');
  if (isAdmin(ctx)) return;
  if (!(await q.isReviewer(ctx, communityId))) throw new AppError('forbidden', 'Only administrators and the reviewers they name can see the review queue.');
}

const hoursSince = (at: Date, now: Date): number => Math.max(0, Math.floor((now.getTime() - at.getTime()) / 3_600_000));

export async function reviewQueue(ctx: UserContext, communityId: string | undefined): Promise<ReviewQueue> {
  await requireReviewer(ctx, communityId);
  const rows = await q.queue(ctx, communityId ?? null, NEAR_PASS_MARK_POINTS, DISAGREEMENT_SPREAD);
  const now = new Date();
  return {
    items: rows.map((r) => ({
      attemptId: r.attempt_id,
      reason: r.reason,
      waitingSince: iso(r.waiting_since),
      ageHours: hoursSince(new Date(r.waiting_since), now),
      exerciseId: r.exercise_id,
      exerciseTitle: r.exercise_title,
      userId: r.user_id,
      learnerName: r.learner_name,
      attemptNumber: r.attempt_number,
      status: r.status,
      score: r.score,
      passed: r.passed,
      passMark: r.pass_mark,
      graded: r.graded,
      appeal: r.appeal_criterion_id && r.appeal_text && r.appeal_at ? { criterionId: r.appeal_criterion_id, text: r.appeal_text, at: iso(r.appeal_at) } : null,
    })),
  };
}

interface ScoredCriterion {
  criterionId: string;
  score: number;
}

const parseJson = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);

function criteriaOf(value: unknown): Array<ScoredCriterion & { justification: string }> {
  const list = parseJson(value);
  if (!Array.isArray(list)) return [];
  return list.flatMap((c: unknown) => {
    if (typeof c !== 'object' || c === null) return [];
    const { criterionId, score, justification } = c as Record<string, unknown>;
    return typeof criterionId === 'string' && typeof score === 'number' ? [{ criterionId, score, justification: typeof justification === 'string' ? justification : '' }] : [];
  });
}

/** The weighted mean of the criteria, 0–100, as the evaluator computes it. */
export function weightedScore(rubric: RubricCriterion[], criteria: ScoredCriterion[]): number {
  const byId = new Map(criteria.map((c) => [c.criterionId, c.score]));
  const totalWeight = rubric.reduce((sum, c) => sum + c.weight, 0);
  if (totalWeight === 0) return 0;
  return Math.round(rubric.reduce((sum, c) => sum + c.weight * (byId.get(c.id) ?? 0), 0) / totalWeight);
}

/** The attempt and its exercise, for someone who may review it: 404 when they cannot see it, 403 when they see it but may not review. */
async function reviewable(ctx: UserContext, id: string): Promise<{ row: q.ReviewAttemptRow; context: q.AttemptContext; rubric: RubricCriterion[] }> {
  await requireFeature(ctx, 'exercises');
  const row = await q.findAttempt(ctx, id);
  if (!row) throw attemptNotFound();
  if (row.user_id === ctx.actor.userId) throw new AppError('own_attempt_review', 'You cannot review your own attempt.');
  const context = await q.attemptContext(ctx, id);
  // Visible but not reviewable: the learner's own community manager, say.
  if (!context) throw forbiddenReview();
  return { row, context, rubric: rubricOf(context.rubric) };
}

export async function reviewDetail(ctx: UserContext, id: string): Promise<ReviewDetail> {
  const { row, context, rubric } = await reviewable(ctx, id);
  const reviewCriteria = criteriaOf(row.review_criteria);
  return {
    attemptId: row.id,
    exerciseTitle: context.exercise_title,
    learnerName: context.learner_name,
    brief: context.brief,
    passMark: context.pass_mark,
    graded: context.graded,
    answer: row.answer,
    rubric: rubric.map((c) => ({ id: c.id, title: c.title, description: c.description, weight: c.weight })),
    evaluatorCriteria: criteriaOf(row.criteria),
    score: row.score,
    review:
      row.review_score !== null && row.review_passed !== null && row.review_reason !== null
        ? { score: row.review_score, passed: row.review_passed, reason: row.review_reason, criteria: reviewCriteria.map(({ criterionId, score }) => ({ criterionId, score })) }
        : null,
    appeal:
      row.appeal_criterion_id && row.appeal_text && row.appeal_at
        ? { criterionId: row.appeal_criterion_id, text: row.appeal_text, at: iso(row.appeal_at), resolvedAt: row.appeal_resolved_at ? iso(row.appeal_resolved_at) : null }
        : null,
  };
}

const effectivePass = (row: q.ReviewAttemptRow): boolean | null => (row.status === 'reviewed' ? row.review_passed : row.status === 'evaluated' ? row.passed : null);

/**
 * A person scores every criterion; the total is the weighted mean and the pass follows the pass mark
 * (a review of 20 is never a pass). Audited. Certificates resting on a pass it reverses are suspended
 * (lifted again if a later review restores it) and the trainers are told.
 */
export async function reviewAttempt(ctx: UserContext, id: string, input: ReviewAttemptInput, appUrl: string): Promise<WithMail<{ attemptId: string }>> {
  const { row, context, rubric } = await reviewable(ctx, id);
  if (row.status === 'open' || row.status === 'submitted') throw new AppError('attempt_not_scored', 'This attempt has not been scored yet; review it once it is.');
  const known = new Set(rubric.map((c) => c.id));
  const unknown = input.criteria.find((c) => !known.has(c.criterionId));
  if (unknown) throw new AppError('unknown_criterion', `“${unknown.criterionId}” is not a criterion of this exercise’s rubric.`, { details: { criterion: unknown.criterionId } });
  const missing = rubric.find((c) => !input.criteria.some((x) => x.criterionId === c.id));
  if (missing) throw new AppError('criterion_unscored', `Score the criterion “${missing.title}” too: every criterion needs a score.`, { details: { criterion: missing.title } });

  const criteria = rubric.map((c) => ({ criterionId: c.id, score: input.criteria.find((x) => x.criterionId === c.id)?.score ?? 0 }));
  const score = weightedScore(rubric, criteria);
  const passed = score >= context.pass_mark;
  const before = { status: row.status, score: row.score, passed: row.passed, review: { score: row.review_score, passed: row.review_passed, criteria: parseJson(row.review_criteria) } };
  const wasPassed = effectivePass(row);
  await q.saveReview(ctx, id, { score, passed, reason: input.reason, criteria, resolvesAppeal: row.appeal_at !== null && row.appeal_resolved_at === null });
  await recordAudit(ctx, {
    action: 'attempt.review',
    entityType: 'exercise_attempt',
    entityId: id,
    before,
    after: { status: 'reviewed', review: { score, passed, reason: input.reason, criteria }, userId: row.user_id, exerciseId: row.exercise_id, graded: context.graded },
  });

  const mails: Mail[] = [];
  if (wasPassed !== passed) {
    const changed = await q.recheckCertificates(ctx, id);
    if (changed.length > 0) {
      const trainers = await q.trainersOf(ctx, row.user_id);
      for (const certificate of changed) {
        await recordAudit(ctx, {
          action: certificate.suspended ? 'certificate.suspend' : 'certificate.reinstate',
          entityType: 'certificate',
          entityId: certificate.certificate_id,
          after: { attemptId: id, reviewedScore: score, passed },
        });
        for (const trainer of trainers) {
          mails.push(
            textMail(
              trainer.email,
              certificate.suspended ? `Certificate suspended: ${certificate.program_title}` : `Certificate valid again: ${certificate.program_title}`,
              certificate.suspended
                ? `A review of ${certificate.holder_name}'s attempt at “${context.exercise_title}” scored it ${score}, below the pass mark of ${context.pass_mark}. The certificate for “${certificate.program_title}” rested on that pass, so it is suspended: verification now shows it as suspended. Review it at ${appUrl.replace(/\/+$/, '')}/reviews.`
                : `A new review of ${certificate.holder_name}'s attempt at “${context.exercise_title}” passed it (${score}). The certificate for “${certificate.program_title}” is valid again.`,
            ),
          );
        }
      }
    }
  }
  return { result: { attemptId: id }, mails };
}

/** The learner contests one criterion with a sentence, once per attempt; the trainers are told. */
export async function appealAttempt(ctx: UserContext, id: string, input: AppealAttemptInput, appUrl: string): Promise<WithMail<{ attemptId: string }>> {
  await requireFeature(ctx, 'exercises');
  const row = await q.findAttempt(ctx, id);
  if (!row || row.user_id !== ctx.actor.userId) throw attemptNotFound();
  if (row.status !== 'evaluated' && row.status !== 'reviewed') throw new AppError('appeal_needs_score', 'You can appeal once the attempt has a score.');
  if (row.appeal_at !== null) throw new AppError('appeal_exists', 'You have already appealed this attempt: a trainer will look at it.');
  const scored = criteriaOf(row.status === 'reviewed' && row.review_criteria ? row.review_criteria : row.criteria);
  if (!scored.some((c) => c.criterionId === input.criterionId)) throw new AppError('appeal_criterion_unknown', 'Choose one of the criteria this attempt was scored on.');
  await q.saveAppeal(ctx, id, input);
  await recordAudit(ctx, { action: 'attempt.appeal', entityType: 'exercise_attempt', entityId: id, after: { criterionId: input.criterionId, text: input.text } });
  const trainers = await q.trainersOf(ctx, ctx.actor.userId);
  const mails = trainers.map((t) =>
    textMail(
      t.email,
      'A learner appealed a score',
      `A learner appealed the score of one criterion of an attempt: “${input.text}”. It is waiting in the review queue: ${appUrl.replace(/\/+$/, '')}/reviews.`,
    ),
  );
  return { result: { attemptId: id }, mails };
}

// ----- reviewers -----------------------------------------------------------------------------------

async function requireCommunity(ctx: UserContext, communityId: string): Promise<void> {
  const community = await ctx.db.selectFrom('communities').select('id').where('id', '=', communityId).executeTakeFirst();
  if (!community) throw notFound('That community');
}

export async function listReviewers(ctx: UserContext, communityId: string): Promise<{ items: Reviewer[] }> {
  requireAdmin(ctx);
  await requireCommunity(ctx, communityId);
  const rows = await q.listReviewers(ctx, communityId);
  return { items: rows.map((r) => ({ userId: r.user_id, displayName: r.display_name, email: r.email, addedAt: iso(r.added_at) })) };
}

export async function addReviewer(ctx: UserContext, communityId: string, userId: string): Promise<{ items: Reviewer[] }> {
  requireAdmin(ctx);
  await requireCommunity(ctx, communityId);
  const user = await ctx.db.selectFrom('users').select(['id', 'status']).where('id', '=', userId).executeTakeFirst();
  if (!user) throw notFound('That person');
  await q.addReviewer(ctx, communityId, userId);
  await recordAudit(ctx, { action: 'community.reviewer.add', entityType: 'community', entityId: communityId, after: { userId } });
  return listReviewers(ctx, communityId);
}

export async function removeReviewer(ctx: UserContext, communityId: string, userId: string): Promise<void> {
  requireAdmin(ctx);
  await requireCommunity(ctx, communityId);
  if ((await q.removeReviewer(ctx, communityId, userId)) === 0) throw notFound('That reviewer');
  await recordAudit(ctx, { action: 'community.reviewer.remove', entityType: 'community', entityId: communityId, before: { userId } });
}

// ----- certificates ----------------------------------------------------------------------------------

const statusOf = (row: NonNullable<Awaited<ReturnType<typeof q.findCertificate>>>): CertificateStatus => ({
  id: row.id,
  revoked: row.revoked,
  revokedAt: row.revoked_at ? iso(row.revoked_at) : null,
  revokedReason: row.revoked_reason,
  suspendedAt: row.suspended_at ? iso(row.suspended_at) : null,
});

/** Admins revoke a certificate for good, with a reason; audited. Revoking twice is 409. */
export async function revokeCertificate(ctx: UserContext, id: string, reason: string): Promise<CertificateStatus> {
  await requireFeature(ctx, 'programs');
  const row = await q.findCertificate(ctx, id);
  // The holder can read their own certificate; anyone who is not an admin gets the same answer as for a stranger's.
  if (!row || !isAdmin(ctx)) {
    if (row && !isAdmin(ctx)) throw new AppError('forbidden', 'Only administrators can revoke a certificate.');
    throw certificateNotFound();
  }
  if (row.revoked) throw new AppError('certificate_already_revoked', 'This certificate is already revoked.');
  await q.revokeCertificate(ctx, id, reason);
  const after = await q.findCertificate(ctx, id);
  if (!after) throw certificateNotFound();
  await recordAudit(ctx, { action: 'certificate.revoke', entityType: 'certificate', entityId: id, before: { revoked: false }, after: { revoked: true, reason, holderId: row.user_id } });
  return statusOf(after);
}
