import { Alert, Anchor, Badge, Button, Group, NumberInput, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { useReason } from '../../../lib/failure-reason.js';
import { notify } from '../../../lib/notify.js';
import { queryKeys } from '../../../lib/query-keys.js';
import { getReviewDetail, saveReview, type ReviewDetail } from '../api/reviews-api.js';

/** The weighted mean of the criteria, as the server computes it: shown live while the reviewer types. */
export function weightedScore(rubric: ReviewDetail['rubric'], scores: Record<string, number>): number {
  const total = rubric.reduce((sum, c) => sum + c.weight, 0);
  if (total === 0) return 0;
  return Math.round(rubric.reduce((sum, c) => sum + c.weight * (scores[c.id] ?? 0), 0) / total);
}

function Form({ detail }: { detail: ReviewDetail }) {
  const { t } = useTranslation('reviews');
  const explain = useReason();
  const navigate = useNavigate();
  const client = useQueryClient();
  const start = detail.review?.criteria ?? detail.evaluatorCriteria;
  const [scores, setScores] = useState<Record<string, number>>(() => Object.fromEntries(detail.rubric.map((c) => [c.id, start.find((s) => s.criterionId === c.id)?.score ?? 0])));
  const [reason, setReason] = useState('');
  const score = weightedScore(detail.rubric, scores);
  const passed = score >= detail.passMark;
  const mutation = useMutation({
    mutationFn: () => saveReview(detail.attemptId, { criteria: detail.rubric.map((c) => ({ criterionId: c.id, score: scores[c.id] ?? 0 })), reason }),
    onSuccess: async () => {
      notify({ color: 'teal', message: t('saved') });
      await client.invalidateQueries({ queryKey: queryKeys.reviews.all });
      await navigate('/reviews');
    },
  });
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        mutation.mutate();
      }}
    >
      <Stack gap="md">
        {detail.appeal ? (
          <Alert color="grape" title={t('appealTitle')}>
            {t('appealBody', { criterion: detail.rubric.find((c) => c.id === detail.appeal?.criterionId)?.title ?? detail.appeal.criterionId, text: detail.appeal.text })}
          </Alert>
        ) : null}
        <Paper withBorder p="md" radius="md">
          <Text size="sm" fw={600} mb={4}>
            {t('answer')}
          </Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {detail.answer ?? t('noAnswer')}
          </Text>
        </Paper>
        {detail.rubric.map((criterion) => {
          const evaluator = detail.evaluatorCriteria.find((c) => c.criterionId === criterion.id);
          return (
            <Paper key={criterion.id} withBorder p="md" radius="md">
              <Stack gap={6}>
                <Group justify="space-between" wrap="wrap" gap="xs">
                  <Text fw={600}>{criterion.title}</Text>
                  <Text size="xs" c="dimmed">
                    {t('weight', { weight: criterion.weight })}
                  </Text>
                </Group>
                <Text size="sm" c="dimmed">
                  {criterion.description}
                </Text>
                {evaluator ? (
                  <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                    {t('evaluatorSaid', { score: evaluator.score })} {explain(evaluator.justification)}
                  </Text>
                ) : null}
                <NumberInput
                  label={t('criterionScore', { title: criterion.title })}
                  min={0}
                  max={100}
                  clampBehavior="strict"
                  allowDecimal={false}
                  value={scores[criterion.id] ?? 0}
                  onChange={(value) => setScores((s) => ({ ...s, [criterion.id]: typeof value === 'number' ? value : Number(value) || 0 }))}
                  maw={200}
                />
              </Stack>
            </Paper>
          );
        })}
        <Group gap="sm" aria-live="polite" data-testid="review-total">
          <Text fw={700}>{t('total', { score, passMark: detail.passMark })}</Text>
          <Badge color={passed ? 'teal' : 'red'} variant="light">
            {passed ? t('passes') : t('fails')}
          </Badge>
        </Group>
        <Textarea label={t('reasonLabel')} description={t('reasonHint')} required minRows={2} autosize maxLength={2000} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
        {mutation.error ? <Alert color="red">{mutation.error.message}</Alert> : null}
        <Group>
          <Button type="submit" loading={mutation.isPending} disabled={reason.trim() === ''}>
            {t('save')}
          </Button>
          <Anchor component={Link} to="/reviews">
            {t('back')}
          </Anchor>
        </Group>
      </Stack>
    </form>
  );
}

/** One attempt under review: the answer, each criterion with the evaluator's score, a score per criterion. */
export function ReviewFormView({ attemptId }: { attemptId: string }) {
  const { t } = useTranslation('reviews');
  const query = useQuery({ queryKey: queryKeys.reviews.detail(attemptId), queryFn: ({ signal }) => getReviewDetail(attemptId, signal) });
  return (
    <Stack gap="md" maw={820}>
      <QueryGate pending={query.isPending} error={query.error} onRetry={() => void query.refetch()}>
        {query.data ? (
          <>
            <Title order={1}>{t('formTitle', { learner: query.data.learnerName, exercise: query.data.exerciseTitle })}</Title>
            <Text c="dimmed">{query.data.brief}</Text>
            <Form detail={query.data} />
          </>
        ) : null}
      </QueryGate>
    </Stack>
  );
}
