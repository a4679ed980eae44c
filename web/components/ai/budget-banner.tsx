import { Alert } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { BudgetStatus } from '../../../contracts/ai.js';
import { formatMoney } from '../../lib/format-money.js';

/** The soft/hard threshold banner, for the community's managers and for admins. */
export function BudgetBanner({ status, name }: { status: BudgetStatus; name?: string }) {
  if (!status.budget || !status.softReached) return null;
  const limit = formatMoney(status.budget.monthlyLimit, status.currency);
  const resets = new Date(status.resetsAt).toLocaleDateString(undefined, { day: 'numeric', month: 'long' });
  return (
    <Alert color={status.hardReached ? 'red' : 'yellow'} icon={<IconAlertTriangle size={18} />} title={status.hardReached ? 'AI budget used up' : 'AI budget nearly used'} data-testid="budget-banner">
      {name ? `${name} has` : 'This community has'} used {formatMoney(status.spent, status.currency)} of {limit} this month ({Math.round(status.percent ?? 0)}%).{' '}
      {status.hardReached ? `Members’ messages are refused until ${resets}.` : `At the limit, members’ messages are refused until ${resets}.`}
    </Alert>
  );
}
