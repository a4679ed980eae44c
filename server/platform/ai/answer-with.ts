import type { FastifyBaseLogger } from 'fastify';
import type { UserContext } from '../../lib/transactions.js';
import type { ModelChoice, ResolvedModel } from './providers.js';
import { runAnswer, type RunAnswerOptions, type RunOutcome } from './run-answer.js';

/** One answer to hold budget for: the model asked for and the size of what is sent. */
export interface AnswerRequest {
  choice: ModelChoice;
  /** UTF-8 bytes of everything sent (the estimate before the provider counts). */
  promptBytes: number;
  maxOutputTokens: number;
}

export interface HoldRequest {
  source: 'chat' | 'lab' | 'evaluator';
  /** The agent answering, or the exercise whose evaluator scores. */
  agentId: string | null;
  /** One per answer (the Prompt Lab asks for up to three at once, held together or not at all). */
  answers: AnswerRequest[];
}

/** The provider's own token counts, from which the cost is settled. */
export interface AnswerUsage {
  inputTokens: number | null;
  outputTokens: number | null;
}

/**
 * The budget as the ai module keeps it (resolve each model, price it, reserve its estimate; later
 * settle the real cost). Platform code reaches the module only through this port, so the module
 * graph keeps platform below every module (ADR 0047).
 */
export interface AnswerBudget<H extends Held> {
  hold(ctx: UserContext, request: HoldRequest): Promise<H[]>;
  settle(ctx: UserContext, held: H, usage: AnswerUsage): Promise<number | null>;
  /** A hold an earlier transaction made (the request that queued the work), taken up by the job doing it: the model is resolved again. */
  resume(ctx: UserContext, choice: ModelChoice, usageId: string): Promise<H>;
  /** Gives back a hold nothing was spent on. */
  release(ctx: UserContext, usageId: string): Promise<void>;
}

/** What the budget answers per held answer: the model resolved for it and the ledger row it holds. */
export interface Held {
  resolved: ResolvedModel;
  usageId: string;
}

/** Runs work in a transaction as the caller (request.asUser before the response, runAsUser after it). */
export type AsUser = <T>(work: (ctx: UserContext) => Promise<T>) => Promise<T>;

export interface AnswerHandle<H extends Held> {
  held: H;
  resolved: ResolvedModel;
  /**
   * After the call: settles the cost from the provider's counts and saves the caller's record, in
   * one transaction. A failure there is logged and answers null, never thrown: the caller still owes
   * the person what arrived (the chat marks it cut off).
   */
  settle<S>(usage: AnswerUsage, save: (ctx: UserContext, cost: number | null) => Promise<S>): Promise<S | null>;
  /** Calls the model with the one failure handling (provider errors, stalls, stops, shutdown become the outcome), then settles. */
  complete<S>(call: Omit<RunAnswerOptions, 'resolved'>, save: (ctx: UserContext, outcome: RunOutcome, cost: number | null) => Promise<S>): Promise<{ outcome: RunOutcome; saved: S | null }>;
}

export interface AnswerWithOptions<P, H extends Held> {
  budget: AnswerBudget<H>;
  log: FastifyBaseLogger;
  /** The caller's transaction before any provider call: its own writes commit with the hold, or neither does. */
  now: AsUser;
  /** A fresh transaction after the call (the request's own may be over, e.g. once a stream began). */
  later: AsUser;
  /** The caller's writes (a member's message, a run) and what to hold; a refused hold (429 budget_exhausted) undoes them. */
  prepare: (ctx: UserContext) => Promise<{ plan: P; request: HoldRequest }>;
  /** Names the log line of a save that failed ("chat.save_failed"). */
  event: string;
  /** Writes that need the holds (a queued job that will take one up), in the same transaction. */
  afterHold?: (ctx: UserContext, plan: P, held: H[]) => Promise<void>;
}

/**
 * The one path of every AI call (chat, Prompt Lab, the exercise evaluator): resolve the model →
 * hold the budget (with the caller's writes, before any network call) → call → settle the cost.
 * Answers the caller's plan and one handle per held answer; the caller decides how the answer is
 * delivered (a stream, a JSON body, a stored score).
 */
export async function answerWith<P, H extends Held>(options: AnswerWithOptions<P, H>): Promise<{ plan: P; answers: AnswerHandle<H>[] }> {
  const { budget, log, later, event } = options;
  const { plan, held } = await options.now(async (ctx) => {
    const prepared = await options.prepare(ctx);
    const holds = await budget.hold(ctx, prepared.request);
    if (holds.length !== prepared.request.answers.length) throw new Error('the budget held a different number of answers than asked');
    await options.afterHold?.(ctx, prepared.plan, holds);
    return { plan: prepared.plan, held: holds };
  });
  return { plan, answers: held.map((h) => handleOf(h, budget, log, later, event)) };
}

function handleOf<H extends Held>(h: H, budget: AnswerBudget<H>, log: FastifyBaseLogger, later: AsUser, event: string): AnswerHandle<H> {
  const settle = <S>(usage: AnswerUsage, save: (ctx: UserContext, cost: number | null) => Promise<S>): Promise<S | null> =>
    later(async (ctx) => save(ctx, await budget.settle(ctx, h, usage))).catch((err: unknown) => {
      log.error({ err, event }, 'could not save an answer');
      return null;
    });
  return {
    held: h,
    resolved: h.resolved,
    settle,
    async complete(call, save) {
      const outcome = await runAnswer({ ...call, resolved: h.resolved });
      const saved = await settle(outcome, (ctx, cost) => save(ctx, outcome, cost));
      return { outcome, saved };
    },
  };
}

export interface AnswerHeldOptions<P, H extends Held> {
  budget: AnswerBudget<H>;
  log: FastifyBaseLogger;
  /** A transaction as the person the work is for (a job acting as the member who queued it). */
  as: AsUser;
  /** The hold the request made (its ledger row), carried in the job's payload. */
  usageId: string;
  /** What the work needs and the model it asks for; null when there is nothing left to do (the hold is left as it is: an earlier delivery settled it). */
  take: (ctx: UserContext) => Promise<{ plan: P; choice: ModelChoice } | null>;
  /** The work cannot go on (a connection removed since): record why, with the hold released; the error is then thrown. */
  refused: (ctx: UserContext, error: unknown) => Promise<void>;
  event: string;
}

/**
 * The second half of `answerWith` for work queued by a request (the exercise evaluator's scoring
 * job): the request held the budget and queued the job in one transaction; the job takes the hold
 * up here, resolving the model again (keys never travel in a job's payload), and calls and settles
 * through the same handle as every other answer.
 */
export async function answerHeld<P, H extends Held>(options: AnswerHeldOptions<P, H>): Promise<{ plan: P; answer: AnswerHandle<H> } | null> {
  const { budget, as, usageId } = options;
  try {
    const work = await as(async (ctx) => {
      const found = await options.take(ctx);
      return found ? { plan: found.plan, held: await budget.resume(ctx, found.choice, usageId) } : null;
    });
    if (!work) return null;
    return { plan: work.plan, answer: handleOf(work.held, budget, options.log, as, options.event) };
  } catch (error) {
    await as(async (ctx) => {
      await budget.release(ctx, usageId);
      await options.refused(ctx, error);
    });
    throw error;
  }
}
