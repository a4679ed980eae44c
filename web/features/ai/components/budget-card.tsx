import { Alert, Button, Card, Group, NumberInput, Progress, Radio, SimpleGrid, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconCoin } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BudgetStatus } from '../../../../contracts/ai.js';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { useBudget, usePutBudget } from '../hooks/use-ai.js';
import { BudgetBanner } from '../../../components/ai/budget-banner.js';
import { formatDate } from '../../../lib/format.js';
import { formatMoney } from '../../../lib/format-money.js';

/** What answers from a model without a price do to this budget (issue 25). */
type UnpricedChoice = 'free' | 'block' | 'default';

function BudgetForm({ communityId, status }: { communityId: string; status: BudgetStatus }) {
  const { t } = useTranslation('ai');
  const put = usePutBudget(communityId);
  const [monthly, setMonthly] = useState<number | string>(status.budget?.monthlyLimit ?? '');
  const [soft, setSoft] = useState<number | string>(status.budget?.softLimitPercent ?? 80);
  const [daily, setDaily] = useState<number | string>(status.budget?.perMemberDailyLimit ?? '');
  const [unpriced, setUnpriced] = useState<UnpricedChoice>(status.budget?.blockUnpricedModels ? 'block' : status.budget?.defaultPrice ? 'default' : 'free');
  const [defaultInput, setDefaultInput] = useState<number | string>(status.budget?.defaultPrice?.inputPerMillion ?? '');
  const [defaultOutput, setDefaultOutput] = useState<number | string>(status.budget?.defaultPrice?.outputPerMillion ?? '');
  const save = () =>
    put.mutate(
      {
        monthlyLimit: Number(monthly) || 0,
        softLimitPercent: Number(soft) || 80,
        perMemberDailyLimit: daily === '' ? null : Number(daily),
        blockUnpricedModels: unpriced === 'block',
        defaultPrice: unpriced === 'default' ? { inputPerMillion: Number(defaultInput) || 0, outputPerMillion: Number(defaultOutput) || 0 } : null,
      },
      { onSuccess: () => notifications.show({ color: 'teal', message: t('budget.saved'), autoClose: 2500 }) },
    );
  const percent = Math.min(100, status.percent ?? 0);
  return (
    <Stack gap="md">
      <BudgetBanner status={status} />
      <div>
        <Group justify="space-between" mb={4}>
          <Text size="sm">
            {t('budget.spent')} <b>{formatMoney(status.spent, status.currency)}</b>
            {status.budget ? ` ${t('budget.of', { limit: formatMoney(status.budget.monthlyLimit, status.currency) })}` : ` ${t('budget.noBudget')}`}
          </Text>
          <Text size="xs" c="dimmed">
            {t('budget.resets', { date: formatDate(status.resetsAt) })}
          </Text>
        </Group>
        {status.budget ? <Progress value={percent} color={status.hardReached ? 'red' : status.softReached ? 'yellow' : 'teal'} aria-label={t('budget.used')} /> : null}
      </div>
      <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
        <NumberInput label={t('budget.monthly', { currency: status.currency })} min={0} decimalScale={2} value={monthly} onChange={setMonthly} />
        <NumberInput label={t('budget.alertAt')} description={t('budget.alertAtHint')} min={1} max={100} value={soft} onChange={setSoft} />
        <NumberInput label={t('budget.daily', { currency: status.currency })} description={t('budget.dailyHint')} min={0} decimalScale={2} value={daily} onChange={setDaily} />
      </SimpleGrid>
      {status.unpricedModels.length > 0 ? (
        <Alert color="yellow" icon={<IconAlertTriangle size={18} aria-hidden />} title={t('budget.unpricedTitle')} data-testid="unpriced-warning">
          {t(unpriced === 'free' ? 'budget.unpricedFree' : 'budget.unpricedHandled', { models: status.unpricedModels.join(', ') })}
        </Alert>
      ) : null}
      <Radio.Group label={t('budget.unpricedLabel')} value={unpriced} onChange={(v) => setUnpriced(v as UnpricedChoice)}>
        <Stack gap={6} mt={6}>
          <Radio value="free" label={t('budget.unpricedChoiceFree')} />
          <Radio value="block" label={t('budget.unpricedChoiceBlock')} />
          <Radio value="default" label={t('budget.unpricedChoiceDefault')} />
        </Stack>
      </Radio.Group>
      {unpriced === 'default' ? (
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <NumberInput label={t('budget.defaultInput', { currency: status.currency })} min={0} decimalScale={6} value={defaultInput} onChange={setDefaultInput} />
          <NumberInput label={t('budget.defaultOutput', { currency: status.currency })} min={0} decimalScale={6} value={defaultOutput} onChange={setDefaultOutput} />
        </SimpleGrid>
      ) : null}
      {put.error ? <Alert color="red">{put.error.message}</Alert> : null}
      <Group>
        <Button onClick={save} loading={put.isPending} disabled={monthly === '' || (unpriced === 'default' && (defaultInput === '' || defaultOutput === ''))}>
          {t('budget.save')}
        </Button>
      </Group>
    </Stack>
  );
}

/** Admin → community: the community's monthly AI budget and this month's spend. */
export function BudgetCard({ communityId }: { communityId: string }) {
  const { t } = useTranslation('ai');
  const budget = useBudget(communityId);
  return (
    <Card padding="lg">
      <Group gap="xs" mb="md">
        <IconCoin size={20} />
        <Text fw={650}>{t('budget.title')}</Text>
      </Group>
      <QueryGate pending={budget.isPending} error={budget.error} onRetry={() => void budget.refetch()}>
        {budget.data ? <BudgetForm key={JSON.stringify(budget.data.budget)} communityId={communityId} status={budget.data} /> : null}
      </QueryGate>
    </Card>
  );
}
