import { Badge, Button, Card, Group, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconBarbell, IconChartBar } from '@tabler/icons-react';
import { Link } from 'react-router';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { getSkills, listExercises } from '../api/exercises-api.js';
import { queryKeys } from '../../../lib/query-keys.js';

/** Every exercise the caller can practise, their skills so far, and (for managers) the results. */
export function ExerciseList({ canSeeResults }: { canSeeResults: boolean }) {
  const exercises = useQuery({ queryKey: queryKeys.exercises.list, queryFn: ({ signal }) => listExercises(signal) });
  const skills = useQuery({ queryKey: queryKeys.exercises.skills(null), queryFn: ({ signal }) => getSkills(null, signal) });
  return (
    <Stack gap="md">
      <Title order={1} fz="h2">
        Workouts
      </Title>
      <QueryGate pending={exercises.isPending} error={exercises.error} onRetry={() => void exercises.refetch()}>
        {exercises.data?.items.length === 0 ? (
          <Text c="dimmed">No exercises have been assigned to you yet.</Text>
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            {exercises.data?.items.map((e) => (
              <Card key={e.id} padding="lg" data-testid="exercise-card">
                <Stack gap="xs" h="100%">
                  <Group gap="xs">
                    <Badge variant="light" color="grape" leftSection={<IconBarbell size={12} />}>
                      Exercise
                    </Badge>
                    {e.progress?.completedAt ? (
                      <Badge variant="light" color="teal">
                        Passed
                      </Badge>
                    ) : null}
                  </Group>
                  <Text fw={650}>{e.title}</Text>
                  <Text size="sm" c="dimmed" lineClamp={3} style={{ flex: 1 }}>
                    {e.description}
                  </Text>
                  <Group gap="xs">
                    <Button component={Link} to={`/exercises/${e.id}`} size="sm">
                      Practise
                    </Button>
                    {canSeeResults ? (
                      <Button component={Link} to={`/exercises/${e.id}/results`} size="sm" variant="light" leftSection={<IconChartBar size={14} />}>
                        Results
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
          Your skills
        </Title>
        <QueryGate pending={skills.isPending} error={skills.error} onRetry={() => void skills.refetch()}>
          {skills.data?.skills.length === 0 ? (
            <Text size="sm" c="dimmed">
              Each rubric criterion you are scored on becomes a skill here, with your progress over time.
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
                      latest {s.latest} · average {s.average} · {s.points.length} score{s.points.length === 1 ? '' : 's'}
                      {s.points.length > 1 ? ` · first ${s.points[0]?.score ?? 0}` : ''}
                    </Text>
                  </Group>
                  <Progress value={s.latest} size="sm" mt={4} aria-label={`${s.skill}: latest ${s.latest} out of 100`} />
                </div>
              ))}
            </Stack>
          )}
        </QueryGate>
      </Card>
    </Stack>
  );
}
