import { Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconBarbell, IconChartBar } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { listExercises } from '../api/exercises-api.js';
import { SkillsCard } from './skills-card.js';
import { queryKeys } from '../../../lib/query-keys.js';

/** Every exercise the caller can practise, their skills so far, and (for managers) the results. */
export function ExerciseList({ canSeeResults }: { canSeeResults: boolean }) {
  const { t } = useTranslation('exercises');
  const exercises = useQuery({ queryKey: queryKeys.exercises.list, queryFn: ({ signal }) => listExercises(signal) });
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
      <SkillsCard userId={null} />
    </Stack>
  );
}
