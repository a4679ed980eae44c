import { Anchor, Badge, Button, Card, Group, RingProgress, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconArrowLeft, IconArrowRight, IconBan, IconCheck, IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { KindThemeIcon } from '../../../components/ui/kind-icon.js';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { kindVisual } from '../../../lib/content-kinds.js';
import { formatDate } from '../../../lib/format.js';
import { isApiError } from '../../../lib/http/api-error.js';
import type { Program } from '../api/programs-api.js';
import { useCertificates, useProgram } from '../hooks/use-programs.js';
import { memberSteps, nextStep, stepHref, type MemberStep } from '../lib/program-steps.js';
import { CertificateButton, CredentialButton, DueBadge, ToneBadge } from './program-bits.js';

/** /programs/:id: the member's steps, what to do next, and the certificate once completed. */
export function ProgramDetail({ id }: { id: string }) {
  const { t } = useTranslation('programs');
  const query = useProgram(id);
  const notFound = isApiError(query.error) && query.error.status === 404;
  return (
    <QueryGate pending={query.isPending} error={notFound ? null : query.error} onRetry={() => void query.refetch()}>
      {notFound ? (
        <Card padding="xl">
          <Stack align="center" gap="xs" ta="center" data-testid="program-not-found">
            <Title order={2} fz={20}>
              {t('member.notFound')}
            </Title>
            <Button component={Link} to="/programs" variant="default" mt="sm">
              {t('member.backToPrograms')}
            </Button>
          </Stack>
        </Card>
      ) : query.data ? (
        <ProgramView program={query.data} />
      ) : null}
    </QueryGate>
  );
}

function ProgramView({ program }: { program: Program }) {
  const { t } = useTranslation('programs');
  const completed = Boolean(program.progress?.completedAt);
  const certificateId = program.progress?.certificateId ?? null;
  const certificates = useCertificates(certificateId !== null);
  const certificate = certificates.data?.find((c) => c.id === certificateId) ?? null;
  const steps = memberSteps(program);
  const next = nextStep(steps, program.progress?.nextContentId ?? null);
  const percent = Math.round(program.progress?.percent ?? 0);
  return (
    <Stack gap="lg">
      <Stack gap={4}>
        <Anchor component={Link} to="/programs" size="sm" c="dimmed" style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
          <IconArrowLeft size={14} aria-hidden /> {t('member.title')}
        </Anchor>
        <Title order={1} fz={{ base: 24, sm: 28 }} fw={700} data-testid="program-title">
          {program.title}
        </Title>
        {program.description ? (
          <Text c="dimmed" size="sm" maw={720}>
            {program.description}
          </Text>
        ) : null}
      </Stack>

      <Card padding="lg" data-testid="program-summary">
        <Group gap="lg" wrap="wrap" align="center">
          <RingProgress
            size={96}
            thickness={9}
            roundCaps
            sections={[{ value: percent, color: completed ? 'teal' : program.progress?.overdue ? 'red' : 'violet' }]}
            label={
              <Text ta="center" fw={700} size="lg" data-testid="program-percent">
                {t('member.percent', { percent })}
              </Text>
            }
            aria-label={t('member.progressOf', { title: program.title })}
          />
          <Stack gap={6} style={{ flex: '1 1 240px', minWidth: 0 }}>
            <Group gap="xs">
              <DueBadge progress={program.progress} />
              <Badge variant="outline" color="gray">
                {program.sequential ? t('member.inOrder') : t('member.anyOrder')}
              </Badge>
            </Group>
            {completed ? (
              <Text size="sm">{certificateId ? t('member.completedWithCertificate') : program.certificate.enabled ? t('member.certificatePending') : t('member.completedNoCertificate')}</Text>
            ) : next ? (
              <Text size="sm">{t('member.upNext', { title: next.title })}</Text>
            ) : (
              <Text size="sm" c="dimmed">
                {t('member.nothingOpen')}
              </Text>
            )}
            {certificate?.expiresAt ? (
              <Text size="xs" c="dimmed">
                {t('member.certificateExpires', { date: formatDate(certificate.expiresAt) })}
              </Text>
            ) : null}
            {certificate ? (
              <Anchor component={Link} to={`/verify/${encodeURIComponent(certificate.code)}`} size="xs" data-testid="verification-link">
                {t('member.verificationLink')}
              </Anchor>
            ) : null}
          </Stack>
          <Group gap="sm">
            {completed && certificateId ? (
              <>
                <CertificateButton certificateId={certificateId} />
                <CredentialButton certificateId={certificateId} title={program.title} />
              </>
            ) : next ? (
              <Button component={Link} to={stepHref(next, program.id)} rightSection={<IconArrowRight size={16} aria-hidden />} data-testid="next-step-link">
                {t('member.continue')}
              </Button>
            ) : null}
          </Group>
        </Group>
      </Card>

      <Card padding="lg">
        <Title order={2} fz="md" fw={650} mb="sm">
          {t('member.steps')}
        </Title>
        <Stack gap={0} component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="program-steps">
          {steps.map((step) => (
            <StepItem key={step.contentId} step={step} programId={program.id} next={next?.contentId === step.contentId} />
          ))}
        </Stack>
      </Card>
    </Stack>
  );
}

function StepItem({ step, programId, next }: { step: MemberStep; programId: string; next: boolean }) {
  const { t } = useTranslation('programs');
  const title = step.title;
  const state = step.unavailable ? 'unavailable' : step.state;
  const icon =
    state === 'done' ? (
      <ThemeIcon color="teal" radius="xl" size={30} aria-hidden>
        <IconCheck size={16} />
      </ThemeIcon>
    ) : state === 'locked' ? (
      <ThemeIcon color="gray" variant="light" radius="xl" size={30} aria-hidden>
        <IconLock size={16} />
      </ThemeIcon>
    ) : state === 'unavailable' ? (
      <ThemeIcon color="orange" variant="light" radius="xl" size={30} aria-hidden>
        <IconBan size={16} />
      </ThemeIcon>
    ) : step.kind ? (
      <KindThemeIcon kind={step.kind} size={30} />
    ) : (
      <ThemeIcon variant="light" radius="xl" size={30} aria-hidden>
        <Text size="xs" fw={700}>
          {step.index + 1}
        </Text>
      </ThemeIcon>
    );
  const explanation =
    state === 'done'
      ? t('member.stepDone')
      : state === 'unavailable'
        ? t('member.stepUnavailable')
        : state === 'locked'
          ? step.blockedBy
            ? t('member.finishFirst', { title: step.blockedBy.title })
            : t('member.locked')
          : step.kind
            ? t(`member.todo.${step.kind}`)
            : '';
  return (
    <Group
      component="li"
      gap="md"
      wrap="nowrap"
      py="sm"
      style={{ borderTop: step.index === 0 ? undefined : '1px solid var(--mantine-color-default-border)' }}
      data-testid="program-step"
      data-state={state}
    >
      {icon}
      <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
        <Group gap={6} wrap="wrap">
          <Text size="sm" fw={600} c={state === 'locked' || state === 'unavailable' ? 'dimmed' : undefined} lineClamp={2}>
            {t('member.stepNumber', { n: step.index + 1 })} · {title}
          </Text>
          {step.required ? null : (
            <ToneBadge size="xs" color="gray">
              {t('member.optional')}
            </ToneBadge>
          )}
        </Group>
        <Text size="xs" c={state === 'unavailable' ? 'orange.8' : 'dimmed'} data-testid="step-explanation">
          {step.kind ? `${kindVisual(step.kind).label} · ` : ''}
          {explanation}
        </Text>
      </Stack>
      {state === 'available' ? (
        <Button component={Link} to={stepHref(step, programId)} size="xs" variant={next ? 'filled' : 'light'} style={{ flexShrink: 0 }} aria-label={t('member.openStep', { title })}>
          {t('member.start')}
        </Button>
      ) : state === 'done' ? (
        <Button component={Link} to={stepHref(step, programId)} size="xs" variant="subtle" color="gray" style={{ flexShrink: 0 }} aria-label={t('member.reviewStep', { title })}>
          {t('member.review')}
        </Button>
      ) : null}
    </Group>
  );
}
