import { useTranslation } from 'react-i18next';
import { formatDayOfMonth, formatPercent } from '../../lib/format.js';
import { Alert } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { BudgetStatus } from '../../../contracts/ai.js';
import { formatMoney } from '../../lib/format-money.js';

/** The soft/hard threshold banner, for the community's managers and for admins. */
export function BudgetBanner({ status, name }: { status: BudgetStatus; name?: string }) {
  const { t } = useTranslation('budget');
  if (!status.budget || !status.softReached) return null;
  const limit = formatMoney(status.budget.monthlyLimit, status.currency);
  const resets = formatDayOfMonth(status.resetsAt);
  const usage = { spent: formatMoney(status.spent, status.currency), limit, percent: formatPercent((status.percent ?? 0) / 100) };
  return (
    <Alert color={status.hardReached ? 'red' : 'yellow'} icon={<IconAlertTriangle size={18} />} title={status.hardReached ? t('usedUp') : t('nearlyUsed')} data-testid="budget-banner">
      {name ? t('namedUsage', { name, ...usage }) : t('usage', usage)}{' '}
      {status.hardReached ? t('refused', { date: resets }) : t('atLimit', { date: resets })}
    </Alert>
  );
}
