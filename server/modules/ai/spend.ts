import type { Config } from '../../config.js';
import type { Mailer } from '../../lib/mailer.js';
import type { UserContext } from '../../lib/transactions.js';
import type { AnswerOutcome } from '../chat/chat.service.js';
import { type ModelChoice, type ResolvedModel, resolveModelFor } from '../chat/providers.js';
import { billingCommunity, reserveSpend, settleSpend } from './budget.service.js';
import { costOf, estimateCost, findPrice, type Price } from './prices.service.js';

export interface HeldAnswer {
  resolved: ResolvedModel;
  price: Price | null;
  usageId: string;
}

export interface HoldRequest {
  source: 'chat' | 'lab' | 'evaluator';
  /** The agent answering, or the exercise whose evaluator scores. */
  agentId: string | null;
  /** One per answer (the Prompt Lab asks for up to three at once, held together or not at all). */
  answers: Array<{ choice: ModelChoice; /** UTF-8 bytes of everything sent (see estimatePromptTokens). */ promptBytes: number; maxOutputTokens: number }>;
}

/**
 * Before any provider call: resolves each model, prices it, and holds its estimated cost against
 * the caller's community budget (429 budget_exhausted when there is none left).
 */
export async function holdAnswers(ctx: UserContext, deps: { config: Readonly<Config>; mailer: Mailer }, request: HoldRequest): Promise<HeldAnswer[]> {
  const prepared: Array<{ resolved: ResolvedModel; price: Price | null; estimate: number }> = [];
  for (const a of request.answers) {
    const resolved = await resolveModelFor(ctx.db, deps.config, a.choice);
    const price = await findPrice(ctx, resolved.modelId);
    prepared.push({ resolved, price, estimate: estimateCost(price, a.promptBytes, a.maxOutputTokens) });
  }
  const communityId = await billingCommunity(ctx, request.agentId);
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
export async function settleAnswer(ctx: UserContext, held: Pick<HeldAnswer, 'price' | 'usageId'>, outcome: Pick<AnswerOutcome, 'inputTokens' | 'outputTokens'>): Promise<number | null> {
  const cost = costOf(held.price, outcome.inputTokens, outcome.outputTokens);
  if (held.usageId) await settleSpend(ctx, held.usageId, outcome.inputTokens, outcome.outputTokens, cost);
  return cost;
}
