import { Alert, Badge, Blockquote, Card, Group, Progress, RingProgress, Stack, Text, Title } from '@mantine/core';
import { IconBulb, IconUserCheck } from '@tabler/icons-react';
import type { RubricCriterion } from '../../../../contracts/content.js';
import type { Attempt } from '../../../../contracts/exercises.js';
import { effectiveResult } from '../lib/attempt-status.js';

const scoreColor = (score: number, passMark: number) => (score >= passMark ? 'teal' : score >= passMark / 2 ? 'yellow' : 'red');

/** An attempt's scores: overall, pass or not, each criterion with its reason and the learner's words. */
export function AttemptResult({
  attempt,
  rubric,
  passMark,
  quoteLabel = 'Your words',
}: {
  attempt: Attempt;
  rubric: RubricCriterion[];
  passMark: number;
  /** Whose words the evidence quotes, as the reader should see it. */
  quoteLabel?: string;
}) {
  const result = effectiveResult(attempt);
  const titles = new Map(rubric.map((c) => [c.id, c]));
  return (
    <Stack gap="md" data-testid="attempt-result">
      {attempt.status === 'needs_review' ? (
        <Alert color="yellow" variant="light" title="A trainer will score this attempt">
          {attempt.feedback ?? 'The evaluator could not score it reliably.'}
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
              <Badge size="lg" color={result.passed ? 'teal' : 'red'} variant="filled" data-testid="pass-badge">
                {result.passed ? 'Passed' : 'Not yet'}
              </Badge>
              {attempt.evaluator?.offline ? (
                <Badge variant="light" color="gray" title="Scored by the built-in offline evaluator, which checks that each criterion is covered.">
                  Offline evaluator
                </Badge>
              ) : null}
            </Group>
            <Text size="sm" c="dimmed">
              Overall score out of 100; {passMark} passes.
            </Text>
          </Stack>
        </Group>
      ) : null}

      {attempt.review ? (
        <Alert color="blue" variant="light" icon={<IconUserCheck size={18} />} title={`Reviewed by ${attempt.review.reviewerName ?? 'your trainer'}`} data-testid="review">
          <Text size="sm">
            Score changed to {attempt.review.score} ({attempt.review.passed ? 'passed' : 'not passed'}).
            {attempt.score !== null ? ` The evaluator gave ${attempt.score}.` : ''}
          </Text>
          <Text size="sm" mt={4}>
            Reason: {attempt.review.reason}
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
                <Progress value={c.score} color={scoreColor(c.score, passMark)} size="sm" my={6} aria-label={`${criterion?.title ?? c.criterionId}: ${c.score} out of 100`} />
                {c.justification ? <Text size="sm">{c.justification}</Text> : null}
                {c.evidence ? (
                  <Blockquote mt="xs" p="xs" fz="sm" color="gray" cite={quoteLabel}>
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
                One thing to try next
              </Title>
              <Text size="sm">{attempt.feedback}</Text>
            </div>
          </Group>
        </Card>
      ) : null}
    </Stack>
  );
}
