import { Anchor, Card, Group, Progress, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { useMemberPrograms } from '../hooks/use-programs.js';
import { DueBadge } from './program-bits.js';

/** On a member's report (their manager, an admin): each program they are in, how far along, due or overdue. */
export function MemberPrograms({ userId }: { userId: string }) {
  const { t } = useTranslation('programs');
  const programs = useMemberPrograms(userId);
  const enrolled = (programs.data ?? []).filter((p) => p.progress !== null);
  return (
    <Card padding="lg" data-testid="member-programs">
      <Title order={2} fz="md" fw={650} mb="sm">
        {t('report.title')}
      </Title>
      <QueryGate pending={programs.isPending} error={programs.error} onRetry={() => void programs.refetch()}>
        {enrolled.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('report.none')}
          </Text>
        ) : (
          <Stack gap={0}>
            {enrolled.map((p) => {
              const percent = Math.round(p.progress?.percent ?? 0);
              return (
                <Stack key={p.id} gap={6} py="sm" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }} data-testid="member-program">
                  <Group justify="space-between" gap="xs" wrap="wrap">
                    <Anchor component={Link} to={`/programs/${p.id}/progress`} size="sm" fw={600}>
                      {p.title}
                    </Anchor>
                    <Group gap="xs">
                      <DueBadge progress={p.progress} />
                      <Text size="sm" fw={700}>
                        {t('member.percent', { percent })}
                      </Text>
                    </Group>
                  </Group>
                  <Progress value={percent} color={p.progress?.completedAt ? 'teal' : p.progress?.overdue ? 'red' : 'violet'} aria-label={t('member.progressOf', { title: p.title })} />
                </Stack>
              );
            })}
          </Stack>
        )}
      </QueryGate>
    </Card>
  );
}
