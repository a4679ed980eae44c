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
export interface AnswerBudget<H extends { resolved: ResolvedModel }> {
  hold(ctx: UserContext, request: HoldRequest): Promise<H[]>;
  settle(ctx: UserContext, held: H, usage: AnswerUsage): Promise<number | null>;
}

/** Runs work in a transaction as the caller (request.asUser before the response, runAsUser after it). */
export type AsUser = <T>(work: (ctx: UserContext) => Promise<T>) => Promise<T>;

export interface AnswerHandle<H extends { resolved: ResolvedModel }> {
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

export interface AnswerWithOptions<P, H extends { resolved: ResolvedModel }> {
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
}

/**
 * The one path of every AI call (chat, Prompt Lab, the exercise evaluator): resolve the model →
 * hold the budget (with the caller's writes, before any network call) → call → settle the cost.
 * Answers the caller's plan and one handle per held answer; the caller decides how the answer is
 * delivered (a stream, a JSON body, a stored score).
 */
export async function answerWith<P, H extends { resolved: ResolvedModel }>(options: AnswerWithOptions<P, H>): Promise<{ plan: P; answers: AnswerHandle<H>[] }> {
  const { budget, log, later, event } = options;
  const { plan, held } = await options.now(async (ctx) => {
    const prepared = await options.prepare(ctx);
    const holds = await budget.hold(ctx, prepared.request);
    if (holds.length !== prepared.request.answers.length) throw new Error('the budget held a different number of answers than asked');
    return { plan: prepared.plan, held: holds };
  });
  const answers = held.map((h): AnswerHandle<H> => {
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
  });
  return { plan, answers };
}
