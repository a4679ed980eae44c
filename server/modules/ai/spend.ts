import type { Config } from '../../config.js';
import type { Mailer } from '../../lib/mailer.js';
import type { UserContext } from '../../lib/transactions.js';
import { type AnswerBudget, type AnswerUsage, type HoldRequest, type ModelChoice, type ResolvedModel, resolveModelFor } from '../../platform/ai/index.js';
import { AppError } from '../../lib/app-error.js';
import { billingCommunity, reserveSpend, settleSpend, unpricedPolicy } from './budget.service.js';
import { costOf, estimateCost, findPrice, type Price } from './prices.service.js';

export interface HeldAnswer {
  resolved: ResolvedModel;
  price: Price | null;
  usageId: string;
}

export type { HoldRequest };

/**
 * Before any provider call: resolves each model, prices it, and holds its estimated cost against
 * the caller's community budget (429 budget_exhausted when there is none left). A model without a
 * price follows the community's choice (issue 25): refused (409 model_unpriced), priced at the
 * default price, or (neither chosen) counted as 0 as before.
 */
export async function holdAnswers(ctx: UserContext, deps: { config: Readonly<Config>; mailer: Mailer }, request: HoldRequest): Promise<HeldAnswer[]> {
  const communityId = await billingCommunity(ctx, request.agentId);
  const policy = await unpricedPolicy(ctx, communityId);
  const prepared: Array<{ resolved: ResolvedModel; price: Price | null; estimate: number }> = [];
  for (const a of request.answers) {
    const resolved = await resolveModelFor(ctx.db, deps.config, a.choice);
    let price = await findPrice(ctx, resolved.modelId);
    if (!price && policy.block) {
      throw new AppError(
        'model_unpriced',
        `The model “${resolved.modelId}” has no price, and your community does not use models without one, so this was not sent. An administrator needs to give it a price.`,
        { details: { model: resolved.modelId } },
      );
    }
    price ??= policy.defaultPrice;
    prepared.push({ resolved, price, estimate: estimateCost(price, a.promptBytes, a.maxOutputTokens) });
  }
  const connections = new Set(prepared.map((p) => p.resolved.connectionId));
  const usageIds = await reserveSpend(ctx, deps.mailer, {
    communityId,
    agentId: request.agentId,
    source: request.source,
    connectionId: connections.size === 1 ? (prepared[0]?.resolved.connectionId ?? null) : null,
    items: prepared.map((p) => ({ model: p.resolved.modelId, estimate: p.estimate })),
  });
  return prepared.map((p, i) => ({ resolved: p.resolved, price: p.price, usageId: usageIds[i] ?? '' }));
}

/**
 * A hold made by an earlier transaction (the request that queued the work), taken up by the job
 * that does it: the model is resolved again (keys never travel in a job's payload).
 */
export async function resumeHold(ctx: UserContext, config: Readonly<Config>, choice: ModelChoice, usageId: string): Promise<HeldAnswer> {
  const resolved = await resolveModelFor(ctx.db, config, choice);
  return { resolved, price: await findPrice(ctx, resolved.modelId), usageId };
}

/** After the answer: its cost from the provider's own token counts, settled in the ledger. */
export async function settleAnswer(ctx: UserContext, held: Pick<HeldAnswer, 'price' | 'usageId'>, outcome: AnswerUsage): Promise<number | null> {
  const cost = costOf(held.price, outcome.inputTokens, outcome.outputTokens);
  if (held.usageId) await settleSpend(ctx, held.usageId, outcome.inputTokens, outcome.outputTokens, cost);
  return cost;
}

/** The budget as platform/ai's answerWith takes it (its port): holds and settles through this module. */
export function answerBudget(deps: { config: Readonly<Config>; mailer: Mailer }): AnswerBudget<HeldAnswer> {
  return {
    hold: (ctx, request) => holdAnswers(ctx, deps, request),
    settle: settleAnswer,
    resume: (ctx, choice, usageId) => resumeHold(ctx, deps.config, choice, usageId),
    release: async (ctx, usageId) => {
      await settleAnswer(ctx, { price: null, usageId }, { inputTokens: null, outputTokens: null });
    },
  };
}
