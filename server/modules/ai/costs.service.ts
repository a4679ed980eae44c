import { sql } from 'kysely';
import type { z } from 'zod';
import type { Costs, costsQuerySchema } from '../../../contracts/ai.js';
import type { UserContext } from '../../lib/transactions.js';
import { resolveScope } from '../analytics/analytics.service.js';
import { currencyOf } from './prices.service.js';

interface Figures {
  answers: number;
  input_tokens: number;
  output_tokens: number;
  cost: string;
}

const figures = (r: Figures) => ({ answers: Number(r.answers), inputTokens: Number(r.input_tokens), outputTokens: Number(r.output_tokens), cost: Math.round(Number(r.cost) * 1_000_000) / 1_000_000 });

/**
 * What practice cost in a range, by community, agent and member, read from the spend ledger (never
 * from transcripts). Admins: everything or one community; managers: the communities they manage.
 * Holds still in flight count at their estimate.
 */
export async function costs(ctx: UserContext, query: z.output<typeof costsQuerySchema>): Promise<Costs> {
  const scope = await resolveScope(ctx, query);
  const inScope = scope.communityIds === null ? sql<boolean>`true` : sql<boolean>`u.community_id = any(${scope.communityIds}::uuid[])`;
  const amount = sql`coalesce(sum(case when u.status = 'settled' then coalesce(u.cost, 0) else u.reserved end), 0)`;
  const base = sql`from ai_usage u where ${inScope} and u.created_at >= ${scope.from}::date::timestamptz and u.created_at < (${scope.to}::date + 1)::timestamptz`;
  const totals = sql`count(*)::int as answers, coalesce(sum(u.input_tokens), 0)::int as input_tokens, coalesce(sum(u.output_tokens), 0)::int as output_tokens, ${amount} as cost`;

  const [total, byCommunity, byAgent, byMember] = [
    (await sql<Figures>`select ${totals} ${base}`.execute(ctx.db)).rows[0],
    (
      await sql<Figures & { id: string | null; name: string | null }>`
        select u.community_id as id, (select c.name from communities c where c.id = u.community_id) as name, ${totals} ${base}
         group by u.community_id order by cost desc, name`.execute(ctx.db)
    ).rows,
    (
      await sql<Figures & { id: string | null; source: string; title: string | null }>`
        select u.agent_id as id, min(u.source) as source, (select ci.title from content_items ci where ci.id = u.agent_id) as title, ${totals} ${base}
         group by u.agent_id order by cost desc, title`.execute(ctx.db)
    ).rows,
    (
      await sql<Figures & { id: string | null; name: string | null }>`
        select u.user_id as id, (select us.display_name from users us where us.id = u.user_id) as name, ${totals} ${base}
           -- Per person only where the caller may look at that person (not in a works-council community, ADR 0042).
           and (app.is_admin() or u.user_id = app.current_user_id() or u.user_id in (select app.my_managed_user_ids()))
         group by u.user_id order by cost desc, name`.execute(ctx.db)
    ).rows,
  ];
  return {
    range: { from: scope.from, to: scope.to },
    currency: await currencyOf(ctx),
    total: figures(total ?? { answers: 0, input_tokens: 0, output_tokens: 0, cost: '0' }),
    byCommunity: byCommunity.map((r) => ({ communityId: r.id, name: r.name ?? (r.id ? 'Removed community' : 'No community'), ...figures(r) })),
    byAgent: byAgent.map((r) => ({ agentId: r.id, title: r.title ?? (r.id ? 'Removed agent' : 'Prompt Lab'), ...figures(r) })),
    byMember: byMember.map((r) => ({ userId: r.id, displayName: r.name ?? 'Removed member', ...figures(r) })),
  };
}

/** A CSV cell: quoted when needed; a leading formula character is neutralised for spreadsheets. */
function cell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function costsCsv(report: Costs): string {
  const lines = [['group', 'id', 'name', 'answers', 'input_tokens', 'output_tokens', `cost_${report.currency.toLowerCase()}`].join(',')];
  const push = (group: string, id: string | null, name: string, f: { answers: number; inputTokens: number; outputTokens: number; cost: number }) =>
    lines.push([group, id, name, f.answers, f.inputTokens, f.outputTokens, f.cost.toFixed(6)].map(cell).join(','));
  push('total', null, `${report.range.from} to ${report.range.to}`, report.total);
  for (const r of report.byCommunity) push('community', r.communityId, r.name, r);
  for (const r of report.byAgent) push('agent', r.agentId, r.title, r);
  for (const r of report.byMember) push('member', r.userId, r.displayName, r);
  return `${lines.join('\r\n')}\r\n`;
}
