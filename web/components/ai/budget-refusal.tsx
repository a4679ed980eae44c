import { Alert } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../lib/format.js';
import { isApiError } from '../../lib/http/api-error.js';

/** A request refused because the AI budget is used up (429 budget_exhausted, ADR 0013). */
export interface BudgetRefusal {
  /** The community's month, or the member's own day. */
  scope: 'monthly' | 'daily';
  resetsAt: Date;
}

/** The refusal in an error, or null when the error is anything else. */
export function budgetRefusal(error: unknown, now = Date.now()): BudgetRefusal | null {
  if (!isApiError(error) || error.code !== 'budget_exhausted') return null;
  const details = typeof error.details === 'object' && error.details !== null ? (error.details as Record<string, unknown>) : {};
  const seconds = typeof details.retryAfterSeconds === 'number' ? details.retryAfterSeconds : (error.retryAfterSeconds ?? 0);
  return { scope: details.scope === 'daily' ? 'daily' : 'monthly', resetsAt: new Date(now + seconds * 1000) };
}

/** Why a member's message was not sent, and when they can send again; their text stays in the box. */
export function BudgetRefusalAlert({ refusal }: { refusal: BudgetRefusal }) {
  const { t } = useTranslation('budget');
  const when = formatDateTime(refusal.resetsAt.toISOString());
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />} title={t('refusal.title')} data-testid="budget-refusal" role="alert">
      {t(refusal.scope === 'daily' ? 'refusal.daily' : 'refusal.monthly', { when })}
    </Alert>
  );
}
