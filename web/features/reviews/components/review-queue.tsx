import { Alert, Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { queryKeys } from '../../../lib/query-keys.js';
import { getReviewQueue, type ReviewItem, type ReviewReason } from '../api/reviews-api.js';

const reasonColor: Record<ReviewReason, string> = {
  appeal: 'grape',
  disagreement: 'red',
  needs_review: 'orange',
  near_pass_mark: 'blue',
  sampled: 'gray',
};

/** "3 h", "2 days": how long a person has let it wait. */
function Age({ hours }: { hours: number }) {
  const { t } = useTranslation('reviews');
  return <>{hours < 24 ? t('age.hours', { count: hours }) : t('age.days', { count: Math.floor(hours / 24) })}</>;
}

function QueueRow({ item }: { item: ReviewItem }) {
  const { t } = useTranslation('reviews');
  return (
    <Paper withBorder radius="md" p="md" data-testid="review-item" data-reason={item.reason}>
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Stack gap={4} style={{ minWidth: 0, flex: '1 1 260px' }}>
          <Group gap="xs" wrap="wrap">
            <Badge color={reasonColor[item.reason]} variant="light">
              {t(`reason.${item.reason}`)}
            </Badge>
            <Text size="sm" c="dimmed">
              {t('waiting')} <Age hours={item.ageHours} />
            </Text>
          </Group>
          <Anchor component={Link} to={`/reviews/${item.attemptId}`} fw={600}>
            {t('itemTitle', { learner: item.learnerName, exercise: item.exerciseTitle, number: item.attemptNumber })}
          </Anchor>
          {item.appeal ? (
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              “{item.appeal.text}”
            </Text>
          ) : null}
        </Stack>
        <Text size="sm" fw={600}>
          {item.score === null ? t('noScore') : t('score', { score: item.score, passMark: item.passMark })}
        </Text>
      </Group>
    </Paper>
  );
}

/** The review queue: attempts waiting for a person, oldest first, each with why and for how long. */
export function ReviewQueueView() {
  const { t } = useTranslation('reviews');
  const query = useQuery({ queryKey: queryKeys.reviews.queue(null), queryFn: ({ signal }) => getReviewQueue(null, signal) });
  return (
    <Stack gap="md">
      <Title order={1}>{t('title')}</Title>
      <Text c="dimmed" maw={720}>
        {t('intro')}
      </Text>
      <QueryGate pending={query.isPending} error={query.error} onRetry={() => void query.refetch()}>
        {query.data && query.data.items.length === 0 ? <Alert color="teal">{t('empty')}</Alert> : null}
        <Stack gap="sm" data-testid="review-queue">
          {query.data?.items.map((item) => <QueueRow key={item.attemptId} item={item} />)}
        </Stack>
      </QueryGate>
    </Stack>
  );
}
