import { Alert, Button, Card, Group, NumberInput, Progress, SimpleGrid, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCoin } from '@tabler/icons-react';
import { useState } from 'react';
import type { BudgetStatus } from '../../../../contracts/ai.js';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { useBudget, usePutBudget } from '../hooks/use-ai.js';
import { BudgetBanner } from '../../../components/ai/budget-banner.js';
import { formatMoney } from '../../../lib/format-money.js';

function BudgetForm({ communityId, status }: { communityId: string; status: BudgetStatus }) {
  const put = usePutBudget(communityId);
  const [monthly, setMonthly] = useState<number | string>(status.budget?.monthlyLimit ?? '');
  const [soft, setSoft] = useState<number | string>(status.budget?.softLimitPercent ?? 80);
  const [daily, setDaily] = useState<number | string>(status.budget?.perMemberDailyLimit ?? '');
  const save = () =>
    put.mutate(
      { monthlyLimit: Number(monthly) || 0, softLimitPercent: Number(soft) || 80, perMemberDailyLimit: daily === '' ? null : Number(daily) },
      { onSuccess: () => notifications.show({ color: 'teal', message: 'Budget saved.', autoClose: 2500 }) },
    );
  const percent = Math.min(100, status.percent ?? 0);
  return (
    <Stack gap="md">
      <BudgetBanner status={status} />
      <div>
        <Group justify="space-between" mb={4}>
          <Text size="sm">
            Spent this month: <b>{formatMoney(status.spent, status.currency)}</b>
            {status.budget ? ` of ${formatMoney(status.budget.monthlyLimit, status.currency)}` : ' (no budget set)'}
          </Text>
          <Text size="xs" c="dimmed">
            Resets {new Date(status.resetsAt).toLocaleDateString(undefined, { day: 'numeric', month: 'long' })}
          </Text>
        </Group>
        {status.budget ? <Progress value={percent} color={status.hardReached ? 'red' : status.softReached ? 'yellow' : 'teal'} aria-label="Budget used" /> : null}
      </div>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
        <NumberInput label={`Monthly limit (${status.currency})`} min={0} decimalScale={2} value={monthly} onChange={setMonthly} />
        <NumberInput label="Alert at (%)" description="Managers and admins are emailed once." min={1} max={100} value={soft} onChange={setSoft} />
        <NumberInput label={`Per member per day (${status.currency})`} description="Empty: no daily allowance." min={0} decimalScale={2} value={daily} onChange={setDaily} />
      </SimpleGrid>
      {put.error ? <Alert color="red">{put.error.message}</Alert> : null}
      <Group>
        <Button onClick={save} loading={put.isPending} disabled={monthly === ''}>
          Save budget
        </Button>
      </Group>
    </Stack>
  );
}

/** Admin → community: the community's monthly AI budget and this month's spend. */
export function BudgetCard({ communityId }: { communityId: string }) {
  const budget = useBudget(communityId);
  return (
    <Card padding="lg">
      <Group gap="xs" mb="md">
        <IconCoin size={20} />
        <Text fw={650}>AI budget</Text>
      </Group>
      <QueryGate pending={budget.isPending} error={budget.error} onRetry={() => void budget.refetch()}>
        {budget.data ? <BudgetForm key={budget.data.budget?.monthlyLimit ?? 'none'} communityId={communityId} status={budget.data} /> : null}
      </QueryGate>
    </Card>
  );
}
