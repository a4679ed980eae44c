import { useQuery } from '@tanstack/react-query';
import { BudgetBanner } from '../../../components/ai/budget-banner.js';
import { fetchBudget } from '../api/costs-api.js';

/** A manager's banner for one community they manage: nothing until its soft threshold. */
export function CommunityBudgetBanner({ communityId, name }: { communityId: string; name: string }) {
  const budget = useQuery({ queryKey: ['analytics', 'budget', communityId], queryFn: ({ signal }) => fetchBudget(communityId, signal) });
  return budget.data ? <BudgetBanner status={budget.data} name={name} /> : null;
}
