import { Anchor, Button, Card, Group, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconArrowRight, IconCheck, IconConfetti, IconRoute } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useProgram } from '../hooks/use-programs.js';
import { memberSteps, nextStep, stepHref } from '../lib/program-steps.js';
import { CertificateButton } from './program-bits.js';

/**
 * Shown on a step's page when it was opened from a program (`?program=`): where the step sits in
 * the program, and once it is done, the next step to open — or, after the last one, the moment the
 * program is complete, with the certificate when there is one (issue 25: finishing was a dead end).
 * Nothing at all when the program cannot be read or the item is not one of its steps.
 */
export function ProgramStepBar({ programId, contentId }: { programId: string; contentId: string }) {
  const { t } = useTranslation('programs');
  const query = useProgram(programId);
  const program = query.data;
  if (!program?.progress) return null;
  const steps = memberSteps(program);
  const step = steps.find((s) => s.contentId === contentId);
  if (!step) return null;
  const completed = Boolean(program.progress.completedAt);
  const done = step.state === 'done';
  const next = done ? nextStep(steps, program.progress.nextContentId) : null;
  const back = (
    <Anchor component={Link} to={`/programs/${encodeURIComponent(program.id)}`} size="sm">
      {t('stepBar.backToProgram')}
    </Anchor>
  );

  if (completed && done) {
    const certificateId = program.progress.certificateId;
    return (
      <Card padding="lg" mb="md" withBorder data-testid="program-complete" role="status" aria-live="polite">
        <Group gap="md" wrap="wrap" align="center">
          <ThemeIcon color="teal.9" radius="xl" size={44} aria-hidden>
            <IconConfetti size={24} />
          </ThemeIcon>
          <Stack gap={2} style={{ flex: '1 1 240px', minWidth: 0 }}>
            <Text fw={700} size="lg">
              {t('stepBar.completedTitle', { title: program.title })}
            </Text>
            <Text size="sm" c="dimmed">
              {certificateId ? t('stepBar.completedWithCertificate') : program.certificate.enabled ? t('member.certificatePending') : t('stepBar.completedBody')}
            </Text>
          </Stack>
          <Group gap="sm" wrap="wrap">
            {certificateId ? <CertificateButton certificateId={certificateId} /> : null}
            <Button component={Link} to={`/programs/${encodeURIComponent(program.id)}`} variant="default">
              {t('stepBar.seeProgram')}
            </Button>
          </Group>
        </Group>
      </Card>
    );
  }

  if (done) {
    return (
      <Card padding="md" mb="md" withBorder data-testid="step-done" role="status" aria-live="polite">
        <Group gap="md" wrap="wrap" align="center">
          <ThemeIcon color="teal.9" radius="xl" size={36} aria-hidden>
            <IconCheck size={20} />
          </ThemeIcon>
          <Stack gap={2} style={{ flex: '1 1 240px', minWidth: 0 }}>
            <Text fw={650}>{t('stepBar.stepDone', { n: step.index + 1, total: steps.length })}</Text>
            <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
              {next ? t('member.upNext', { title: next.title }) : t('stepBar.nothingNext')}
            </Text>
          </Stack>
          {next ? (
            <Button component={Link} to={stepHref(next, program.id)} rightSection={<IconArrowRight size={16} aria-hidden />} data-testid="step-bar-next" h="auto" mih={36} py={6} style={{ whiteSpace: 'normal', maxWidth: '100%' }}>
              {t('stepBar.next', { title: next.title })}
            </Button>
          ) : (
            back
          )}
        </Group>
      </Card>
    );
  }

  return (
    <Group gap="xs" mb="md" wrap="wrap" data-testid="step-bar" role="status" aria-live="polite">
      <IconRoute size={16} aria-hidden />
      <Text size="sm" c="dimmed">
        {t('stepBar.position', { n: step.index + 1, total: steps.length, title: program.title })}
      </Text>
      {back}
    </Group>
  );
}
