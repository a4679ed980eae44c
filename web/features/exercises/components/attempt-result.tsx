import { Alert, Badge, Blockquote, Card, Group, Progress, RingProgress, Stack, Text, Title } from '@mantine/core';
import { IconBulb, IconUserCheck } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { RubricCriterion } from '../../../../contracts/content.js';
import type { Attempt } from '../../../../contracts/exercises.js';
import { useReason } from '../../../lib/failure-reason.js';
import { effectiveResult } from '../lib/attempt-status.js';

const scoreColor = (score: number, passMark: number) => (score >= passMark ? 'teal' : score >= passMark / 2 ? 'yellow' : 'red');

/** An attempt's scores: overall, pass or not, each criterion with its reason and the learner's words. */
export function AttemptResult({
  attempt,
  rubric,
  passMark,
  quoteLabel,
}: {
  attempt: Attempt;
  rubric: RubricCriterion[];
  passMark: number;
  /** Whose words the evidence quotes, as the reader should see it. */
  quoteLabel?: string;
}) {
  const { t } = useTranslation('exercises');
  const reason = useReason();
  const result = effectiveResult(attempt);
  const titles = new Map(rubric.map((c) => [c.id, c]));
  return (
    <Stack gap="md" data-testid="attempt-result">
      {attempt.status === 'needs_review' ? (
        <Alert color="yellow" variant="light" title={t('result.needsReview')}>
          {attempt.feedback ? reason(attempt.feedback) : t('result.unreliable')}
        </Alert>
      ) : null}
      {result ? (
        <Group gap="lg" wrap="nowrap" align="center">
          <RingProgress
            size={96}
            thickness={9}
            roundCaps
            sections={[{ value: result.score, color: scoreColor(result.score, passMark) }]}
            label={
              <Text ta="center" fw={700} fz="xl" data-testid="overall-score">
                {result.score}
              </Text>
            }
          />
          <Stack gap={4}>
            <Group gap="xs">
              {result.passed === null ? (
                <Badge size="lg" color="grape" variant="light" data-testid="pass-badge" title={t('mode.practiceHint')}>
                  {t('mode.practice')}
                </Badge>
              ) : (
                // The darkest shades: white text on teal.6 / red.6 is under 4.5:1 (issue 25).
                <Badge size="lg" color={result.passed ? 'teal.9' : 'red.9'} variant="filled" data-testid="pass-badge">
                  {result.passed ? t('passed') : t('notYet')}
                </Badge>
              )}
              {attempt.evaluator?.offline ? (
                <Badge variant="light" color="gray" title={t('result.offlineHint')}>
                  {t('result.offline')}
                </Badge>
              ) : null}
            </Group>
            <Text size="sm" c="dimmed">
              {result.passed === null ? t('mode.practiceHint') : t('result.overall', { passMark })}
            </Text>
          </Stack>
        </Group>
      ) : null}

      {attempt.review ? (
        <Alert color="blue" variant="light" icon={<IconUserCheck size={18} />} title={t('result.reviewedBy', { name: attempt.review.reviewerName ?? t('result.yourTrainer') })} data-testid="review">
          <Text size="sm">
            {t(attempt.review.passed ? 'result.changedPassed' : 'result.changedNotPassed', { score: attempt.review.score })}
            {attempt.score !== null ? ` ${t('result.evaluatorGave', { score: attempt.score })}` : ''}
          </Text>
          <Text size="sm" mt={4}>
            {t('result.reason', { reason: attempt.review.reason })}
          </Text>
        </Alert>
      ) : null}

      {attempt.criteria.length > 0 ? (
        <Stack gap="sm">
          {attempt.criteria.map((c) => {
            const criterion = titles.get(c.criterionId);
            return (
              <Card key={c.criterionId} withBorder padding="sm" data-testid="criterion-score">
                <Group justify="space-between" wrap="nowrap" gap="sm">
                  <Text fw={600} size="sm">
                    {criterion?.title ?? c.criterionId}
                  </Text>
                  <Text fw={700} size="sm">
                    {c.score}
                  </Text>
                </Group>
                <Progress value={c.score} color={scoreColor(c.score, passMark)} size="sm" my={6} aria-label={t('result.criterionProgress', { title: criterion?.title ?? c.criterionId, score: c.score })} />
                {c.justification ? <Text size="sm">{reason(c.justification)}</Text> : null}
                {c.evidence ? (
                  <Blockquote mt="xs" p="xs" fz="sm" color="gray" cite={quoteLabel ?? t('result.yourWords')}>
                    {c.evidence}
                  </Blockquote>
                ) : null}
              </Card>
            );
          })}
        </Stack>
      ) : null}

      {attempt.status !== 'needs_review' && attempt.feedback ? (
        <Card padding="sm" bg="var(--mantine-color-yellow-light)" data-testid="next-step">
          <Group gap="xs" wrap="nowrap" align="flex-start">
            <IconBulb size={18} />
            <div>
              <Title order={3} fz="sm" fw={650}>
                {t('result.next')}
              </Title>
              <Text size="sm">{reason(attempt.feedback)}</Text>
            </div>
          </Group>
        </Card>
      ) : null}
    </Stack>
  );
}
