import { sql } from 'kysely';
import type { z } from 'zod';
import type { BudgetStatus, budgetInputSchema } from '../../../contracts/ai.js';
import { requireAdmin } from '../../lib/access.js';
import { AppError, notFound } from '../../lib/app-error.js';
import type { Language } from '../../../contracts/users.js';
import { emailT, formatForMail } from '../../lib/email-i18n.js';
import { type Mailer, textMail } from '../../lib/mailer.js';
import { enqueueMail } from '../../platform/jobs/index.js';
import { isAdmin, type UserContext } from '../../lib/transactions.js';
import { recordAudit } from '../audit/audit.service.js';
import { currencyOf } from './prices.service.js';

/**
 * The community an answer is billed to: among the caller's communities, one the agent is assigned
 * to (the earliest joined), else the earliest joined; null for someone in no community (an admin
 * trying an agent), whose use is recorded but limited by no budget.
 */
export async function billingCommunity(ctx: UserContext, agentId: string | null): Promise<string | null> {
  let query = ctx.db.selectFrom('community_members as cm').select('cm.community_id').where('cm.user_id', '=', ctx.actor.userId);
  if (agentId) {
    query = query.orderBy(
      (eb) => eb.exists(eb.selectFrom('content_assignments as a').select(sql`1`.as('one')).where('a.content_id', '=', agentId).whereRef('a.community_id', '=', 'cm.community_id')),
      'desc',
    );
  }
  const row = await query.orderBy('cm.created_at').orderBy('cm.community_id').limit(1).executeTakeFirst();
  return row?.community_id ?? null;
}

export interface SpendRequest {
  communityId: string | null;
  agentId: string | null;
  source: 'chat' | 'lab' | 'evaluator';
  connectionId: string | null;
  items: Array<{ model: string; estimate: number }>;
}

function untilText(seconds: number): string {
  if (seconds < 3600) return `${Math.max(1, Math.ceil(seconds / 60))} min`;
  if (seconds < 2 * 86_400) return `${Math.floor(seconds / 3600)} h ${Math.ceil((seconds % 3600) / 60)} min`;
  return `${Math.ceil(seconds / 86_400)} days`;
}

/**
 * Holds the answers' estimated cost against the community's budget, before any provider call; the
 * database serialises concurrent holds (ADR 0013). Refused: 429 budget_exhausted with Retry-After.
 * Crossing the soft threshold mails the community's managers and the admins once a month.
 */
export async function reserveSpend(ctx: UserContext, _mailer: Mailer, request: SpendRequest): Promise<string[]> {
  const { rows } = await sql<{ usage_ids: string[] | null; refusal: 'monthly' | 'daily' | null; retry_after_seconds: number | null; spent: string; monthly_limit: string | null; alert_emails: string[] | null }>`
    select * from app.reserve_ai_spend(${request.communityId}::uuid, ${request.agentId}::uuid, ${request.source}, ${request.connectionId}::uuid,
      ${request.items.map((i) => i.model)}::text[], ${request.items.map((i) => i.estimate)}::numeric[])`.execute(ctx.db);
  const row = rows[0];
  if (!row) throw new Error('reserve_ai_spend returned nothing');
  if (row.refusal) {
    const retryAfter = Math.max(1, row.retry_after_seconds ?? 60);
    const used = row.refusal === 'monthly' ? 'Your community has used its AI budget for this month' : 'You have used your AI allowance for today';
    const resets = row.refusal === 'monthly' ? `at the start of next month (in ${untilText(retryAfter)})` : `at midnight UTC (in ${untilText(retryAfter)})`;
    // A refused evaluation keeps the submitted answer (ADR 0027); a refused message is kept by the client.
    const message =
      request.source === 'evaluator'
        ? `${used}, so your attempt was not scored. Your answer is saved: submit it again once the budget resets ${resets}.`
        : `${used}, so this message was not sent. It resets ${resets}.`;
    throw new AppError('budget_exhausted', message, { headers: { 'retry-after': String(retryAfter) }, details: { scope: row.refusal, retryAfterSeconds: retryAfter } });
  }
  const recipients = row.alert_emails ?? [];
  if (recipients.length > 0 && request.communityId) {
    const community = await ctx.db.selectFrom('communities').select('name').where('id', '=', request.communityId).executeTakeFirst();
    const currency = await currencyOf(ctx);
    const spent = Number(row.spent);
    const limit = Number(row.monthly_limit ?? 0);
    // Each recipient reads the alert in their own language (ADR 0022); English when not chosen.
    const { rows: saved } = await sql<{ email: string; language: Language | null }>`
      select * from app.alert_languages(${request.communityId}::uuid, ${recipients}::text[])`.execute(ctx.db);
    const languageOf = new Map(saved.map((r) => [r.email, r.language]));
    const mails = recipients.map((to) => {
      const language = languageOf.get(to) ?? 'en';
      const t = emailT(language);
      const format = formatForMail(language);
      const name = community?.name ?? t('budget.someCommunity');
      const text = t('budget.body', {
        community: name,
        percent: format.percent(limit > 0 ? spent / limit : 1),
        spent: format.money(spent, currency),
        limit: format.money(limit, currency),
      });
      return textMail(to, t('budget.subject', { community: name }), text);
    });
    for (const mail of mails) await enqueueMail(ctx, mail);
  }
  return row.usage_ids ?? [];
}

export async function settleSpend(ctx: UserContext, usageId: string, inputTokens: number | null, outputTokens: number | null, cost: number | null): Promise<void> {
  await sql`select app.settle_ai_spend(${usageId}::uuid, ${inputTokens}::integer, ${outputTokens}::integer, ${cost ?? 0}::numeric)`.execute(ctx.db);
}

const nextMonthStart = () => {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)).toISOString();
};

/**
 * Models offered by a connection that have no price: answers from them would count as 0 (issue 25).
 * Admins only (members cannot read connections); the budget and connection pages warn with it.
 */
export async function unpricedModels(ctx: UserContext): Promise<string[]> {
  if (!isAdmin(ctx)) return [];
  const { rows } = await sql<{ model: string }>`
    select distinct m.model from ai_connections c cross join lateral unnest(c.models) as m(model)
    where not exists (select 1 from ai_prices p where p.model = m.model) order by m.model`.execute(ctx.db);
  return rows.map((r) => r.model);
}

/** What the community's budget does with an answer from a model without a price (issue 25). */
export interface UnpricedPolicy {
  block: boolean;
  defaultPrice: { inputPerMillion: number; outputPerMillion: number } | null;
}

export async function unpricedPolicy(ctx: UserContext, communityId: string | null): Promise<UnpricedPolicy> {
  if (!communityId) return { block: false, defaultPrice: null };
  const row = await ctx.db
    .selectFrom('community_budgets')
    .select(['block_unpriced_models', 'default_input_per_million', 'default_output_per_million'])
    .where('community_id', '=', communityId)
    .executeTakeFirst();
  if (!row) return { block: false, defaultPrice: null };
  return {
    block: row.block_unpriced_models,
    defaultPrice:
      row.default_input_per_million === null || row.default_output_per_million === null
        ? null
        : { inputPerMillion: Number(row.default_input_per_million), outputPerMillion: Number(row.default_output_per_million) },
  };
}

/** The budget and this month's spend: for admins and the community's own members (its banner). */
export async function budgetStatus(ctx: UserContext, communityId: string): Promise<BudgetStatus> {
  const community = await ctx.db.selectFrom('communities').select('id').where('id', '=', communityId).executeTakeFirst();
  if (!community) throw notFound('That community');
  const budget = await ctx.db
    .selectFrom('community_budgets')
    .select(['monthly_limit', 'soft_limit_percent', 'per_member_daily_limit', 'block_unpriced_models', 'default_input_per_million', 'default_output_per_million'])
    .where('community_id', '=', communityId)
    .executeTakeFirst();
  const { rows } = await sql<{ spent: string }>`select app.community_month_spend(${communityId}::uuid) as spent`.execute(ctx.db);
  const spent = Number(rows[0]?.spent ?? 0);
  const limit = budget ? Number(budget.monthly_limit) : null;
  const percent = limit === null ? null : limit === 0 ? 100 : Math.round((spent / limit) * 1000) / 10;
  return {
    communityId,
    budget: budget
      ? {
          monthlyLimit: Number(budget.monthly_limit),
          softLimitPercent: budget.soft_limit_percent,
          perMemberDailyLimit: budget.per_member_daily_limit === null ? null : Number(budget.per_member_daily_limit),
          blockUnpricedModels: budget.block_unpriced_models,
          defaultPrice:
            budget.default_input_per_million === null || budget.default_output_per_million === null
              ? null
              : { inputPerMillion: Number(budget.default_input_per_million), outputPerMillion: Number(budget.default_output_per_million) },
        }
      : null,
    unpricedModels: await unpricedModels(ctx),
    currency: await currencyOf(ctx),
    spent: Math.round(spent * 1_000_000) / 1_000_000,
    percent,
    softReached: budget !== undefined && limit !== null && spent >= (limit * budget.soft_limit_percent) / 100,
    hardReached: limit !== null && spent >= limit,
    resetsAt: nextMonthStart(),
  };
}

export async function putBudget(ctx: UserContext, communityId: string, input: z.output<typeof budgetInputSchema>): Promise<BudgetStatus> {
  requireAdmin(ctx);
  const before = await budgetStatus(ctx, communityId);
  const values = {
    monthly_limit: input.monthlyLimit,
    soft_limit_percent: input.softLimitPercent,
    per_member_daily_limit: input.perMemberDailyLimit,
    block_unpriced_models: input.blockUnpricedModels,
    default_input_per_million: input.defaultPrice?.inputPerMillion ?? null,
    default_output_per_million: input.defaultPrice?.outputPerMillion ?? null,
    updated_by: ctx.actor.userId,
    updated_at: new Date(),
  };
  await ctx.db
    .insertInto('community_budgets')
    .values({ community_id: communityId, ...values })
    // A raised threshold may be crossed again this month: alert again then.
    .onConflict((oc) => oc.column('community_id').doUpdateSet({ ...values, soft_notified_month: null }))
    .execute();
  const after = await budgetStatus(ctx, communityId);
  await recordAudit(ctx, { action: 'community.budget', entityType: 'community', entityId: communityId, before: before.budget, after: after.budget });
  return after;
}

/** Members see their own community's budget; anyone else gets 404 (the community's policy decides). */
export async function requireBudgetReader(ctx: UserContext, communityId: string): Promise<void> {
  if (isAdmin(ctx)) return;
  const member = await ctx.db.selectFrom('community_members').select('community_id').where('community_id', '=', communityId).where('user_id', '=', ctx.actor.userId).executeTakeFirst();
  if (!member) throw notFound('That community');
}
