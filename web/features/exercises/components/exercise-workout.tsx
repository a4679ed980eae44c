import { Alert, Badge, Box, Button, Card, Grid, Group, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { IconBarbell, IconRefresh, IconSend } from '@tabler/icons-react';
import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ContentItem } from '../../../../contracts/content.js';
import { type Attempt, MAX_ANSWER_LENGTH } from '../../../../contracts/exercises.js';
import { ExerciseBrief } from '../../../components/content/exercise-brief.js';
import { BudgetRefusalAlert, budgetRefusal } from '../../../components/ai/budget-refusal.js';
import { ErrorAlert } from '../../../components/errors/error-alert.js';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { listAttempts, startAttempt, submitAttempt } from '../api/exercises-api.js';
import { queryKeys } from '../../../lib/query-keys.js';
import { canStartAnother, effectiveResult, statusKey } from '../lib/attempt-status.js';
import { formatDateTime, formatNumber } from '../../../lib/format.js';
import { useReason } from '../../../lib/failure-reason.js';
import { AppealPanel } from './appeal-panel.js';
import { AttemptResult } from './attempt-result.js';
import { ShareToggle } from './share-toggle.js';

type ExerciseItem = Extract<ContentItem, { kind: 'exercise' }>;

const SCORING_POLL_MS = 2_000;
/** Submitted, and neither scored nor failed yet: the scoring job has it. */
const isBeingScored = (a: Attempt) => a.status === 'submitted' && !a.evaluationError;

/**
 * The learner's loop: the brief, an attempt (practice happens in `practice`, the sandbox
 * conversation the page puts beside it), the final answer, the scores, retry, and the history.
 */
export function ExerciseWorkout({ exercise, practice }: { exercise: ExerciseItem; practice: (conversationId: string) => ReactNode }) {
  const { t } = useTranslation('exercises');
  const reason = useReason();
  const queryClient = useQueryClient();
  const details = exercise.details;
  // Submitting answers 202 and the attempt is scored in the background: while one is being scored
  // the list is read again every couple of seconds until it is scored or says why it was not.
  const attempts = useQuery({
    queryKey: queryKeys.exercises.attempts(exercise.id, null),
    queryFn: ({ signal }) => listAttempts(exercise.id, null, signal),
    refetchInterval: (query) => (query.state.data?.items.some(isBeingScored) ? SCORING_POLL_MS : false),
  });
  const items = attempts.data?.items ?? [];
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const selected = items.find((a) => a.id === selectedId) ?? items[0] ?? null;
  const [answer, setAnswer] = useState('');

  // A scored attempt may complete a program step: the program's step bar follows.
  const refresh = () => Promise.all([queryClient.invalidateQueries({ queryKey: queryKeys.exercises.all }), queryClient.invalidateQueries({ queryKey: queryKeys.programs.all })]);
  const start = useMutation({
    mutationFn: () => startAttempt(exercise.id),
    onSuccess: async ({ attempt }) => {
      setSelectedId(attempt.id);
      setAnswer('');
      await refresh();
    },
  });
  const submit = useMutation({
    mutationFn: (attempt: Attempt) => submitAttempt(attempt.id, answer.trim()),
    onSettled: () => refresh(),
  });
  useEffect(() => {
    if (selected?.status === 'submitted' && selected.answer && !answer) setAnswer(selected.answer);
  }, [selected, answer]);

  // Scoring refused for the budget: said in the learner's language, with when it can be tried again.
  const refusal = budgetRefusal(submit.error);
  const limitReached = details.maxAttempts !== null && items.length >= details.maxAttempts;
  const tooLong = answer.length > MAX_ANSWER_LENGTH;

  const attemptPanel = (attempt: Attempt | null): ReactNode => {
    if (!attempt) {
      return (
        <Stack gap="sm" align="flex-start">
          <Text size="sm">{t('workout.startHint')}</Text>
          <Button leftSection={<IconBarbell size={16} />} loading={start.isPending} onClick={() => start.mutate()}>
            {t('workout.start')}
          </Button>
        </Stack>
      );
    }
    if (attempt.status === 'open' || attempt.status === 'submitted') {
      const scoring = submit.isPending || isBeingScored(attempt);
      return (
        <Stack gap="sm">
          {attempt.status === 'submitted' && attempt.evaluationError && !refusal ? (
            <Alert color="orange" variant="light" title={t('workout.notScored')}>
              {reason(attempt.evaluationError)}
            </Alert>
          ) : null}
          <Textarea
            label={t('workout.answer')}
            description={t('workout.answerHint')}
            value={answer}
            onChange={(e) => setAnswer(e.currentTarget.value)}
            disabled={attempt.status === 'submitted' || submit.isPending}
            autosize
            minRows={5}
            maxRows={16}
            error={tooLong ? t('workout.tooLong', { max: formatNumber(MAX_ANSWER_LENGTH) }) : undefined}
          />
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              {formatNumber(answer.length)} / {formatNumber(MAX_ANSWER_LENGTH)}
            </Text>
            <Button
              leftSection={attempt.status === 'submitted' ? <IconRefresh size={16} /> : <IconSend size={16} />}
              loading={scoring}
              disabled={tooLong}
              onClick={() => submit.mutate(attempt)}
            >
              {attempt.status === 'submitted' ? t('workout.scoreAgain') : t('workout.submit')}
            </Button>
          </Group>
          {scoring ? (
            <Text size="sm" c="dimmed" role="status" data-testid="scoring">
              {t('workout.scoring')}
            </Text>
          ) : null}
          {refusal ? <BudgetRefusalAlert refusal={refusal} subject="attempt" /> : submit.error ? <ErrorAlert error={submit.error} /> : null}
        </Stack>
      );
    }
    return (
      <Stack gap="md">
        <AttemptResult attempt={attempt} rubric={details.rubric} passMark={details.passMark} />
        <AppealPanel attempt={attempt} rubric={details.rubric} />
        <ShareToggle attempt={attempt} />
        {canStartAnother(items, details.maxAttempts) ? (
          <Button variant="light" leftSection={<IconRefresh size={16} />} loading={start.isPending} onClick={() => start.mutate()}>
            {t('workout.tryAgain')}
          </Button>
        ) : limitReached ? (
          <Text size="sm" c="dimmed">
            {t('workout.limitReached', { count: details.maxAttempts ?? 0 })}
          </Text>
        ) : null}
      </Stack>
    );
  };

  const practising = selected && (selected.status === 'open' || selected.status === 'submitted') && selected.conversationId ? selected.conversationId : null;
  // Below Mantine's `lg` the two columns stack: the practice chat then goes right under the final
  // answer (not under the attempt history, a long scroll away on a phone). One chat is mounted.
  const wide = useMediaQuery('(min-width: 75em)', true, { getInitialValueInEffect: false });
  const practiceCard = practising ? (
    <Card padding={0} h={{ base: '70vh', lg: 'calc(100vh - 120px)' }} style={wide ? { position: 'sticky', top: 80 } : undefined} data-testid="practice">
      <Box h="100%">{practice(practising)}</Box>
    </Card>
  ) : null;

  return (
    <Grid gap="md">
      <Grid.Col span={{ base: 12, lg: practising ? 5 : 12 }}>
    <Stack gap="md" maw={practising ? undefined : 900}>
      <Card padding="lg">
        <Stack gap="sm">
          <Group gap="xs">
            <Badge variant="light" color="grape" leftSection={<IconBarbell size={12} />}>
              {t('exercise')}
            </Badge>
            <Badge variant="filled" color={details.graded ? 'teal' : 'gray'} data-testid="exercise-mode" title={t(details.graded ? 'mode.gradedHint' : 'mode.practiceHint')}>
              {t(details.graded ? 'mode.graded' : 'mode.practice')}
            </Badge>
            {details.graded ? <Badge variant="light">{t('workout.passMark', { passMark: details.passMark })}</Badge> : null}
            <Badge variant="light" color="gray">
              {details.maxAttempts === null ? t('workout.unlimited') : t('workout.used', { used: items.length, count: details.maxAttempts })}
            </Badge>
          </Group>
          <Title order={1} fz="h2">
            {exercise.title}
          </Title>
          <Text size="sm" c="dimmed" data-testid="exercise-mode-hint">
            {t(details.graded ? 'mode.gradedHint' : 'mode.practiceHint')}
          </Text>
          <ExerciseBrief details={details} />
        </Stack>
      </Card>

      <QueryGate pending={attempts.isPending} error={attempts.error} onRetry={() => void attempts.refetch()}>
        <Card padding="lg" data-testid="attempt-panel">
          <Title order={2} fz="md" mb="sm">
            {selected ? t('attemptTitle', { number: selected.number, status: t(`status.${statusKey(selected)}`) }) : t('workout.yourAttempt')}
          </Title>
          {attemptPanel(selected)}
          {start.error ? <ErrorAlert error={start.error} /> : null}
        </Card>
        {wide ? null : practiceCard}

        {items.length > 0 ? (
          <Card padding="lg">
            <Title order={2} fz="md" mb="sm">
              {t('workout.yourAttempts')}
            </Title>
            <Table highlightOnHover data-testid="attempt-history">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>#</Table.Th>
                  <Table.Th>{t('workout.when')}</Table.Th>
                  <Table.Th>{t('workout.score')}</Table.Th>
                  <Table.Th>{t('workout.result')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((a) => {
                  const result = effectiveResult(a);
                  return (
                    <Table.Tr key={a.id} onClick={() => setSelectedId(a.id)} style={{ cursor: 'pointer' }} bg={a.id === selected?.id ? 'var(--mantine-color-default-hover)' : undefined}>
                      <Table.Td>
                        <Button variant="subtle" size="compact-sm" onClick={() => setSelectedId(a.id)} aria-label={t('workout.showAttempt', { number: a.number })}>
                          {a.number}
                        </Button>
                      </Table.Td>
                      <Table.Td>{formatDateTime(a.createdAt)}</Table.Td>
                      <Table.Td>{result ? result.score : '—'}</Table.Td>
                      <Table.Td>{result ? (result.passed === null ? t('mode.practice') : result.passed ? t('passed') : t('notYet')) : t(`status.${statusKey(a)}`)}</Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Card>
        ) : null}
      </QueryGate>
    </Stack>
      </Grid.Col>
      {practiceCard && wide ? <Grid.Col span={{ base: 12, lg: 7 }}>{practiceCard}</Grid.Col> : null}
    </Grid>
  );
}
