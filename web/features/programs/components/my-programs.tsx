import { Anchor, Button, Card, Group, Progress, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconArrowRight, IconRoute } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState } from '../../../components/ui/empty-state.js';
import { PageHeader } from '../../../components/ui/page-header.js';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { formatNumber } from '../../../lib/format.js';
import type { Program } from '../api/programs-api.js';
import { useMyPrograms } from '../hooks/use-programs.js';
import { memberSteps, nextStep, stepHref } from '../lib/program-steps.js';
import { CertificateButton, CredentialButton, DueBadge } from './program-bits.js';

/** Overdue first, then open ones by due date, completed last. */
function byUrgency(programs: readonly Program[]): Program[] {
  const rank = (p: Program) => (p.progress?.completedAt ? 2 : p.progress?.overdue ? 0 : 1);
  const due = (p: Program) => (p.progress?.dueAt ? Date.parse(p.progress.dueAt) : Number.POSITIVE_INFINITY);
  return [...programs].sort((a, b) => rank(a) - rank(b) || due(a) - due(b) || a.title.localeCompare(b.title));
}

/** One program as a card: progress, due date, and the next step (or the certificate) one click away. */
export function ProgramCard({
  program,
  compact = false,
  canSeeProgress = false,
}: {
  program: Program;
  compact?: boolean;
  canSeeProgress?: boolean;
}) {
  const { t } = useTranslation('programs');
  const steps = memberSteps(program);
  const done = steps.filter((s) => s.state === 'done').length;
  const percent = Math.round(program.progress?.percent ?? 0);
  const next = nextStep(steps, program.progress?.nextContentId ?? null);
  const completed = Boolean(program.progress?.completedAt);
  const certificateId = program.progress?.certificateId ?? null;
  return (
    <Card padding={compact ? 'md' : 'lg'} withBorder data-testid="program-card" data-program-id={program.id}>
      <Stack gap="sm">
        {/* On a narrow card the due date goes under the title rather than cutting both. */}
        <Group justify="space-between" align="flex-start" gap="xs">
          <Anchor component={Link} to={`/programs/${program.id}`} fw={650} size={compact ? 'sm' : 'md'} c="var(--mantine-color-text)" lineClamp={2}>
            {program.title}
          </Anchor>
          <DueBadge progress={program.progress} />
        </Group>
        {!compact && program.description ? (
          <Text size="sm" c="dimmed" lineClamp={2}>
            {program.description}
          </Text>
        ) : null}
        <Stack gap={4}>
          <Group justify="space-between" gap="xs">
            <Text size="xs" c="dimmed">
              {t('member.stepsDone', { done: formatNumber(done), total: formatNumber(steps.length) })}
            </Text>
            <Text size="xs" fw={700} data-testid="program-percent">
              {t('member.percent', { percent })}
            </Text>
          </Group>
          <Progress value={percent} color={completed ? 'teal' : program.progress?.overdue ? 'red' : 'violet'} aria-label={t('member.progressOf', { title: program.title })} />
        </Stack>
        <Group gap="sm" wrap="wrap">
          {completed && certificateId ? (
            <>
              <CertificateButton certificateId={certificateId} size="xs" />
              <CredentialButton certificateId={certificateId} title={program.title} size="xs" />
            </>
          ) : next ? (
            <Button
              component={Link}
              to={stepHref(next, program.id)}
              size="xs"
              rightSection={<IconArrowRight size={14} aria-hidden />}
              data-testid="next-step-link"
              // A long step title wraps inside the button instead of being cut at the card's edge.
              h="auto"
              mih={30}
              py={6}
              maw="100%"
              styles={{ label: { whiteSpace: 'normal', textAlign: 'left', lineHeight: 1.3 } }}
            >
              {t('member.nextStep', { title: next.title })}
            </Button>
          ) : null}
          <Button component={Link} to={`/programs/${program.id}`} size="xs" variant="default">
            {t('member.open')}
          </Button>
          {canSeeProgress ? (
            <Button component={Link} to={`/programs/${program.id}/progress`} size="xs" variant="subtle">
              {t('member.teamProgress')}
            </Button>
          ) : null}
        </Group>
      </Stack>
    </Card>
  );
}

/** /programs: the member's programs; managers also reach each program's team progress. */
export function MyPrograms({ canSeeProgress = false }: { canSeeProgress?: boolean }) {
  const { t } = useTranslation('programs');
  const programs = useMyPrograms();
  const sorted = byUrgency(programs.data ?? []);
  return (
    <>
      <PageHeader title={t('member.title')} description={t('member.description')} />
      <QueryGate pending={programs.isPending} error={programs.error} onRetry={() => void programs.refetch()}>
        {sorted.length === 0 ? (
          <Card padding="lg">
            <EmptyState icon={<IconRoute size={24} />} title={t('member.empty')}>
              {t('member.emptyBody')}
            </EmptyState>
          </Card>
        ) : (
          <SimpleGrid cols={{ base: 1, sm: 2, xl: 3 }} spacing="lg" data-testid="my-programs">
            {sorted.map((p) => (
              <ProgramCard key={p.id} program={p} canSeeProgress={canSeeProgress} />
            ))}
          </SimpleGrid>
        )}
      </QueryGate>
    </>
  );
}

/** The dashboard card: the programs still open, most urgent first, each with its next step. */
export function MyProgramsCard() {
  const { t } = useTranslation('programs');
  const programs = useMyPrograms();
  const sorted = byUrgency(programs.data ?? []).slice(0, 3);
  if (programs.isSuccess && sorted.length === 0) return null;
  return (
    <Card padding="lg" data-testid="my-programs-card">
      <Group justify="space-between" mb="md">
        <Title order={2} fz="md" fw={650}>
          {t('member.title')}
        </Title>
        <Anchor component={Link} to="/programs" size="xs">
          {t('member.seeAll')}
        </Anchor>
      </Group>
      <QueryGate pending={programs.isPending} error={programs.error} onRetry={() => void programs.refetch()}>
        <SimpleGrid cols={{ base: 1, sm: Math.min(sorted.length, 3) }} spacing="md">
          {sorted.map((p) => (
            <ProgramCard key={p.id} program={p} compact />
          ))}
        </SimpleGrid>
      </QueryGate>
    </Card>
  );
}
