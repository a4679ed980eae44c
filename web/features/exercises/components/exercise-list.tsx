import { Badge, Button, Card, Group, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconBarbell, IconChartBar } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { getSkills, listExercises } from '../api/exercises-api.js';
import { formatNumber } from '../../../lib/format.js';
import { queryKeys } from '../../../lib/query-keys.js';

/** Every exercise the caller can practise, their skills so far, and (for managers) the results. */
export function ExerciseList({ canSeeResults }: { canSeeResults: boolean }) {
  const { t } = useTranslation('exercises');
  const exercises = useQuery({ queryKey: queryKeys.exercises.list, queryFn: ({ signal }) => listExercises(signal) });
  const skills = useQuery({ queryKey: queryKeys.exercises.skills(null), queryFn: ({ signal }) => getSkills(null, signal) });
  return (
    <Stack gap="md">
      <Title order={1} fz="h2">
        {t('list.title')}
      </Title>
      <QueryGate pending={exercises.isPending} error={exercises.error} onRetry={() => void exercises.refetch()}>
        {exercises.data?.items.length === 0 ? (
          <Text c="dimmed">{t('list.empty')}</Text>
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            {exercises.data?.items.map((e) => (
              <Card key={e.id} padding="lg" data-testid="exercise-card">
                <Stack gap="xs" h="100%">
                  <Group gap="xs">
                    <Badge variant="light" color="grape" leftSection={<IconBarbell size={12} />}>
                      {t('exercise')}
                    </Badge>
                    {e.progress?.completedAt ? (
                      <Badge variant="light" color="teal">
                        {t('passed')}
                      </Badge>
                    ) : null}
                  </Group>
                  <Text fw={650}>{e.title}</Text>
                  <Text size="sm" c="dimmed" lineClamp={3} style={{ flex: 1 }}>
                    {e.description}
                  </Text>
                  <Group gap="xs">
                    <Button component={Link} to={`/exercises/${e.id}`} size="sm">
                      {t('list.practise')}
                    </Button>
                    {canSeeResults ? (
                      <Button component={Link} to={`/exercises/${e.id}/results`} size="sm" variant="light" leftSection={<IconChartBar size={14} />}>
                        {t('list.results')}
                      </Button>
                    ) : null}
                  </Group>
                </Stack>
              </Card>
            ))}
          </SimpleGrid>
        )}
      </QueryGate>
      <Card padding="lg" data-testid="skills">
        <Title order={2} fz="md" mb="xs">
          {t('list.skills')}
        </Title>
        <QueryGate pending={skills.isPending} error={skills.error} onRetry={() => void skills.refetch()}>
          {skills.data?.skills.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('list.skillsEmpty')}
            </Text>
          ) : (
            <Stack gap="sm">
              {skills.data?.skills.map((s) => (
                <div key={s.skill}>
                  <Group justify="space-between" gap="xs">
                    <Text size="sm" fw={600}>
                      {s.skill}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {t('list.skillLine', { latest: formatNumber(s.latest), average: formatNumber(s.average), count: s.points.length })}
                      {s.points.length > 1 ? ` · ${t('list.skillFirst', { score: formatNumber(s.points[0]?.score ?? 0) })}` : ''}
                    </Text>
                  </Group>
                  <Progress value={s.latest} size="sm" mt={4} aria-label={t('list.skillProgress', { skill: s.skill, score: s.latest })} />
                </div>
              ))}
            </Stack>
          )}
        </QueryGate>
      </Card>
    </Stack>
  );
}
