import type { ModelPrice } from '../../../contracts/ai.js';
import { requireAdmin } from '../../lib/access.js';
import type { UserContext } from '../../lib/transactions.js';
import { recordAudit } from '../audit/audit.service.js';

/** Without any price, amounts are shown in this currency (and every answer costs 0). */
export const DEFAULT_CURRENCY = 'USD';

export async function listPrices(ctx: UserContext): Promise<ModelPrice[]> {
  const rows = await ctx.db.selectFrom('ai_prices').select(['model', 'input_per_million', 'output_per_million', 'currency']).orderBy('model').execute();
  return rows.map((r) => ({ model: r.model, inputPerMillion: Number(r.input_per_million), outputPerMillion: Number(r.output_per_million), currency: r.currency }));
}

/** Replaces the whole price table (what an admin saw and edited is what is stored). */
export async function replacePrices(ctx: UserContext, prices: ModelPrice[]): Promise<ModelPrice[]> {
  requireAdmin(ctx);
  const before = await listPrices(ctx);
  await ctx.db.deleteFrom('ai_prices').where('model', 'is not', null).execute();
  if (prices.length > 0) {
    await ctx.db
      .insertInto('ai_prices')
      .values(prices.map((p) => ({ model: p.model, input_per_million: p.inputPerMillion, output_per_million: p.outputPerMillion, currency: p.currency, updated_by: ctx.actor.userId })))
      .execute();
  }
  const after = await listPrices(ctx);
  await recordAudit(ctx, { action: 'ai_prices.replace', entityType: 'ai_prices', before: { prices: before }, after: { prices: after } });
  return after;
}

export async function currencyOf(ctx: UserContext): Promise<string> {
  const row = await ctx.db.selectFrom('ai_prices').select('currency').limit(1).executeTakeFirst();
  return row?.currency ?? DEFAULT_CURRENCY;
}

export interface Price {
  inputPerMillion: number;
  outputPerMillion: number;
}

export async function findPrice(ctx: UserContext, model: string): Promise<Price | null> {
  const row = await ctx.db.selectFrom('ai_prices').select(['input_per_million', 'output_per_million']).where('model', '=', model).executeTakeFirst();
  return row ? { inputPerMillion: Number(row.input_per_million), outputPerMillion: Number(row.output_per_million) } : null;
}

/** Rounded to a millionth, as stored. Null when unknown: the model has no price, or the provider reported no usage. */
export function costOf(price: Price | null, inputTokens: number | null, outputTokens: number | null): number | null {
  if (!price || (inputTokens === null && outputTokens === null)) return null;
  const cost = ((inputTokens ?? 0) * price.inputPerMillion + (outputTokens ?? 0) * price.outputPerMillion) / 1_000_000;
  return Math.round(cost * 1_000_000) / 1_000_000;
}

/**
 * Prompt tokens estimated from UTF-8 bytes, not characters: an English token is about four bytes,
 * a Chinese or Japanese character is three bytes and about one token. Counting characters (four a
 * token) let 50 parallel Chinese messages overspend a budget by 170 % (issue 26); three bytes a
 * token holds at least the real count for every script and over-holds English by about a third,
 * which the settlement gives back.
 */
export const estimatePromptTokens = (promptBytes: number): number => Math.ceil(promptBytes / 3);

/** The most an answer should cost, held against the budget while it streams: the prompt's tokens and the whole output allowance. */
export function estimateCost(price: Price | null, promptBytes: number, maxOutputTokens: number): number {
  return costOf(price, estimatePromptTokens(promptBytes), maxOutputTokens) ?? 0;
}
