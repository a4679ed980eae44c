import { Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { IconBarbell } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Skills } from '../../../../contracts/exercises.js';
import { EmptyState } from '../../../components/ui/empty-state.js';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { ScoreTrend } from '../../../components/ui/score-trend.js';
import { formatAgo, formatNumber } from '../../../lib/format.js';
import { queryKeys } from '../../../lib/query-keys.js';
import { getSkills } from '../api/exercises-api.js';
import { SkillSparkline } from './skill-sparkline.js';

/** The sparkline shows this many of the latest scores; the count and the average cover them all. */
const RECENT = 12;

function SkillTile({ skill }: { skill: Skills['skills'][number] }) {
  const { t } = useTranslation('exercises');
  const recent = skill.points.slice(-RECENT).map((p) => p.score);
  const previous = skill.points.at(-2)?.score ?? null;
  return (
    <Stack
      gap={6}
      p="sm"
      data-testid="skill"
      style={{ border: '1px solid var(--mantine-color-default-border)', borderRadius: 'var(--mantine-radius-md)' }}
    >
      {/* Both rows wrap rather than squeeze: the card may sit in a narrow column. */}
      <Group justify="space-between" align="flex-start" gap="xs">
        <Text size="sm" fw={600} lineClamp={2} lh={1.3} style={{ flex: '1 1 120px' }} data-testid="skill-name">
          {skill.skill}
        </Text>
        <Group gap={6} wrap="nowrap" style={{ flexShrink: 0 }}>
          <ScoreTrend latest={skill.latest} previous={previous} label={t('skills.previous', { score: formatNumber(previous ?? 0) })} />
          <Text fw={700} fz="lg" lh={1.1} data-testid="skill-latest">
            {formatNumber(skill.latest)}
          </Text>
        </Group>
      </Group>
      <Group justify="space-between" align="flex-end" gap="xs">
        <SkillSparkline scores={recent} label={t('skills.sparkline', { skill: skill.skill, count: recent.length, scores: recent.map(formatNumber).join(', ') })} />
        <Text size="xs" c="dimmed" ta="right" style={{ flex: '0 0 auto' }}>
          {t('skills.attempts', { count: skill.points.length })}
          <br />
          {t('skills.average', { average: formatNumber(skill.average) })} · {formatAgo(skill.points.at(-1)?.at)}
        </Text>
      </Group>
    </Stack>
  );
}

/**
 * A member's skills from their workout scores: each criterion's latest score, its trend and how
 * many attempts scored it. `userId` null: the caller's own (with a way to the workouts when empty).
 */
export function SkillsCard({ userId, workoutsLink = false }: { userId: string | null; workoutsLink?: boolean }) {
  const { t } = useTranslation('exercises');
  const query = useQuery({ queryKey: queryKeys.exercises.skills(userId), queryFn: ({ signal }) => getSkills(userId, signal) });
  const own = userId === null;
  return (
    <Card padding="lg" data-testid="skills-card">
      <Stack gap={2} mb="md">
        <Title order={2} fz="md" fw={650}>
          {own ? t('skills.yourTitle') : t('skills.title')}
        </Title>
        <Text size="xs" c="dimmed">
          {own ? t('skills.yourHint') : t('skills.hint')}
        </Text>
      </Stack>
      <QueryGate pending={query.isPending} error={query.error} onRetry={() => void query.refetch()}>
        {query.data?.skills.length === 0 ? (
          <EmptyState icon={<IconBarbell size={24} />} title={t('skills.emptyTitle')}>
            {own ? t('skills.emptyOwn') : t('skills.emptyMember')}
            {workoutsLink ? (
              <>
                <br />
                <Button component={Link} to="/exercises" variant="light" size="xs" mt="sm" leftSection={<IconBarbell size={14} />}>
                  {t('skills.toWorkouts')}
                </Button>
              </>
            ) : null}
          </EmptyState>
        ) : (
          <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(min(280px, 100%), 1fr))', gap: 'var(--mantine-spacing-sm)' }}>
            {query.data?.skills.map((s) => <SkillTile key={s.skill} skill={s} />)}
          </div>
        )}
      </QueryGate>
    </Card>
  );
}
