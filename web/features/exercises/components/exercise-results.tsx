import { Badge, Button, Card, Drawer, Group, Paper, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ContentItem } from '../../../../contracts/content.js';
import type { ExerciseMembers } from '../../../../contracts/exercises.js';
import { ErrorAlert } from '../../../components/errors/error-alert.js';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { isApiError } from '../../../lib/http/api-error.js';
import { getAttempt, getExerciseMembers, getExerciseStats, getTranscript } from '../api/exercises-api.js';
import { queryKeys } from '../../../lib/query-keys.js';
import { formatNumber, formatPercent } from '../../../lib/format.js';
import { AttemptResult } from './attempt-result.js';
import { statusKey } from '../lib/attempt-status.js';
import { TableScroll } from '../../../components/list/list-table.js';

type ExerciseItem = Extract<ContentItem, { kind: 'exercise' }>;
type MemberRow = ExerciseMembers['items'][number];

const percent = (n: number | null) => (n === null ? '—' : formatPercent(n));
const number = (n: number | null | undefined) => (n === null || n === undefined ? '—' : formatNumber(n));

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Paper withBorder p="sm" radius="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text fz="xl" fw={700}>
        {value}
      </Text>
    </Paper>
  );
}

/** A manager's (or admin's) view of one exercise: pass rate, criteria, each member, and review. */
export function ExerciseResults({ exercise }: { exercise: ExerciseItem }) {
  const { t } = useTranslation('exercises');
  const stats = useQuery({ queryKey: queryKeys.exercises.stats, queryFn: ({ signal }) => getExerciseStats({}, signal) });
  const members = useQuery({ queryKey: queryKeys.exercises.members(exercise.id), queryFn: ({ signal }) => getExerciseMembers(exercise.id, signal) });
  const [open, setOpen] = useState<MemberRow | null>(null);
  const row = stats.data?.items.find((i) => i.exerciseId === exercise.id);

  return (
    <Stack gap="md">
      <Title order={1} fz="h2">
        {t('results.title', { title: exercise.title })}
      </Title>
      <QueryGate pending={stats.isPending} error={stats.error} onRetry={() => void stats.refetch()}>
        <SimpleGrid cols={{ base: 2, sm: 4 }}>
          <Figure label={t('results.membersTried')} value={formatNumber(row?.members ?? 0)} />
          <Figure label={t('results.passRate')} value={percent(row?.passRate ?? null)} />
          <Figure label={t('results.averageScore')} value={number(row?.averageScore)} />
          <Figure label={t('results.attemptsToPass')} value={number(row?.averageAttemptsToPass)} />
        </SimpleGrid>
        {row && row.criteria.length > 0 ? (
          <Card padding="md" mt="md">
            <Title order={2} fz="md" mb="xs">
              {t('results.perCriterion')}
            </Title>
            <Table>
              <Table.Tbody>
                {row.criteria.map((c) => (
                  <Table.Tr key={c.criterionId}>
                    <Table.Td>{c.title}</Table.Td>
                    <Table.Td ta="right" fw={600}>
                      {c.averageScore ?? '—'}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>
        ) : null}
      </QueryGate>

      <Card padding="md">
        <Title order={2} fz="md" mb="xs">
          {t('results.members')}
        </Title>
        <QueryGate pending={members.isPending} error={members.error} onRetry={() => void members.refetch()}>
          {members.data?.items.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('results.nobody')}
            </Text>
          ) : (
            <TableScroll minWidth={560} label={t('results.members')}>
              <Table highlightOnHover data-testid="member-results">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('results.member')}</Table.Th>
                    <Table.Th>{t('results.attempts')}</Table.Th>
                    <Table.Th>{t('results.bestScore')}</Table.Th>
                    <Table.Th>{exercise.details.graded ? t('passed') : t('workout.result')}</Table.Th>
                    <Table.Th>{t('results.latest')}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {members.data?.items.map((m) => (
                    <Table.Tr key={m.userId}>
                      <Table.Td>{m.displayName}</Table.Td>
                      <Table.Td>{m.attempts}</Table.Td>
                      <Table.Td fw={600}>{m.bestScore ?? '—'}</Table.Td>
                      <Table.Td>
                        {exercise.details.graded ? (
                          <Badge color={m.passed ? 'teal' : 'gray'} variant="light">
                            {m.passed ? t('passed') : t('notYet')}
                          </Badge>
                        ) : (
                          // A practice exercise has no verdict (§10.1): "Not yet" would read as a fail.
                          <Badge color={m.bestScore === null ? 'gray' : 'grape'} variant="light" tt="none">
                            {m.bestScore === null ? t('results.practiceNotScored') : t('results.practiceScored')}
                          </Badge>
                        )}
                      </Table.Td>
                      <Table.Td>{t(`status.${m.lastStatus}`)}</Table.Td>
                      <Table.Td>
                        <Button size="compact-sm" variant="light" onClick={() => setOpen(m)}>
                          {t('results.open')}
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </TableScroll>
          )}
        </QueryGate>
      </Card>

      <Drawer opened={open !== null} onClose={() => setOpen(null)} position="right" size="lg" title={open ? t('results.latestAttempt', { name: open.displayName }) : ''}>
        {open ? <AttemptReview attemptId={open.lastAttemptId} exercise={exercise} /> : null}
      </Drawer>
    </Stack>
  );
}

function AttemptReview({ attemptId, exercise }: { attemptId: string; exercise: ExerciseItem }) {
  const { t } = useTranslation('exercises');
  const attempt = useQuery({ queryKey: queryKeys.exercises.attempt(attemptId), queryFn: ({ signal }) => getAttempt(attemptId, signal) });
  const transcript = useQuery({
    queryKey: queryKeys.exercises.transcript(attemptId),
    queryFn: ({ signal }) => getTranscript(attemptId, signal),
    retry: (count, error) => !(isApiError(error) && error.status === 404) && count < 2,
  });
  const a = attempt.data?.attempt;
  const notShared = isApiError(transcript.error) && transcript.error.status === 404;

  return (
    <QueryGate pending={attempt.isPending} error={attempt.error} onRetry={() => void attempt.refetch()}>
      {a ? (
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {t('attemptTitle', { number: a.number, status: t(`status.${statusKey(a)}`) })}
          </Text>
          <AttemptResult attempt={a} rubric={exercise.details.rubric} passMark={exercise.details.passMark} quoteLabel={t('results.memberWords')} />
          {a.answer ? (
            <Card withBorder padding="sm">
              <Text fw={600} size="sm" mb={4}>
                {t('results.finalAnswer')}
              </Text>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {a.answer}
              </Text>
            </Card>
          ) : null}
          <Card withBorder padding="sm" data-testid="transcript">
            <Text fw={600} size="sm" mb={4}>
              {t('results.conversation')}
            </Text>
            {notShared ? (
              <Text size="sm" c="dimmed">
                {t('results.notShared')}
              </Text>
            ) : transcript.error ? (
              <ErrorAlert error={transcript.error} onRetry={() => void transcript.refetch()} />
            ) : (
              <Stack gap={6}>
                {transcript.data?.messages.map((m, i) => (
                  <Text key={i} size="sm">
                    <Text span fw={600}>
                      {m.role === 'user' ? t('results.member') : t('results.agent')}:
                    </Text>{' '}
                    {m.text.length > 600 ? `${m.text.slice(0, 600)}…` : m.text}
                  </Text>
                ))}
              </Stack>
            )}
          </Card>
          {a.status !== 'open' && a.status !== 'submitted' ? (
            // Scores change per criterion in the review queue, by admins and the reviewers they name (ADR 0036).
            <Group justify="flex-end">
              <Button component={Link} to={`/reviews/${a.id}`} variant="light">
                {t('results.reviewPerCriterion')}
              </Button>
            </Group>
          ) : null}
        </Stack>
      ) : null}
    </QueryGate>
  );
}
